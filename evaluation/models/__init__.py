"""Learning evaluation (Balangan Perbup 68/2025 art. 29, Banjarbaru Perwali 23/2025 art. 30, Kutai Barat part V):
reaction, learning, behaviour, impact, maturity, monev. One module per level."""

from .impact import Better, ImpactLink, IndicatorValue, Phase  # noqa: E402,F401
from .maturity import (  # noqa: E402,F401
    AssessmentState,
    Element,
    ElementRating,
    MaturityAssessment,
    MaturityLevel,
)
from .monev import FollowUp, MonevRecord, MonevVisit, VisitMethod  # noqa: E402,F401
