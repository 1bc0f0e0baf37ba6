"""Planning models (IDP, LAN Kepka 605/2025), split by concern; import them from here."""

from .assessment import SelfAssessment, SelfRating
from .competencies import CompetencyDefinition, CompetencyLevel, PositionRequirement
from .direction import TARGET_CODES, InstitutionDirection, TargetKind, UnitTarget
from .feeds import CalendarFeed
from .forums import (
    DecisionKind,
    Delivery,
    Forum,
    ForumDecision,
    ForumParticipant,
    LearningProgramme,
    ProgrammeInvitation,
    ProgrammeStatus,
    Response,
)
from .plan import BasisRow, Plan, PlanRow, PlanState, RowEntryLink, Section
from .rpl import Recommendation, RplEvidence, RplRequest, RplState
from .workflow import Decision, DialogueWindow, FollowUpDialogue, PlanAudit, Task, TaskKind, Verification

__all__ = [
    "TARGET_CODES",
    "BasisRow",
    "CalendarFeed",
    "CompetencyDefinition",
    "CompetencyLevel",
    "Decision",
    "DecisionKind",
    "Delivery",
    "Forum",
    "ForumDecision",
    "ForumParticipant",
    "LearningProgramme",
    "ProgrammeInvitation",
    "ProgrammeStatus",
    "Response",
    "DialogueWindow",
    "FollowUpDialogue",
    "InstitutionDirection",
    "Plan",
    "PlanAudit",
    "PlanRow",
    "PlanState",
    "PositionRequirement",
    "Recommendation",
    "RowEntryLink",
    "RplEvidence",
    "RplRequest",
    "RplState",
    "Section",
    "SelfAssessment",
    "SelfRating",
    "TargetKind",
    "Task",
    "TaskKind",
    "UnitTarget",
    "Verification",
]
