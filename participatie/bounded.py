"""A dict that keeps at most a given number of entries, for what a process remembers between
requests (verified cookies, signed form tokens, links read lately)."""

import threading
from collections.abc import Hashable
from typing import Any


class Bounded(dict):
    """A dict of at most ``size`` entries: :meth:`put` one more and the oldest put is forgotten.
    Reads are plain dict reads; puts take a lock (threaded servers)."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size
        self._lock = threading.Lock()

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self[key] = value
            while len(self) > self.size:
                self.pop(next(iter(self)), None)
