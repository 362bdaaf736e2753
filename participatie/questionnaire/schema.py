"""The one schema of a questionnaire definition (YAML in ``questionnaires/``)."""

import hashlib
import json
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import Field

from ..vocabulary import QUESTIONNAIRE_KINDS, UI_LANGUAGES
from .fields import Key, Text
from .types import REGISTRY, Question, Strict

LanguageCode = Literal[UI_LANGUAGES]  # type: ignore[valid-type]

# pydantic picks the class by the ``type`` field; the registry is the list of types.
if TYPE_CHECKING:
    AnyQuestion = Question
else:
    AnyQuestion = Annotated[Union[tuple(REGISTRY.values())], Field(discriminator="type")]  # noqa: UP007


class Section(Strict):
    key: Key
    title: Text
    questions: list[AnyQuestion] = Field(min_length=1)


class Questionnaire(Strict):
    key: Key
    version: int = Field(ge=1)
    kind: Literal[QUESTIONNAIRE_KINDS]  # type: ignore[valid-type]
    title: Text
    intro: Text | None = None
    languages: list[LanguageCode] = Field(min_length=1)
    # Languages whose texts no native speaker has checked yet (shown to staff, not to families).
    unchecked_translations: list[LanguageCode] = []
    sections: list[Section] = Field(min_length=1)

    def questions(self) -> Iterator[Question]:
        """Every question, each followed by its comments (which are questions of their own)."""
        for section in self.sections:
            for question in section.questions:
                yield question
                yield from question.comments

    def question(self, key: str) -> Question | None:
        return self._by_key.get(key)

    @cached_property
    def every_question(self) -> tuple[Question, ...]:
        """:meth:`questions` once walked, for checking each submission (a version never
        changes once loaded)."""
        return tuple(self.questions())

    @cached_property
    def _by_key(self) -> dict[str, Question]:
        """Every question (comments too) by its key; a version never changes once loaded."""
        return {question.key: question for question in self.questions()}

    @cached_property
    def _screen_by_key(self) -> dict[str, Question]:
        return {key: question for section in self.sections for question in section.questions
                for key in (question.key, *(comment.key for comment in question.comments))}

    def canonical(self) -> dict:
        """The definition as plain JSON data, defaults filled in: what is stored and compared."""
        return self.model_dump(mode="json", exclude_none=True)

    def checksum(self) -> str:
        data = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()

    def screens(self, answers: dict[str, Any]) -> list[Question]:
        """The questions asked, one per screen (with its comments), given the answers so far."""
        return [question for section in self.sections for question in section.questions
                if self.visible(question, answers)]

    def screen_of(self, key: str) -> Question | None:
        """The question whose screen asks ``key``: itself, or the one it is a comment of."""
        return self._screen_by_key.get(key)

    def visible(self, question: Question, answers: dict[str, Any]) -> bool:
        """Whether ``question`` is asked, given the (cleaned) earlier answers; a comment is
        asked with its question."""
        owner = self.screen_of(question.key)
        if owner is not None and owner is not question:
            return self.visible(owner, answers)
        condition = question.show_if
        return condition is None or condition.holds(answers.get(condition.question))
