"""How a found theme is shown: its most distinctive words, its most representative answers,
the main language of its answers, and the default themes it took over."""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .text import content_pairs


@dataclass
class FoundTheme:
    id: int
    key: str | None  # the codebook (or confirmed) key; None for an emergent theme
    label: str
    terms: list[str]
    examples: list[str]
    members: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # every key it covers (twins, given way)

    @property
    def size(self) -> int:
        return len(self.members)


def describe(groups, answers, vectors, known, languages, taken_over):
    """The found themes (largest first), each answer's theme id (-1: other) and its closeness
    to its theme's centre. ``groups`` maps ("known", index) or ("emergent", cluster) to the
    answers' positions; ``taken_over`` lists (twin key, key that took its place)."""
    order = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    themes, labels = [], np.full(len(answers), -1)
    closeness_of = np.full(len(answers), np.nan)
    words = [content_pairs(a.text, lang) for a, lang in zip(answers, languages, strict=True)]
    documents = [{stemmed for _, stemmed in pairs} for pairs in words]
    spread = Counter(w for group in groups.values() for w in
                     set().union(*(documents[i] for i in group)))
    covered: dict[str, list[str]] = {}
    for twin, key in taken_over:
        covered.setdefault(key, []).append(twin)
    for theme_id, ((kind, which), members) in enumerate(order):
        terms = distinctive_terms(members, len(groups), spread, words, languages)
        key = known[which].key if kind == "known" else None
        label = known[which].label(main_language(members, languages)) if key else (
            " · ".join(terms[:3]) or "…")
        examples, closeness = representative(members, vectors, answers)
        keys = [key, *covered_keys(key, covered)] if key else []
        themes.append(FoundTheme(theme_id, key, label, terms, examples, members, keys))
        labels[members] = theme_id
        closeness_of[members] = closeness
    return themes, labels, closeness_of


def main_language(members: list[int], languages: list[str]) -> str:
    return Counter(languages[i] for i in members).most_common(1)[0][0]


def distinctive_terms(members, n_groups, spread, words, languages, n=6) -> list[str]:
    """Words frequent in this theme and rare in the others (class TF-IDF), in the theme's main
    language, each shown in its most frequent written form."""
    language = main_language(members, languages)
    here: Counter = Counter()
    forms: dict[str, Counter] = {}
    for i in members:
        if languages[i] == language:
            for written, stemmed in words[i]:
                forms.setdefault(stemmed, Counter())[written] += 1
            here.update({stemmed for _, stemmed in words[i]})
    scored = sorted(here, key=lambda w: (-here[w] * np.log(1 + n_groups / spread[w]), w))
    return [forms[w].most_common(1)[0][0] for w in scored[:n] if here[w] > 1 or len(members) < 4]


def representative(members: list[int], vectors: np.ndarray, answers, n: int = 3):
    """The theme's ``n`` most representative answers, and each member's closeness to its
    centre."""
    rows = vectors[members]
    centre = rows.mean(axis=0)
    closeness = rows @ centre
    order = sorted(range(len(members)), key=lambda i: (-closeness[i], members[i]))
    return [answers[members[i]].text for i in order[:n]], closeness


def covered_keys(key, covered) -> list[str]:
    found = []
    for twin in covered.get(key, []):
        found.extend([twin, *covered_keys(twin, covered)])
    return found
