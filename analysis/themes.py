"""Open answers into themes: guided by a codebook, learning from people, emergent for the rest.

Scikit-learn style: ``__init__`` stores parameters, ``fit`` does the work and returns ``self``;
learned attributes end in ``_``. Deterministic for the same input and ``random_state``.

1. *other*: empty, one-word and unreadable answers are never put in a theme;
2. *confirmed*: answers a person coded keep their theme and become examples of it;
3. *guided*: every other answer goes to the theme whose examples it resembles most, when the
   resemblance is high enough;
4. *emergent*: what fits no theme is clustered (the number chosen by silhouette, bounded); each
   new theme is labelled by its most distinctive terms and its most representative answers.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import silhouette_score

from .codebooks import Codebook, Theme
from .embeddings import E5Embedder, EmbeddingCache, EmbeddingUnavailable
from .text import content_pairs, content_words, detect_language, is_informative

# How likely a known theme must be for an answer to join it (calibrated on tests/data; below
# it, the answer is left for the emergent themes), and how much a confirmed answer weighs
# against one example phrase of the codebook.
MIN_LIKELIHOOD = 0.15
CONFIRMED_WEIGHT = 10.0
NOTHING = -2  # the label of answers that say there is nothing to say
# Answers that say there is nothing to say: a class of their own beside the themes, whose
# answers go to "other" (two words are not always content: "alles goed", "weet niet").
NO_CONTENT = [
    "alles is goed zo", "niks te melden", "weet ik niet", "geen idee eigenlijk", "nee dank u",
    "is goed zo", "niets speciaals", "nvt", "ik weet het niet goed",
    "rien à dire", "tout va bien", "je ne sais pas", "pas d'idée",
    "nothing to add", "all good", "no idea", "not really",
    "لا شيء", "كل شيء جيد", "لا أعرف",
    "bir şey yok", "her şey iyi", "bilmiyorum",
]
MIN_EMERGENT_SIZE = 3


@dataclass(frozen=True)
class Answer:
    id: object
    text: str
    language: str | None = None


@dataclass
class FoundTheme:
    id: int
    key: str | None  # the codebook key; None for an emergent theme
    label: str
    terms: list[str]
    examples: list[str]
    members: list[int] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)


class ThemeFinder:
    """Sort short multilingual answers into themes.

    Parameters
    ----------
    codebook : Codebook or None
        Known themes; ``None`` clusters everything (``n_themes`` or chosen by silhouette).
    method : {"embed", "tfidf"}
        Sentence embeddings (multilingual-e5-small), or TF-IDF of stems (light; also the
        fallback when the model cannot load).
    max_emergent : int
        Upper bound on emergent themes (with a codebook), or on all themes (without one).
    n_themes : int or None
        Without a codebook: the number of themes (None: chosen by the method).
    min_similarity : float or None
        How likely a known theme must be for an answer to join it (None: the default).
    cache : EmbeddingCache or None
        Where embeddings are kept between fits.
    random_state : int
    """

    def __init__(self, codebook: Codebook | None = None, method: str = "embed",
                 max_emergent: int = 12, n_themes: int | None = None,
                 min_similarity: float | None = None, cache: EmbeddingCache | None = None,
                 embedder=None, random_state: int = 0):
        self.codebook = codebook
        self.method = method
        self.max_emergent = max_emergent
        self.n_themes = n_themes
        self.min_similarity = min_similarity
        self.cache = cache
        self.embedder = embedder
        self.random_state = random_state

    def fit(self, answers, confirmed: dict | None = None) -> "ThemeFinder":
        """``answers``: texts (their ids are their positions) or :class:`Answer`;
        ``confirmed``: answer id → the theme a person gave it (a codebook key or a new name)."""
        answers = [a if isinstance(a, Answer) else Answer(i, str(a)) for i, a in enumerate(answers)]
        position = {answer.id: index for index, answer in enumerate(answers)}
        if len(position) != len(answers):
            raise ValueError("two answers share an id")
        unknown = [answer_id for answer_id in confirmed or {} if answer_id not in position]
        if unknown:
            raise ValueError(f"confirmed answers not among the answers: {unknown[:5]}")
        informative = np.array([is_informative(a.text) for a in answers], dtype=bool)
        # A person's theme for an empty or one-word answer is not an example: it stays other.
        confirmed = {position[i]: key for i, key in (confirmed or {}).items()
                     if informative[position[i]]}
        self.languages_ = [a.language or detect_language(a.text) for a in answers]
        known = self._known_themes(answers, confirmed)
        vectors, examples = self._vectorise(answers, known)
        self.vectors_ = vectors  # what the themes were found in (for closeness to a centre)
        labels = np.full(len(answers), -1)
        for index, key in confirmed.items():
            labels[index] = [t.key for t in known].index(key)
        open_ = informative & (labels == -1)
        if known and len(examples[0]) and open_.any():
            labels[open_] = self._guided(vectors[open_], examples)
        rest = np.flatnonzero(informative & (labels == -1))
        emergent = self._emergent(vectors[rest]) if len(rest) else np.array([], dtype=int)
        self._describe(answers, vectors, known, labels, rest, emergent)
        return self

    # -- steps -------------------------------------------------------------------------------

    def _known_themes(self, answers, confirmed) -> list[Theme]:
        themes = list(self.codebook.themes) if self.codebook else []
        by_key = {t.key: t for t in themes}
        for index, key in sorted(confirmed.items()):
            answer = answers[index]
            language = answer.language or detect_language(answer.text)
            theme = by_key.get(key) or Theme(key, {language: key})
            examples = {**theme.examples,
                        language: [*theme.examples.get(language, []), answer.text]}
            by_key[key] = Theme(theme.key, theme.labels, examples, theme.group)
        self.confirmed_texts_ = [answers[i].text for i in confirmed]
        self.learned_codebook_ = Codebook(self.codebook.key if self.codebook else "learned",
                                          tuple(by_key.values()))
        return list(by_key.values())

    def _vectorise(self, answers, known):
        texts = [a.text for a in answers]
        examples = [(i, phrase) for i, theme in enumerate(known) for phrase in theme.all_examples()]
        confirmed = set(self.confirmed_texts_)
        self.example_weights_ = np.array([CONFIRMED_WEIGHT if phrase in confirmed else 1.0
                                          for _, phrase in examples])
        self.method_ = self.method
        if self.method == "embed":
            try:
                return self._embedded(texts, examples)
            except EmbeddingUnavailable:
                self.method_ = "tfidf"
        return self._tfidf(answers, examples)

    def _embedded(self, texts, examples):
        cache = self.cache if self.cache is not None else EmbeddingCache()
        embedder = self.embedder or E5Embedder()
        vectors = cache.embed(embedder, texts)
        phrases = cache.embed(embedder, [phrase for _, phrase in examples])
        nothing = cache.embed(embedder, NO_CONTENT)
        # The model's vectors share a large common direction; without it themes stand apart.
        centre = np.vstack([vectors, phrases]).mean(axis=0)
        self.no_content_ = _unit(nothing - centre)
        return _unit(vectors - centre), (examples, _unit(phrases - centre))

    def _tfidf(self, answers, examples):
        self.no_content_ = None  # stop words leave nothing of these in TF-IDF
        languages = [*self.languages_, *[detect_language(p) for _, p in examples]]
        texts = [*[a.text for a in answers], *[p for _, p in examples]]
        documents = [" ".join(content_words(t, lang)) for t, lang in zip(texts, languages,
                                                                           strict=True)]
        if not any(documents):  # nothing but stop words: no vocabulary to build
            return (np.zeros((len(answers), 1), np.float32),
                    (examples, np.zeros((len(examples), 1), np.float32)))
        matrix = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True).fit_transform(documents)
        dense = matrix.toarray().astype(np.float32)
        return dense[: len(answers)], (examples, dense[len(answers):])

    def _guided(self, vectors: np.ndarray, examples) -> np.ndarray:
        """Each answer to the known theme a classifier trained on the examples (confirmed answers
        weighing more) finds most likely, when that likelihood is high enough."""
        pairs, rows = examples
        themes = np.array([theme for theme, _ in pairs])
        if len(set(themes.tolist())) < 2 and self.no_content_ is None:
            return np.full(len(vectors), themes[0])  # one known theme: nothing to choose
        weights = self.example_weights_
        if self.no_content_ is not None:  # "nothing to say": straight to other, not clustered
            rows = np.vstack([rows, self.no_content_])
            themes = np.concatenate([themes, np.full(len(self.no_content_), NOTHING)])
            weights = np.concatenate([weights, np.ones(len(self.no_content_))])
        classifier = LogisticRegression(C=100, max_iter=5000, random_state=self.random_state)
        classifier.fit(rows, themes, sample_weight=weights)
        likelihood = classifier.predict_proba(vectors)
        best = likelihood.argmax(axis=1)
        threshold = self.min_similarity or MIN_LIKELIHOOD
        return np.where(likelihood[np.arange(len(best)), best] >= threshold,
                        classifier.classes_[best], -1)

    def _emergent(self, vectors: np.ndarray) -> np.ndarray:
        """Cluster ids (0..k-1) for answers no known theme took; -1 for what cannot be grouped
        (no content words left, or, beside a codebook, a group too small to be a theme)."""
        found = np.full(len(vectors), -1)
        usable = np.flatnonzero(np.abs(vectors).sum(axis=1) > 0)
        if len(usable) >= 2 * MIN_EMERGENT_SIZE:
            found[usable] = self._clusters(vectors[usable])
        if self.codebook is not None:
            sizes = Counter(found.tolist())
            found = np.array([c if c >= 0 and sizes[c] >= MIN_EMERGENT_SIZE else -1
                              for c in found])
        return found

    def _clusters(self, vectors: np.ndarray) -> np.ndarray:
        """Average-linkage clusters; their number given, or chosen by silhouette (bounded)."""
        if self.codebook is None and self.n_themes:
            counts = [min(self.n_themes, len(vectors))]
        else:
            counts = range(2, min(self.max_emergent, len(vectors) // MIN_EMERGENT_SIZE) + 1)
        best, best_score = np.zeros(len(vectors), dtype=int), -2.0
        for count in counts:
            found = AgglomerativeClustering(n_clusters=count, metric="cosine",
                                            linkage="average").fit_predict(vectors)
            score = silhouette_score(vectors, found, metric="cosine") if len(counts) > 1 else 0
            if score > best_score:
                best, best_score = found, score
        return best

    def _describe(self, answers, vectors, known, labels, rest, emergent) -> None:
        groups: dict[tuple, list[int]] = {}
        for index, theme in enumerate(labels):
            if theme >= 0:
                groups.setdefault(("known", int(theme)), []).append(index)
        for index, cluster in zip(rest, emergent, strict=True):
            if cluster >= 0:
                groups.setdefault(("emergent", int(cluster)), []).append(int(index))
        order = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        self.themes_, self.labels_ = [], np.full(len(answers), -1)
        words = [content_pairs(a.text, lang) for a, lang in zip(answers, self.languages_,
                                                                  strict=True)]
        documents = [{stemmed for _, stemmed in pairs} for pairs in words]
        spread = Counter(w for group in groups.values() for w in
                         set().union(*(documents[i] for i in group)))
        for theme_id, ((kind, which), members) in enumerate(order):
            terms = _distinctive_terms(members, len(groups), spread, words, self.languages_)
            key = known[which].key if kind == "known" else None
            label = known[which].label(_main_language(members, self.languages_)) if key else (
                " · ".join(terms[:3]) or "…")
            examples = _representative(members, vectors, answers)
            self.themes_.append(FoundTheme(theme_id, key, label, terms, examples, members))
            self.labels_[members] = theme_id
        self.other_ = np.flatnonzero(self.labels_ == -1).tolist()


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _main_language(members: list[int], languages: list[str]) -> str:
    return Counter(languages[i] for i in members).most_common(1)[0][0]


def _distinctive_terms(members, n_groups, spread, words, languages, n=6) -> list[str]:
    """Words frequent in this theme and rare in the others (class TF-IDF), in the theme's main
    language, each shown in its most frequent written form."""
    language = _main_language(members, languages)
    here: Counter = Counter()
    forms: dict[str, Counter] = {}
    for i in members:
        if languages[i] == language:
            for written, stemmed in words[i]:
                forms.setdefault(stemmed, Counter())[written] += 1
            here.update({stemmed for _, stemmed in words[i]})
    scored = sorted(here, key=lambda w: (-here[w] * np.log(1 + n_groups / spread[w]), w))
    return [forms[w].most_common(1)[0][0] for w in scored[:n] if here[w] > 1 or len(members) < 4]


def _representative(members: list[int], vectors: np.ndarray, answers, n: int = 3) -> list[str]:
    rows = vectors[members]
    centre = rows.mean(axis=0)
    closeness = rows @ centre
    order = sorted(range(len(members)), key=lambda i: (-closeness[i], members[i]))
    return [answers[members[i]].text for i in order[:n]]
