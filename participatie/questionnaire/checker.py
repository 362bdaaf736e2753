"""Rules that span fields: every language present, keys unique, conditions on earlier answers,
and (against the frozen versions) stable question keys."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel

from .errors import Problem, key_path
from .fields import AudioMarker, TextMarker
from .glossary import Glossary
from .schema import Questionnaire
from .types import ChoiceQuestion, Question

AUDIO_DIR = "audio"  # recorded read-aloud files live in questionnaires/audio/


def check_definition(definition: Questionnaire, base_dir: Path | None) -> list[Problem]:
    return [
        *_check_languages(definition),
        *_check_texts(definition, base_dir),
        *_check_unique_keys(definition),
        *_check_conditions(definition),
    ]


def _check_languages(definition: Questionnaire) -> Iterator[Problem]:
    if len(set(definition.languages)) != len(definition.languages):
        yield Problem("languages", "a language is listed twice")
    for index, code in enumerate(definition.unchecked_translations):
        if code not in definition.languages:
            yield Problem(f"unchecked_translations[{index}]", f"{code!r} is not in languages")
        elif code == definition.languages[0]:
            yield Problem(
                f"unchecked_translations[{index}]", "the source language is not a translation"
            )


def _check_texts(definition: Questionnaire, base_dir: Path | None) -> Iterator[Problem]:
    languages = definition.languages
    for path, marker, value in _marked_fields(definition, ()):
        for code in languages:
            if isinstance(marker, TextMarker) and not (value.get(code) or "").strip():
                yield Problem(key_path([*path, code]), "missing" if code not in value else "empty")
        for code, item in value.items():
            if code not in languages:
                listed = ", ".join(languages)
                yield Problem(key_path([*path, code]), f"not one of the languages ({listed})")
            elif isinstance(marker, AudioMarker) and base_dir and not _audio_file(base_dir, item):
                message = f"no audio file {item!r} in {AUDIO_DIR}/ beside the questionnaire"
                yield Problem(key_path([*path, code]), message)


def check_glossary(definition: Questionnaire, glossary: Glossary) -> list[Problem]:
    """Texts that use a word the glossary avoids (working files only: frozen ones stay as they
    were published)."""
    return [
        Problem(key_path([*path, code]), hit.message(code))
        for path, marker, value in _marked_fields(definition, ())
        if isinstance(marker, TextMarker)
        for code, text in value.items()
        for hit in glossary.hits(text or "", code)
    ]


def _audio_file(base_dir: Path, name: str) -> bool:
    """Audio paths are relative to ``questionnaires/audio/`` and may not leave it."""
    folder = (base_dir / AUDIO_DIR).resolve()
    path = (folder / name).resolve()
    return path.is_relative_to(folder) and path.is_file()


def _marked_fields(model: BaseModel, path: tuple) -> Iterator[tuple[tuple, Any, dict]]:
    """Every per-language field (texts, audio) in the definition, with its key path."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        marker = _marker(info.metadata, info.annotation)
        if marker is not None and value is not None:
            yield (*path, name), marker, value
        elif isinstance(value, BaseModel):
            yield from _marked_fields(value, (*path, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _marked_fields(item, (*path, name, index))


def _marker(metadata: list, annotation: Any) -> TextMarker | AudioMarker | None:
    """The field's marker, also when it sits inside ``X | None`` (pydantic keeps it there)."""
    nested = [m for arg in get_args(annotation) for m in getattr(arg, "__metadata__", ())]
    return next((m for m in [*metadata, *nested] if isinstance(m, TextMarker | AudioMarker)), None)


def _duplicates(keys: list[str]) -> Iterator[int]:
    seen = set()
    for index, key in enumerate(keys):
        if key in seen:
            yield index
        seen.add(key)


def _check_unique_keys(definition: Questionnaire) -> Iterator[Problem]:
    for index in _duplicates([section.key for section in definition.sections]):
        yield Problem(f"sections[{index}].key", "used by an earlier section")
    located = list(_located_questions(definition))
    for index in _duplicates([question.key for _, question in located]):
        path, question = located[index]
        yield Problem(f"{path}.key", f"question key {question.key!r} is used twice")
    for path, question in located:
        if isinstance(question, ChoiceQuestion):
            for index in _duplicates(question.option_keys()):
                yield Problem(f"{path}.options[{index}].key", "used by an earlier option")


def _located_questions(definition: Questionnaire) -> Iterator[tuple[str, Question]]:
    for s_index, section in enumerate(definition.sections):
        for q_index, question in enumerate(section.questions):
            yield f"sections[{s_index}].questions[{q_index}]", question


def _check_conditions(definition: Questionnaire) -> Iterator[Problem]:
    earlier: dict[str, Question] = {}
    for path, question in _located_questions(definition):
        condition = question.show_if
        if condition is not None:
            target = earlier.get(condition.question)
            if target is None:
                message = f"{condition.question!r} is not an earlier question"
                yield Problem(f"{path}.show_if.question", message)
            else:
                yield from _check_condition_values(f"{path}.show_if", condition.values, target)
        earlier[question.key] = question


def _check_condition_values(path: str, values: list, target: Question) -> Iterator[Problem]:
    for value in values:
        probe = [value] if target.multiple else value
        try:
            target.clean(probe)
        except ValueError:
            yield Problem(path, f"{value!r} is not a possible answer to {target.key!r}")


def compare_with_published(
    definition: Questionnaire, published: dict[int, Questionnaire]
) -> list[Problem]:
    """Errors for a working definition against its frozen versions (``{version: definition}``)."""
    if not published:
        return []
    latest = max(published)
    if definition.version < latest:
        message = f"{definition.version} is older than published version {latest}"
        return [Problem("version", message)]
    frozen = published.get(definition.version)
    if frozen is not None and frozen.checksum() != definition.checksum():
        return [
            Problem(
                "version",
                f"version {definition.version} is published with other content; "
                f"raise the version to {latest + 1} to publish this change",
            )
        ]
    return [p for version in sorted(published) for p in _kept_keys(definition, published[version])]


def _kept_keys(definition: Questionnaire, frozen: Questionnaire) -> Iterator[Problem]:
    for path, question in _located_questions(definition):
        before = frozen.question(question.key)
        if before is None:
            continue
        if before.type != question.type:
            yield Problem(
                f"{path}.type",
                f"question {question.key!r} was {before.type!r} in version {frozen.version}; "
                "a changed meaning needs a new key",
            )
        elif isinstance(before, ChoiceQuestion) and isinstance(question, ChoiceQuestion):
            removed = [k for k in before.option_keys() if k not in question.option_keys()]
            if removed:
                yield Problem(
                    f"{path}.options",
                    f"option keys {', '.join(removed)} of version {frozen.version} are gone; "
                    "keep them (adding options is fine) or give the question a new key",
                )
