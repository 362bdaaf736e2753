"""Read questionnaire YAML into a validated :class:`Questionnaire`, or name every problem."""

import copy
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .checker import check_definition
from .errors import DefinitionError, Problem, key_path
from .schema import Questionnaire
from .types import REGISTRY


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice (line {line})", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, source: str | None = None) -> Any:
    return copy.deepcopy(_read_yaml(path, source))  # a copy: the caller may change what it reads


def _read_yaml(path: Path, source: str | None = None) -> Any:
    """The file's YAML, as remembered (see :func:`_parsed`): not to be changed."""
    source = source or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(source, [Problem("", f"cannot read the file: {exc}")]) from exc
    try:
        return _parsed(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DefinitionError(source, [Problem(where, f"not valid YAML: {problem}")]) from exc


@lru_cache(maxsize=32)
def _parsed(text: str) -> Any:
    """The YAML of a file's text, remembered by the text: the published versions are read
    again whenever they are loaded into a database (each ``db upgrade``, the demo, every test
    that loads them), and reading YAML in Python is slow; a changed file is a new text."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


def parse(data: Any, source: str, base_dir: Path | None = None) -> Questionnaire:
    """Validate plain data against the schema and the cross-field rules."""
    if not isinstance(data, dict):
        raise DefinitionError(source, [Problem("", "the file must hold a mapping (key: value)")])
    try:
        definition = Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(source, [_problem(error) for error in exc.errors()]) from None
    problems = check_definition(definition, base_dir)
    if problems:
        raise DefinitionError(source, problems)
    return definition


def load_file(path: Path, base_dir: Path | None = None) -> Questionnaire:
    """Load one file; audio paths are relative to ``base_dir`` (default: the file's folder)."""
    source = display_path(path)
    # parse only reads the data (pydantic validates without changing it): no copy needed
    return parse(_read_yaml(path, source), source, base_dir=base_dir or path.parent)


def display_path(path: Path) -> str:
    """The path as the person typed it, or relative to the working directory when inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _problem(error: Mapping[str, Any]) -> Problem:
    loc = _without_type_tags(error["loc"])
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "missing":
        return Problem(key_path(loc), "missing")
    if kind == "extra_forbidden":
        return Problem(key_path(loc), "unknown key")
    if kind == "union_tag_invalid":
        known = ", ".join(REGISTRY)
        return Problem(key_path([*loc, "type"]), f"unknown question type {ctx['tag']!r} ({known})")
    if kind == "union_tag_not_found":
        return Problem(key_path([*loc, "type"]), "missing")
    if kind == "literal_error":
        return Problem(key_path(loc), f"must be one of {ctx['expected']}")
    message = error["msg"].removeprefix("Value error, ")
    return Problem(key_path(loc), message[:1].lower() + message[1:])


def _without_type_tags(loc: tuple) -> list:
    """pydantic puts the union's tag (``single_choice``) into the path; people do not write it."""
    parts = []
    for index, part in enumerate(loc):
        after_question = index >= 2 and loc[index - 2] == "questions" and isinstance(
            loc[index - 1], int
        )
        if after_question and part in REGISTRY:
            continue
        parts.append(part)
    return parts
