"""The emergent themes' geometry: one average-linkage tree (cosine) over the answers' vectors,
cut at a number of groups or at a distance, and the distance learned from the default
codebook's own example phrases; and the guided classifier, fitted once per set of examples."""

import hashlib
import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score

from .codebooks import default_codebook


def tree(vectors: np.ndarray) -> np.ndarray:
    """The average-linkage tree (cosine) of the vectors, built once per fit."""
    return linkage(vectors.astype(np.float64), method="average", metric="cosine")


def cut(tree: np.ndarray, *, n: int | None = None, distance: float | None = None):
    """Cluster ids 0..k-1 from one cut of the tree."""
    if n is not None:
        found = fcluster(tree, t=max(n, 1), criterion="maxclust")
    else:
        found = fcluster(tree, t=distance, criterion="distance")
    return np.unique(found, return_inverse=True)[1]


@lru_cache(maxsize=8)
def threshold_for(model_id: str, codebook_key: str, phrases: tuple, keys: tuple,
                   vectors_bytes: bytes) -> float:
    vectors = np.frombuffer(vectors_bytes, np.float32).reshape(len(phrases), -1)
    vectors = unit(vectors - vectors.mean(axis=0))
    built = tree(vectors)
    candidates = np.round(np.arange(0.30, 1.20, 0.02), 2)
    scored = [(adjusted_rand_score(keys, cut(built, distance=t)), t) for t in candidates]
    return float(max(scored)[1])


def codebook_threshold(cache, embedder) -> float:
    """The cosine distance at which the tree of the default codebook's Dutch example phrases
    separates them best into their themes (its spread, measured once per model)."""
    codebook = default_codebook()
    pairs = [(t.key, p) for t in codebook.themes for p in t.examples.get("nl", [])]
    phrases = tuple(p for _, p in pairs)
    vectors = cache.embed(embedder, list(phrases)).astype(np.float32)
    return threshold_for(embedder.model_id, codebook.key, phrases,
                          tuple(k for k, _ in pairs), vectors.tobytes())


def unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


_CLASSIFIERS: OrderedDict = OrderedDict()  # the last few fitted, by their training data
_KEEP = 4
_LOCK = threading.Lock()  # analyses may run in threads of one worker


def classifier(rows: np.ndarray, themes: np.ndarray, weights: np.ndarray, *, C: float,
               random_state: int) -> LogisticRegression:
    """The guided classifier fitted on these examples. A re-analysis of the same answers (e.g.
    after people confirmed some) trains it on the very same rows: the fitted one is reused,
    found by a digest of its training data (deterministic, so the result is the same)."""
    digest = hashlib.sha1()
    for part in (rows, themes, weights):
        array = np.ascontiguousarray(part)
        digest.update(f"{array.dtype}{array.shape}".encode())
        digest.update(array.tobytes())
    key = (digest.hexdigest(), C, random_state)
    with _LOCK:
        if key in _CLASSIFIERS:
            _CLASSIFIERS.move_to_end(key)
            return _CLASSIFIERS[key]
    fitted = LogisticRegression(C=C, max_iter=5000, random_state=random_state).fit(
        rows, themes, sample_weight=weights)
    with _LOCK:
        _CLASSIFIERS[key] = fitted
        while len(_CLASSIFIERS) > _KEEP:
            _CLASSIFIERS.popitem(last=False)
    return fitted
