"""The database models (SQLAlchemy 2 typed declarative, through Flask-SQLAlchemy)."""

from ..vocabulary import ROLES
from .account import LoginFailure, Membership, StaffSession, User
from .collection import MODES, Answer, CollectionLink, Response
from .draft import Draft
from .network import Neighbourhood, Network, Partner, Round
from .questionnaire import QuestionnaireVersion
from .retention import AuditEntry, KeptCell, NetworkRetention, PurgedRound
from .session import PARTICIPANT_KINDS, ExportLog, GroupScore, GroupSession, PaperForm
from .themes import AnswerEmbedding, CodebookEntry, Coding, FoundTheme, ThemeAnalysis

__all__ = [
    "AuditEntry",
    "KeptCell",
    "NetworkRetention",
    "PurgedRound",
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
]
