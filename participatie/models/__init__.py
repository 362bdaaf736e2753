"""The database models (SQLAlchemy 2 typed declarative, through Flask-SQLAlchemy)."""

from .collection import MODES, Answer, CollectionLink, Response
from .draft import Draft
from .network import Neighbourhood, Network, Round
from .questionnaire import QuestionnaireVersion

__all__ = [
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
