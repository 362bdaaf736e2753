"""Question types: one class each, kept in a registry by their ``type`` name.

A type parses and validates its definition (pydantic), cleans an answer value into the value
stored (or raises :class:`AnswerError` with a message for the family), maps it to answer rows
and back, and names the summary ``analysis.stats`` computes for it.
"""

import math
import re
from functools import cached_property
from typing import Any, ClassVar, Literal

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .fields import Audio, Key, Pictogram, Text

REGISTRY: dict[str, type["Question"]] = {}
# Control characters and lone surrogates (half an emoji, which no database can store as UTF-8).
# Arabic-Indic and Eastern Arabic (Persian, Urdu) digits, and the Arabic decimal separator.
_DIGITS = str.maketrans({**{chr(0x0660 + n): str(n) for n in range(10)},
                         **{chr(0x06F0 + n): str(n) for n in range(10)}, "\u066b": "."})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class AnswerError(ValueError):
    """An answer a family gave that the question cannot take; ``message`` is translatable."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def register(cls: type["Question"]) -> type["Question"]:
    REGISTRY[cls.model_fields["type"].default] = cls
    return cls


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    key: Key
    label: Text
    pictogram: Pictogram | None = None
    audio: Audio | None = None


ShowIfValue = str | bool | int


class ShowIf(Strict):
    """Ask the question only when an earlier answer is (one of) these values."""

    question: Key
    equals: ShowIfValue | None = None
    any_of: list[ShowIfValue] | None = None

    @model_validator(mode="after")
    def _one_condition(self):
        if (self.equals is None) == (self.any_of is None):
            raise ValueError("give exactly one of 'equals' or 'any_of'")
        return self

    @property
    def values(self) -> list[ShowIfValue]:
        if self.any_of is None:
            assert self.equals is not None  # _one_condition: exactly one of them
            return [self.equals]
        return list(self.any_of)

    def holds(self, answer: Any) -> bool:
        if answer is None:
            return False
        given = answer if isinstance(answer, list) else [answer]
        return any(value == wanted for value in given for wanted in self.values)


class Question(Strict):
    type: str
    key: Key
    text: Text
    help: Text | None = None
    pictogram: Pictogram | None = None
    audio: Audio | None = None
    required: bool = True
    show_if: ShowIf | None = None
    # Optional open questions on the same screen, under the answer ("what is good now?"); each
    # is a question of its own (its own key and answer), asked whenever this one is.
    comments: list["OpenText"] = []

    summary: ClassVar[str]
    column: ClassVar[str]  # the Answer column the value is stored in
    multiple: ClassVar[bool] = False

    @model_validator(mode="after")
    def _comments_are_optional_follow_ups(self):
        for comment in self.comments:
            if comment.required or comment.show_if or comment.comments:
                raise ValueError(
                    "a comment is optional (required: false), without show_if or comments")
        return self

    def clean(self, value: Any) -> Any:
        """Return ``value`` as it is stored, or raise :class:`AnswerError`."""
        raise NotImplementedError

    def answer(self, value: Any, require: bool = True) -> Any:
        """The one rule for an answer, on a screen and in a submission alike: an empty one is
        None, refused when the question is required (and ``require``); any other goes through
        :meth:`clean`."""
        if self.is_empty(value):
            if self.required and require:
                raise AnswerError(_l("Please answer this question."))
            return None
        return self.clean(value)

    @property
    def template(self) -> str:
        """The partial that renders this question's answer field on the family's screen."""
        return f"survey/questions/{self.type}.html"

    def form_value(self, form) -> Any:
        """The raw answer from a submitted HTML form (a werkzeug MultiDict), for :meth:`clean`."""
        return form.get(self.key)

    def form_strings(self, value: Any) -> set[str]:
        """An answer (cleaned or as typed) as the form's values, to show it chosen again."""
        values = value if isinstance(value, list) else [value]
        return {str(item) for item in values if item is not None}

    def is_empty(self, value: Any) -> bool:
        return value is None or value == [] or (isinstance(value, str) and not value.strip())

    def to_rows(self, value: Any) -> list[dict]:
        values = value if self.multiple else [value]
        return [{self.column: item} for item in values]

    def from_rows(self, rows: list[dict]) -> Any:
        return self.from_values([row[self.column] for row in rows])

    def from_values(self, stored: list) -> Any:
        """The answer from the values of its rows' column (see :attr:`column`)."""
        values = [self.restore(value) for value in stored]
        return values if self.multiple else values[0]

    def restore(self, stored: Any) -> Any:
        return stored


class ChoiceQuestion(Question):
    options: list[Option] = Field(min_length=2)
    column: ClassVar[str] = "option_key"

    def option_keys(self) -> list[str]:
        return [option.key for option in self.options]

    def choices(self) -> list[tuple[str, Any, str | None, dict | None]]:
        """(form value, label, pictogram, recorded audio) per card."""
        return [(o.key, o.label, o.pictogram, o.audio) for o in self.options]

    @cached_property
    def _option_set(self) -> frozenset[str]:
        """The option keys, for checking answers (a loaded definition never changes)."""
        return frozenset(self.option_keys())

    def _check_option(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self._option_set:
            raise AnswerError(_l("Choose one of the answers shown."))
        return value


@register
class SingleChoice(ChoiceQuestion):
    type: Literal["single_choice"] = "single_choice"
    summary: ClassVar[str] = "categorical"

    def clean(self, value: Any) -> str:
        return self._check_option(value)


@register
class MultipleChoice(ChoiceQuestion):
    type: Literal["multiple_choice"] = "multiple_choice"
    max_choices: int | None = Field(default=None, ge=1)
    summary: ClassVar[str] = "multi_categorical"
    multiple: ClassVar[bool] = True

    @model_validator(mode="after")
    def _max_within_options(self):
        if self.max_choices is not None and self.max_choices > len(self.options):
            raise ValueError("max_choices is larger than the number of options")
        return self

    def form_value(self, form) -> list[str]:
        return form.getlist(self.key)

    def clean(self, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise AnswerError(_l("Choose one or more of the answers shown."))
        chosen = {self._check_option(item) for item in value}
        if self.max_choices is not None and len(chosen) > self.max_choices:
            raise AnswerError(ngettext("Choose at most %(num)s answer.",
                                       "Choose at most %(num)s answers.", self.max_choices))
        return [key for key in self.option_keys() if key in chosen]


# The faces of a smiley scale, saddest first: (label, OpenMoji code). The order was checked by
# someone who did not see the labels (the crying face reads as clearly worse than the frown;
# the disappointed face 1F61E used before read as milder than "not good").
FACES = {
    3: [(_l("Not good"), "1F641"), (_l("So-so"), "1F610"), (_l("Good"), "1F642")],
    5: [
        (_l("Very bad"), "1F622"),
        (_l("Not good"), "1F641"),
        (_l("So-so"), "1F610"),
        (_l("Good"), "1F642"),
        (_l("Very good"), "1F600"),
    ],
}


@register
class Smiley(Question):
    """A row of 3 or 5 faces; 1 is the saddest face."""

    type: Literal["smiley"] = "smiley"
    faces: Literal[3, 5] = 5
    summary: ClassVar[str] = "ordinal"
    column: ClassVar[str] = "number"

    def form_value(self, form) -> Any:
        value = form.get(self.key)
        return int(value) if value is not None and value.isascii() and value.isdigit() else value

    def choices(self) -> list[tuple[str, Any, str | None, dict | None]]:
        faces = FACES[self.faces]
        return [(str(score), label, code, None)
                for score, (label, code) in enumerate(faces, start=1)]

    def clean(self, value: Any) -> int:
        if not _is_integer(value) or not 1 <= value <= self.faces:
            raise AnswerError(_l("Tap one of the faces."))
        return int(value)

    def restore(self, stored: Any) -> int:
        return int(stored)


@register
class Scale(Question):
    """Numbered buttons from 1 to ``points`` with words at both ends; one tap answers.

    The Place Standard's scale: 1 = a lot of room for improvement, 7 = very little.
    """

    type: Literal["scale"] = "scale"
    points: int = Field(default=7, ge=3, le=10)
    low: Text  # the words at 1
    high: Text  # the words at ``points``
    summary: ClassVar[str] = "ordinal"
    column: ClassVar[str] = "number"

    def form_value(self, form) -> Any:
        value = form.get(self.key)
        return int(value) if value is not None and value.isascii() and value.isdigit() else value

    def choices(self) -> list[tuple[str, Any, str | None, dict | None]]:
        return [(str(n), str(n), None, None) for n in range(1, self.points + 1)]

    def clean(self, value: Any) -> int:
        if not _is_integer(value) or not 1 <= value <= self.points:
            raise AnswerError(_l("Tap one of the numbers from 1 to %(n)s.", n=self.points))
        return int(value)

    def restore(self, stored: Any) -> int:
        return int(stored)


@register
class YesNo(Question):
    type: Literal["yes_no"] = "yes_no"
    summary: ClassVar[str] = "binary"
    column: ClassVar[str] = "flag"

    def form_value(self, form) -> Any:
        value = form.get(self.key)
        return {"yes": True, "no": False}.get(value, value)

    def form_strings(self, value: Any) -> set[str]:
        return {{True: "yes", False: "no"}.get(value, str(value))} if value is not None else set()

    def choices(self) -> list[tuple[str, Any, str | None, dict | None]]:
        return [("yes", _l("Yes"), "2705", None), ("no", _l("No"), "274C", None)]

    def clean(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise AnswerError(_l("Answer yes or no."))
        return value

    def restore(self, stored: Any) -> bool:
        return bool(stored)


@register
class Number(Question):
    type: Literal["number"] = "number"
    min: float
    max: float
    integer: bool = True
    summary: ClassVar[str] = "numeric"
    column: ClassVar[str] = "number"

    @model_validator(mode="after")
    def _bounds_in_order(self):
        if self.min > self.max:
            raise ValueError("min is larger than max")
        return self

    def form_value(self, form) -> Any:
        """Digits as typed on a tablet: "3", " 3 ", "2,5" with the Belgian decimal comma, and
        the digits of an Arabic keyboard ("٣", "٢٫٥")."""
        value = (form.get(self.key) or "").strip().translate(_DIGITS).replace(",", ".")
        try:
            number = float(value)
        except ValueError:
            return value or None
        return int(number) if number.is_integer() and "." not in value else number

    def clean(self, value: Any) -> int | float:
        if not _finite_number(value) or (self.integer and not _is_integer(value)):
            raise AnswerError(_l("Enter a number."))
        if not self.min <= value <= self.max:
            low, high = _plain(self.min), _plain(self.max)
            raise AnswerError(_l("Enter a number from %(low)s to %(high)s.", low=low, high=high))
        return int(value) if self.integer else float(value)

    def restore(self, stored: Any) -> int | float:
        return int(stored) if self.integer else float(stored)


@register
class OpenText(Question):
    type: Literal["open_text"] = "open_text"
    max_length: int = Field(default=500, ge=1, le=5000)
    summary: ClassVar[str] = "text"
    column: ClassVar[str] = "text"

    def clean(self, value: Any) -> str:
        if not isinstance(value, str):
            raise AnswerError(_l("Type your answer as text."))
        # Control characters (NUL among them, which PostgreSQL refuses) and lone surrogates
        # are never meant. A browser sends each line break as CR LF, and counts it as one
        # character against ``maxlength``: so does this.
        text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
        if len(text) > self.max_length:
            message = ngettext("Use at most %(num)s character (now %(used)s).",
                               "Use at most %(num)s characters (now %(used)s).", self.max_length,
                               used=len(text))
            raise AnswerError(message)
        return text


def _finite_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


Question.model_rebuild()
for _question_type in REGISTRY.values():
    _question_type.model_rebuild(force=True)
