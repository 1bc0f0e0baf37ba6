"""Learning evaluation (Balangan Perbup 68/2025 art. 29, Banjarbaru Perwali 23/2025 art. 30, Kutai Barat part V):
reaction, learning, behaviour, impact, maturity, monev. One module per level."""

from .behaviour import Applied, BehaviourSelfReport, BehaviourTask, Gap, TaskStatus  # noqa: F401
from .impact import Better, ImpactLink, IndicatorValue, Phase  # noqa: F401
from .learning import AssessmentKind, PrePostPair  # noqa: F401
from .maturity import AssessmentState, Element, ElementRating, MaturityAssessment, MaturityLevel  # noqa: F401
from .monev import FollowUp, MonevRecord, MonevVisit, VisitMethod  # noqa: F401
from .reaction import Answer, Question, QuestionKind, QuestionSet, Response, SurveyTarget, TargetKind  # noqa: F401
from .report import ReportStatus, YearlyReport  # noqa: F401
