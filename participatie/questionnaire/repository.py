"""The questionnaires folder: working definitions and their frozen, published versions.

``questionnaires/<name>.yaml`` is edited; ``questionnaires/published/<key>-v<N>.yaml`` is a frozen
copy, committed and never edited. Responses point at a published version, so its texts and keys
stay interpretable whatever the working file becomes.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .checker import check_glossary, compare_with_published
from .errors import DefinitionError, Problem
from .glossary import GLOSSARY, load_glossary
from .loader import display_path, load_file
from .schema import Questionnaire

PUBLISHED = "published"


@dataclass
class Report:
    """What a check or publish run found: problem lines (file: path: message) and notes."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def working_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file() and p.name != GLOSSARY)


def published_path(directory: Path, key: str, version: int) -> Path:
    return directory / PUBLISHED / f"{key}-v{version}.yaml"


def load_published(directory: Path) -> list[Questionnaire]:
    """Every frozen version, validated; raises :class:`DefinitionError` on the first bad one."""
    definitions = []
    for path in sorted((directory / PUBLISHED).glob("*.yaml")):
        definition = load_file(path, base_dir=directory)
        _check_frozen_name(path, definition)
        definitions.append(definition)
    return definitions


def _check_frozen_name(path: Path, definition: Questionnaire) -> None:
    expected = f"{definition.key}-v{definition.version}.yaml"
    if path.name != expected:
        problem = Problem("", f"a published file must be named {expected}")
        raise DefinitionError(display_path(path), [problem])


def _published_by_key(directory: Path) -> dict[str, dict[int, Questionnaire]]:
    by_key: dict[str, dict[int, Questionnaire]] = {}
    for definition in load_published(directory):
        by_key.setdefault(definition.key, {})[definition.version] = definition
    return by_key


def check(directory: Path, paths: list[Path] | None = None) -> Report:
    """Validate files (default: every working file), compare them with their frozen versions and
    hold their texts against the glossary (when the folder has one)."""
    report = Report()
    try:
        published = _published_by_key(directory)
        glossary = load_glossary(directory)
    except DefinitionError as exc:
        report.problems.extend(exc.lines())
        return report
    for path in paths if paths is not None else working_files(directory):
        try:
            definition = load_file(path)
        except DefinitionError as exc:
            report.problems.extend(exc.lines())
            continue
        problems = compare_with_published(definition, published.get(definition.key, {}))
        if glossary is not None and path.resolve().parent != (directory / PUBLISHED).resolve():
            problems += check_glossary(definition, glossary)  # a frozen file stays as it was
        report.problems.extend(DefinitionError(display_path(path), problems).lines())
        if not problems:
            what = f"{definition.key} version {definition.version}"
            report.notes.append(f"{display_path(path)}: ok ({what})")
    return report


def publish(directory: Path) -> Report:
    """Freeze the current version of every working file that passes the check."""
    report = check(directory)
    if not report.ok:
        return report
    report.notes.clear()
    for path in working_files(directory):
        definition = load_file(path)
        target = published_path(directory, definition.key, definition.version)
        if target.exists():
            report.notes.append(f"{definition.key} version {definition.version}: already published")
            continue
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, target)
        report.notes.append(f"{definition.key} version {definition.version}: published as {target}")
    return report
