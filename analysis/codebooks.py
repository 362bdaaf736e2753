"""Codebooks: known themes with stable keys, a label per language and example phrases.

The default codebook (``codebooks/default.yaml``) is built from the project's shared keys: the
Place Standard themes, the essential functions and two of the five B's. Near-twin themes
(e.g. play, play_leisure and public_space) share a ``broader`` group, within which the theme
finder merges the themes that the answers do not tell apart. A network extends the codebook
with its own file; answers people confirm become examples too (see :mod:`analysis.themes`).
"""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT = Path(__file__).with_name("codebooks") / "default.yaml"
GROUPS = ("place_standard", "function", "five_bs", "network")


class CodebookError(ValueError):
    """A codebook file that cannot be used; the message names the file and key path."""


@dataclass(frozen=True)
class Theme:
    key: str
    labels: dict[str, str]
    examples: dict[str, list[str]] = field(default_factory=dict)
    group: str = "network"
    broader: str | None = None  # near-twin themes share one: they merge when not told apart
    description: str = ""  # what the theme is about; its first clause is an example too

    def label(self, language: str = "nl") -> str:
        return self.labels.get(language) or next(iter(self.labels.values()), self.key)

    def all_examples(self) -> list[str]:
        """The example phrases of every language, and the gist of the description (what the
        theme is about is an example of it too)."""
        gist = self.gist()
        return [*(phrase for phrases in self.examples.values() for phrase in phrases),
                *([gist] if gist else [])]

    def gist(self) -> str:
        """What the theme is about in one phrase: the description's first clause, without
        its list of instances in brackets and without what the theme is not ("; not …")
        ("Walking and cycling in the neighbourhood"); "" without a description."""
        first = self.description.split(";")[0]
        return " ".join(re.sub(r"\([^)]*\)", " ", first).split()).rstrip(" .:,")


@dataclass(frozen=True)
class Codebook:
    key: str
    themes: tuple[Theme, ...]

    def theme(self, key: str) -> Theme | None:
        return next((theme for theme in self.themes if theme.key == key), None)

    def extended(self, other: "Codebook") -> "Codebook":
        """This codebook with the themes of ``other`` added (and same keys' examples merged)."""
        themes = {theme.key: theme for theme in self.themes}
        for theme in other.themes:
            known = themes.get(theme.key)
            if known is None:
                themes[theme.key] = theme
            else:
                merged = {lang: [*known.examples.get(lang, []), *phrases]
                          for lang, phrases in theme.examples.items()}
                themes[theme.key] = replace(known, examples={**known.examples, **merged})
        return Codebook(self.key, tuple(themes.values()))


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The default codebook, read once (it ships with the package and does not change)."""
    return load_codebook("default")


def load_codebook(source: str | Path = "default") -> Codebook:
    """``"default"``, or the path of a codebook YAML file. A network's file with
    ``extends: default`` adds its themes (and examples) to the default codebook."""
    path = DEFAULT if str(source) == "default" else Path(source)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CodebookError(f"{path}: cannot read the codebook: {exc}") from exc
    codebook = parse_codebook(data, str(path))
    if data.get("extends") == "default" and path != DEFAULT:
        return load_codebook("default").extended(codebook)
    return codebook


def parse_codebook(data, source: str) -> Codebook:
    if not isinstance(data, dict):
        raise CodebookError(f"{source}: the file must hold a mapping")
    themes = data.get("themes")
    if not isinstance(themes, list) or not themes:
        raise CodebookError(f"{source}: themes: missing (a list of themes)")
    parsed, seen = [], set()
    for index, item in enumerate(themes):
        theme = _theme(item, f"{source}: themes[{index}]")
        if theme.key in seen:
            raise CodebookError(f"{source}: themes[{index}].key: {theme.key!r} is used twice")
        seen.add(theme.key)
        parsed.append(theme)
    return Codebook(str(data.get("key", Path(source).stem)), tuple(parsed))


def _theme(item, where: str) -> Theme:
    if not isinstance(item, dict):
        raise CodebookError(f"{where}: must be a mapping")
    key = item.get("key")
    if not isinstance(key, str) or not key:
        raise CodebookError(f"{where}.key: missing")
    labels = item.get("label")
    if not isinstance(labels, dict) or not labels:
        raise CodebookError(f"{where}.label: missing (a label per language)")
    examples = item.get("examples") or {}
    if not isinstance(examples, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) for p in v) for v in examples.values()
    ):
        raise CodebookError(f"{where}.examples: must map each language to a list of phrases")
    group = item.get("group", "network")
    if group not in GROUPS:
        raise CodebookError(f"{where}.group: must be one of {', '.join(GROUPS)}")
    broader = item.get("broader")
    if broader is not None and (not isinstance(broader, str) or not broader):
        raise CodebookError(f"{where}.broader: must be the key of a broader group")
    description = item.get("description", "")
    if not isinstance(description, str):
        raise CodebookError(f"{where}.description: must be text")
    return Theme(key, {k: str(v) for k, v in labels.items()}, examples, group, broader,
                 description)
