"""The glossary (``questionnaires/glossary.yaml``): for each concept a family meets, the one word
per language, and the words to avoid for it.

A text breaks the glossary when it still holds an avoided word once the glossary's own words are
set aside: French "crèche" alone is avoided (it leaves out after-school care), "crèche ou
garderie" is the word. Words may take endings (Turkish "kreşe", Dutch "wijken"), and in Arabic
the clitics و ف ب ل ك and the article ال in front ("والحضانة").
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from .errors import DefinitionError, Problem

GLOSSARY = "glossary.yaml"
ARABIC_PREFIX = r"(?:[وفبلك]{0,2}(?:ال)?)"


@dataclass(frozen=True)
class Concept:
    key: str
    use: dict[str, list[str]]  # per language: the word first, then accepted variants of it
    avoid: dict[str, list[str]]
    staff_too: bool = False  # also held to the staff screens, not only the family's

    def word(self, language: str) -> str:
        return self.use.get(language, [""])[0]


@dataclass(frozen=True)
class Hit:
    concept: Concept
    avoided: str  # the avoided word as the glossary lists it
    found: str  # as the text has it

    def message(self, language: str) -> str:
        word = self.concept.word(language)
        instead = f": say {word!r}" if word else ""
        return f"{self.found!r} is a word to avoid for {self.concept.key!r} (glossary){instead}"


def _pattern(term: str, language: str) -> str:
    """A term as a regular expression: each word may take an ending; a word starts the match."""
    words = [re.escape(word) + r"\w*" for word in term.split()]
    start = r"(?<!\w)" + (ARABIC_PREFIX if language == "ar" else "")
    return start + r"\s+".join(words)


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]

    @classmethod
    def load(cls, path: Path) -> "Glossary":
        """Read the glossary; a file that is not one names its problem like a questionnaire."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            concepts = tuple(
                Concept(key, _lists(entry.get("use", {})), _lists(entry.get("avoid", {})),
                        bool(entry.get("staff_too")))
                for key, entry in (data.get("concepts") or {}).items()
            )
        except (yaml.YAMLError, AttributeError, TypeError) as exc:
            problem = Problem("concepts", f"not a glossary (concept: {{use: …, avoid: …}}): {exc}")
            raise DefinitionError(str(path), [problem]) from exc
        return cls(concepts)

    @cached_property
    def _compiled(self) -> dict[str, list[tuple[Concept, re.Pattern | None, list]]]:
        """Per language and concept: its own words, and its avoided words (as patterns)."""
        compiled: dict[str, list] = {}
        for concept in self.concepts:
            for language, terms in concept.avoid.items():
                used = sorted(concept.use.get(language, []), key=len, reverse=True)
                ours = "|".join(_pattern(term, language) for term in used)
                avoided = [(term, re.compile(_pattern(term, language), re.I)) for term in terms]
                compiled.setdefault(language, []).append(
                    (concept, re.compile(ours, re.I) if ours else None, avoided))
        return compiled

    def hits(self, text: str, language: str, staff: bool = False) -> Iterator[Hit]:
        """Each avoided word in ``text`` (a text in ``language``) outside the concept's own
        words; ``staff``: a staff screen's text, held only to the concepts marked ``staff_too``."""
        for concept, ours, avoided in self._compiled.get(language, []):
            if staff and not concept.staff_too:
                continue
            rest = ours.sub(lambda m: " " * len(m.group()), text) if ours else text
            for term, pattern in avoided:
                for match in pattern.finditer(rest):
                    yield Hit(concept, term, match.group())


def _lists(per_language: dict) -> dict[str, list[str]]:
    return {code: [words] if isinstance(words, str) else list(words)
            for code, words in per_language.items()}


def load_glossary(directory: Path) -> Glossary | None:
    path = directory / GLOSSARY
    return Glossary.load(path) if path.is_file() else None
