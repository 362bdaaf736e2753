"""Open answers into themes: guided by a codebook, led by what people confirmed, emergent for
the rest.

:class:`ThemeFinder` is a scikit-learn estimator, semi-supervised like ``LabelSpreading``:
``fit(X, y)`` takes the answers and, per answer, the theme a person gave it (-1 when nobody
did); parameters are keyword-only and stored as given; what is learned ends in ``_``.
Deterministic for the same input and ``random_state``.

1. *other*: empty and unreadable answers, and one-word answers without a content word ("nee",
   "ok"), are never put in a theme; one content word ("afval", "kinderarts") can name a known
   theme, but is too little to found a new one (never clustered);
2. *guided*: every answer goes to the codebook theme a classifier trained on the codebook's
   phrases and gists (what a theme's description says it is about) finds most likely, when
   that probability is high enough; near-twin themes of the codebook (the same ``broader``
   group) that the answers do not tell apart become one theme;
3. *emergent*: what the codebook leaves unplaced is clustered: one average-linkage tree, cut
   at the number asked for or at the distance at which the codebook's own example phrases
   separate into their themes; each new theme is named by its most distinctive words
   (fillers left out) and shown by its most representative answers;
4. *confirmed*: what people confirmed comes on top, and changes only what it touches: answers
   a person coded keep their theme; the default theme (or emergent theme) they all fall in
   gives way to it; twins a person confirmed apart are not merged; an answer that looks like
   a confirmed one joins its theme before any default theme. Steps 2 and 3 are the same
   whatever people confirm (a confirmed answer counts there at the codebook's theme), so a
   confirmation never makes twins merge or the emergent themes shift. Without a codebook the
   confirmed answers are the examples the answers are sorted by.
"""

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from . import clustering, giving_way, naming
from .codebooks import Codebook, Theme
from .embeddings import E5Embedder, EmbeddingCache, EmbeddingUnavailable
from .naming import FoundTheme
from .text import content_words, detect_language, is_informative

# How likely a known theme must be for an answer to join it (below it, the answer is left for
# the emergent themes), and how much a confirmed answer weighs against one example phrase.
MIN_PROBABILITY = 0.15
CONFIRMED_WEIGHT = 10.0
LEAD = 0.65  # the lowest at which confirmations never lowered the development half's score
UNLABELLED = -1  # in ``y``: nobody gave this answer a theme (None and "" are read alike)
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
REGULARISATION = 100.0  # the guided classifier's C (little regularisation: few examples)


@dataclass(frozen=True)
class Answer:
    id: object
    text: str
    language: str | None = None


class ThemeFinder(ClusterMixin, BaseEstimator):
    """Sort short multilingual answers into themes.

    Parameters (keyword-only)
    -------------------------
    codebook : Codebook or None
        Known themes; ``None`` clusters everything that nobody confirmed.
    method : {"embed", "tfidf"}
        Sentence embeddings (multilingual-e5-small), or TF-IDF of stems (light; also the
        fallback when the model cannot load).
    min_probability : float in [0, 1]
        How likely a known theme must be, by the guided classifier, for an answer to join it;
        0.0 places every answer in a known theme.
    lead : float in [0, 1]
        An answer whose cosine similarity to a confirmed answer reaches ``lead`` (in the
        embedding space without its common direction) joins that answer's theme before any
        default theme; 1.0: no lead.
    confirmed_weight : float
        How much a confirmed answer weighs, as an example, against one codebook phrase.
    merge_twins : bool
        Merge the codebook themes of one ``broader`` group that the answers do not tell apart.
    twins_give_way : bool
        Once a person confirmed answers of a theme of a ``broader`` group, the twins of that
        group nobody confirmed give way, answer by answer, to the confirmed twin the codebook
        finds most likely. Off by default: on the labelled set's development half, over 30
        draws, it raised the score by 0.014 (Dutch) and 0.012 (mixed) on average but lowered
        the Dutch one on 5 draws (see ``benchmarks/clustering.py --draws``).
    max_emergent : int
        Upper bound on emergent themes (with a codebook), or on all themes (without one).
    n_themes : int or None
        The number of emergent themes (without a codebook: of all themes); None: cut the tree
        at ``distance_threshold``.
    distance_threshold : float or None
        Cosine distance at which the tree of unplaced answers is cut; None: learned from the
        spread of the default codebook's example phrases (where they separate best into their
        themes).
    cache : EmbeddingCache or None
        Where embeddings are kept between fits (shared, never copied by ``clone``).
    embedder : object with ``model_id`` and ``embed(texts)``, or None (multilingual-e5-small)
    random_state : int

    Attributes
    ----------
    labels_ : ndarray of int, shape (n_answers,)
        Each answer's theme id (an index into ``themes_``); -1 for "other".
    themes_ : list of FoundTheme
        Largest first; ``key`` is the codebook or confirmed key (None for an emergent theme).
    other_ : list of int
        Positions of the answers in no theme.
    closeness_ : ndarray of float, shape (n_answers,)
        How close each answer is to its theme's centre (NaN for "other"): the most
        representative answers first.
    method_ : str
        "embed" or "tfidf" (the fallback when the model could not load).
    languages_ : list of str
    learned_codebook_ : Codebook
        The codebook with the confirmed answers as examples (and their new themes).
    confirmed_texts_ : list of str
        The confirmed answers that became examples (informative ones only).
    gave_way_ : dict
        Default theme key → the confirmed theme it gave way to.
    merged_ : dict
        Twin key → the key of the theme it was merged into.
    distance_threshold_ : float or None
        Where the tree was cut (None when a number was given or nothing was clustered).
    n_emergent_ : int
    """

    def __init__(self, *, codebook: Codebook | None = None, method: str = "embed",
                 min_probability: float = MIN_PROBABILITY, lead: float = LEAD,
                 confirmed_weight: float = CONFIRMED_WEIGHT, merge_twins: bool = True,
                 twins_give_way: bool = False, max_emergent: int = 20,
                 n_themes: int | None = None, distance_threshold: float | None = None,
                 cache: EmbeddingCache | None = None, embedder=None, random_state: int = 0):
        self.codebook = codebook
        self.method = method
        self.min_probability = min_probability
        self.lead = lead
        self.confirmed_weight = confirmed_weight
        self.merge_twins = merge_twins
        self.twins_give_way = twins_give_way
        self.max_emergent = max_emergent
        self.n_themes = n_themes
        self.distance_threshold = distance_threshold
        self.cache = cache
        self.embedder = embedder
        self.random_state = random_state

    def fit(self, X, y=None) -> "ThemeFinder":
        """``X``: texts (their ids are their positions) or :class:`Answer`; ``y``: per answer,
        the theme a person gave it (a codebook key or a new name), -1 (or None) for none."""
        self._check_params()
        answers = [a if isinstance(a, Answer) else Answer(i, str(a)) for i, a in enumerate(X)]
        if len({answer.id for answer in answers}) != len(answers):
            raise ValueError("two answers share an id")
        given = _confirmed(y, len(answers))
        self.languages_ = [a.language or detect_language(a.text) for a in answers]
        informative = np.array([is_informative(a.text) for a in answers], dtype=bool)
        # One word can name a known theme ("afval", "kinderarts"), when it is a content word
        # (not "nee", "ok"); it is too little to found a new one: never clustered.
        placeable = informative.copy()
        for index in np.flatnonzero(~informative):
            placeable[index] = bool(content_words(answers[index].text, self.languages_[index]))
        # A person's theme for an empty or one-word answer is not an example: an empty one
        # stays other, one content word takes the theme when it is a known one (below).
        confirmed = {i: key for i, key in given.items() if informative[i]}
        known = self._known_themes(answers, confirmed)
        vectors, examples = self._vectorise(answers, known)
        keys = [t.key for t in known]
        self.gave_way_, self.merged_ = {}, {}
        if (~self._is_confirmed).any():  # a codebook with phrases: it decides, people lead
            labels, rest = self._codebook_then_confirmed(vectors, examples, known, placeable,
                                                         informative, confirmed)
        else:  # no codebook: the confirmed answers are the only examples
            labels = np.full(len(answers), -1)
            for index, key in confirmed.items():
                labels[index] = keys.index(key)
            open_ = placeable & (labels == -1)
            if known and open_.any():
                labels[open_] = self._by_confirmed(vectors[open_], examples)
            rest = np.flatnonzero(informative & (labels == -1))
        for index, key in given.items():
            if placeable[index] and not informative[index] and key in keys:
                labels[index] = keys.index(key)
        self.distance_threshold_, self.n_emergent_ = None, 0
        emergent = self._emergent(vectors[rest]) if len(rest) else np.array([], dtype=int)
        if confirmed:
            giving_way.emergent_gives_way(labels, rest, emergent, keys, confirmed)
        # What a person placed (or led) is no longer the emergent themes' (their tree is the
        # same whatever people confirm: it holds what the codebook alone left unplaced).
        emergent = np.where(labels[rest] == -1, emergent, -1)
        self._describe(answers, vectors, known, labels, rest, emergent)
        return self

    def fit_predict(self, X, y=None, **kwargs) -> np.ndarray:
        return self.fit(X, y).labels_

    def theme_of(self, position: int) -> FoundTheme | None:
        """The theme of the answer at ``position`` (None: other)."""
        check_is_fitted(self, "labels_")
        label = int(self.labels_[position])
        return self.themes_[label] if label >= 0 else None

    def _check_params(self) -> None:
        if self.method not in ("embed", "tfidf"):
            raise ValueError(f"method must be 'embed' or 'tfidf', not {self.method!r}")
        for name in ("min_probability", "lead"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} is a probability (0 to 1), not {value!r}")

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
            by_key[key] = replace(theme, examples=examples)
        self.confirmed_texts_ = [answers[i].text for i in confirmed]
        self.learned_codebook_ = Codebook(self.codebook.key if self.codebook else "learned",
                                          tuple(by_key.values()))
        return list(by_key.values())

    def _vectorise(self, answers, known):
        texts = [a.text for a in answers]
        examples = [(i, phrase) for i, theme in enumerate(known) for phrase in theme.all_examples()]
        confirmed = set(self.confirmed_texts_)
        self._example_weights = np.array([self.confirmed_weight if phrase in confirmed else 1.0
                                          for _, phrase in examples])
        self._is_confirmed = np.array([phrase in confirmed for _, phrase in examples], bool)
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
        self._model = (cache, embedder)
        vectors = cache.embed(embedder, texts)
        phrases = (cache.embed(embedder, [phrase for _, phrase in examples]) if examples
                   else np.zeros((0, vectors.shape[1]), np.float32))
        nothing = cache.embed(embedder, NO_CONTENT)
        # The model's vectors share a large common direction; without it themes stand apart.
        # (The codebook's own phrases only: confirmed answers are among the answers already,
        # and the codebook's view of the answers stays the same whatever people confirm.)
        centre = np.vstack([vectors, phrases[~self._is_confirmed]]).mean(axis=0)
        self._no_content = clustering.unit(nothing - centre)
        return clustering.unit(vectors - centre), (examples, clustering.unit(phrases - centre))

    def _tfidf(self, answers, examples):
        self._no_content = None  # stop words leave nothing of these in TF-IDF
        self._model = None
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

    def _classifier(self, rows, themes, weights):
        if self._no_content is not None:  # "nothing to say": straight to other, not clustered
            rows = np.vstack([rows, self._no_content])
            themes = np.concatenate([themes, np.full(len(self._no_content), NOTHING)])
            weights = np.concatenate([weights, np.ones(len(self._no_content))])
        if len(set(themes.tolist())) < 2:
            return None
        return clustering.classifier(rows, themes, weights, C=REGULARISATION,
                                     random_state=self.random_state)

    def _codebook_then_confirmed(self, vectors, examples, known, placeable, informative,
                                 confirmed):
        """The themes the codebook alone finds, then what people confirmed, on top of them.

        Everything but the last step is the same whatever people confirm: the guided
        classifier (trained on the codebook's phrases only), the answers' most likely themes
        (a confirmed answer's too), which twins merge, which answers are left for the
        emergent themes. A confirmation then changes only what it touches: its answers take
        its theme; the default theme they all fall in gives way to it; two twins a person
        confirmed apart are not merged; look-alikes of a confirmed answer join its theme.
        Returns the label per answer (an index into ``known``; -1: none) and the positions
        of the answers the codebook left unplaced."""
        keys = [t.key for t in known]
        labels = np.full(len(vectors), -1)
        likelihood, classes = None, np.array([], dtype=int)
        if placeable.any():
            labels[placeable], likelihood, classes = self._by_codebook(vectors[placeable],
                                                                       examples)
        rest = np.flatnonzero(informative & (labels == -1))
        led = {keys.index(key) for key in confirmed.values()}
        if self.merge_twins:
            giving_way.merge_twins(labels, vectors, known, led, self.merged_)
        giving_way.give_way(labels, known, confirmed, self.gave_way_)
        if self.twins_give_way and likelihood is not None:
            self.gave_way_.update(giving_way.twins_give_way(
                labels, placeable, likelihood, classes, known, led, self.gave_way_))
        for index, key in confirmed.items():
            labels[index] = keys.index(key)
        if led and self.lead < 1.0:  # look-alikes of a confirmed answer join its theme
            pairs, rows = examples
            themes = np.array([theme for theme, _ in pairs])[self._is_confirmed]
            open_ = np.flatnonzero(placeable & ~np.isin(np.arange(len(labels)),
                                                          list(confirmed)))
            similarity = vectors[open_] @ rows[self._is_confirmed].T
            takes = similarity.max(axis=1) >= self.lead
            labels[open_[takes]] = themes[similarity[takes].argmax(axis=1)]
        return labels, rest

    def _by_codebook(self, vectors: np.ndarray, examples):
        """Each answer to the codebook theme a classifier trained on the codebook's phrases
        finds most likely, when that probability is high enough. Returns the labels (indices
        into the known themes; -1: none), the likelihood and its columns' themes."""
        pairs, rows = examples
        themes = np.array([theme for theme, _ in pairs])
        train = ~self._is_confirmed
        classifier = self._classifier(rows[train], themes[train], self._example_weights[train])
        if classifier is None:  # one known theme: nothing to choose
            return np.full(len(vectors), themes[train][0]), None, np.array([], dtype=int)
        likelihood = classifier.predict_proba(vectors)
        best = likelihood.argmax(axis=1)
        best_p = likelihood[np.arange(len(best)), best]
        labels = np.where(best_p >= self.min_probability, classifier.classes_[best], -1)
        return np.where(labels == NOTHING, -1, labels), likelihood, classifier.classes_

    def _by_confirmed(self, vectors: np.ndarray, examples) -> np.ndarray:
        """Without a codebook: each answer to the confirmed theme a classifier trained on the
        confirmed answers (weighing ``confirmed_weight``) finds most likely, when likely
        enough; then look-alikes (``lead``) of a confirmed answer join its theme."""
        pairs, rows = examples
        themes = np.array([theme for theme, _ in pairs])
        classifier = self._classifier(rows, themes, self._example_weights)
        if classifier is None:  # one known theme: nothing to choose
            labels = np.full(len(vectors), themes[0])
        else:
            likelihood = classifier.predict_proba(vectors)
            best = likelihood.argmax(axis=1)
            best_p = likelihood[np.arange(len(best)), best]
            labels = np.where(best_p >= self.min_probability, classifier.classes_[best], -1)
        if self.lead < 1.0:
            similarity = vectors @ rows.T
            takes = similarity.max(axis=1) >= self.lead
            labels = np.where(takes, themes[similarity.argmax(axis=1)], labels)
        return np.where(labels == NOTHING, -1, labels)

    def _emergent(self, vectors: np.ndarray) -> np.ndarray:
        """Cluster ids (0..k-1) for answers no known theme took; -1 for what cannot be grouped
        (no content words left, or, beside a codebook, a group too small to be a theme)."""
        found = np.full(len(vectors), -1)
        usable = np.flatnonzero(np.abs(vectors).sum(axis=1) > 0)
        self.distance_threshold_, self.n_emergent_ = None, 0
        if len(usable) >= 2 * MIN_EMERGENT_SIZE:
            found[usable] = self._clusters(vectors[usable])
        sizes = Counter(found.tolist())
        large = sorted(c for c in sizes if c >= 0 and sizes[c] >= MIN_EMERGENT_SIZE)
        if self.codebook is None and large and len(large) < len(sizes):
            # Without a codebook every answer has a theme: small groups join the nearest.
            centres = clustering.unit(np.stack([vectors[found == c].mean(axis=0) for c in large]))
            small = np.flatnonzero(~np.isin(found, large) & np.isin(np.arange(len(found)),
                                                                     usable))
            found[small] = np.asarray(large)[(vectors[small] @ centres.T).argmax(axis=1)]
        found = np.array([c if c in large else -1 for c in found.tolist()], dtype=int)
        renumber = {c: n for n, c in enumerate(large)}
        found = np.array([renumber.get(c, -1) for c in found.tolist()], dtype=int)
        self.n_emergent_ = len(large)
        return found

    def _clusters(self, vectors: np.ndarray) -> np.ndarray:
        """Average-linkage clusters from one tree, cut at the number given, or at the distance
        threshold (at most ``max_emergent`` groups of at least ``MIN_EMERGENT_SIZE``)."""
        tree = clustering.tree(vectors)
        if self.n_themes:
            return clustering.cut(tree, n=min(self.n_themes, len(vectors)))
        threshold = self.distance_threshold
        if threshold is None:
            threshold = self._learned_threshold()
        self.distance_threshold_ = threshold
        found = clustering.cut(tree, distance=threshold)
        for n in range(len(set(found.tolist())) - 1, 0, -1):
            sizes = Counter(found.tolist())
            if sum(size >= MIN_EMERGENT_SIZE for size in sizes.values()) <= self.max_emergent:
                break
            found = clustering.cut(tree, n=n)  # too many themes: the same tree, cut higher
        return found

    def _learned_threshold(self) -> float:
        if self.method_ != "embed":
            return TFIDF_THRESHOLD
        cache, embedder = self._model
        return clustering.codebook_threshold(cache, embedder)

    def _describe(self, answers, vectors, known, labels, rest, emergent) -> None:
        groups: dict[tuple, list[int]] = {}
        for index, theme in enumerate(labels):
            if theme >= 0:
                groups.setdefault(("known", int(theme)), []).append(index)
        for index, cluster in zip(rest, emergent, strict=True):
            if cluster >= 0:
                groups.setdefault(("emergent", int(cluster)), []).append(int(index))
        taken_over = [*self.gave_way_.items(), *self.merged_.items()]
        self.themes_, self.labels_, self.closeness_ = naming.describe(
            groups, answers, vectors, known, self.languages_, taken_over)
        self.other_ = np.flatnonzero(self.labels_ == -1).tolist()


TFIDF_THRESHOLD = 0.9


def _confirmed(y, n: int) -> dict[int, str]:
    """Position → key for the answers a person gave a theme (-1, None and "" are none)."""
    if y is None:
        return {}
    y = list(y)
    if len(y) != n:
        raise ValueError(f"y has {len(y)} labels for {n} answers")
    found = {}
    for index, key in enumerate(y):
        if key is None or (isinstance(key, str) and not key.strip()):
            continue
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool) and key == UNLABELLED:
            continue
        found[index] = str(key).strip()
    return found
