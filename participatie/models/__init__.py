"""The database models (SQLAlchemy 2 typed declarative, through Flask-SQLAlchemy)."""

from .collection import MODES, Answer, CollectionLink, Response
from .network import Neighbourhood, Network, Round
from .questionnaire import QuestionnaireVersion

__all__ = [
    "MODES",
    "Answer",
    "CollectionLink",
    "Neighbourhood",
    "Network",
    "QuestionnaireVersion",
    "Response",
    "Round",
]
