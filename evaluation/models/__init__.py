"""Learning evaluation (Balangan Perbup 68/2025 art. 29, Banjarbaru Perwali 23/2025 art. 30, Kutai Barat part V):
reaction, learning, behaviour, impact, maturity, monev. One module per level."""

from .learning import AssessmentKind, PrePostPair  # noqa: E402, F401
from .reaction import (  # noqa: E402, F401
    Answer,
    Question,
    QuestionKind,
    QuestionSet,
    Response,
    SurveyTarget,
    TargetKind,
)
