"""Questionnaires as data: the schema, the question-type registry, loading and publishing."""

from .errors import DefinitionError, Problem
from .loader import load_file, parse
from .schema import Questionnaire, Section
from .types import REGISTRY, AnswerError, Question

__all__ = [
    "REGISTRY",
    "AnswerError",
    "DefinitionError",
    "Problem",
    "Question",
    "Questionnaire",
    "Section",
    "load_file",
    "parse",
]
