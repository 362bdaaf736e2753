"""The database models (SQLAlchemy 2 typed declarative, through Flask-SQLAlchemy)."""

from ..vocabulary import ROLES
from .account import LoginFailure, Membership, StaffSession, User
from .collection import MODES, Answer, CollectionLink, Response
from .draft import Draft
from .evaluation import PartnerEvaluation, PartnerEvaluationEntry
from .jobs import JobState, ReportFile
from .network import Neighbourhood, Network, Partner, Round
from .population import PopulationFigure
from .questionnaire import QuestionnaireVersion
from .retention import AuditEntry, KeptCell, KeptThemeCell, NetworkRetention, PurgedRound
from .session import PARTICIPANT_KINDS, ExportLog, GroupScore, GroupSession, PaperForm
from .signals import Feedback, Signal, SignalEvidence, SignalNote
from .themes import AnswerEmbedding, CodebookEntry, Coding, FoundTheme, ThemeAnalysis
from .voice import VoiceRecording

__all__ = [
    "AuditEntry",
    "JobState",
    "ReportFile",
    "KeptThemeCell",
    "Feedback",
    "KeptCell",
    "NetworkRetention",
    "PurgedRound",
    "Signal",
    "SignalEvidence",
    "SignalNote",
    "AnswerEmbedding",
    "CodebookEntry",
    "Coding",
    "FoundTheme",
    "ThemeAnalysis",
    "PARTICIPANT_KINDS",
    "ExportLog",
    "GroupScore",
    "GroupSession",
    "PaperForm",
    "ROLES",
    "LoginFailure",
    "Membership",
    "StaffSession",
    "Partner",
    "PartnerEvaluation",
    "PartnerEvaluationEntry",
    "PopulationFigure",
    "User",
    "MODES",
    "Answer",
    "CollectionLink",
    "Draft",
    "Neighbourhood",
    "Network",
    "QuestionnaireVersion",
    "Response",
    "Round",
    "VoiceRecording",
]
