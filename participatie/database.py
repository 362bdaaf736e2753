"""Engine settings that depend on the database kind, and the few statements a family's requests
run on the driver itself (:class:`DriverStatement`, with SQLite's turns and checkpoints)."""

import fcntl
import operator
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine

from .extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)


# A checkpoint (the WAL's pages copied into the database file) syncs both files to disk: 10 to
# 100 ms on this kind of server. SQLite runs one after the commit that takes the WAL past
# ``wal_autocheckpoint`` pages, in the request that committed (at SQLite's 1,000 pages, every
# 150-odd responses). The app checkpoints in a thread of its own instead (:func:`checkpoints`)
# and keeps SQLite's own as a bound on the WAL (about 200 MB) should no thread run: a bound
# that a second's writes do not reach (a submit load of 1,400 responses a second wrote 10,000
# pages in less than the thread's second, and a request paid for the checkpoint).
AUTOCHECKPOINT_PAGES = 50_000
CHECKPOINT_SECONDS = 1.0
CHECKPOINTER_IDLE_ROUNDS = 30  # a thread with nothing to copy for this many rounds ends


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record) -> None:
    """WAL lets readers go on while one writer commits; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
    cursor.close()


_CHECKPOINTERS: dict[tuple[int, str], threading.Thread] = {}
_checkpointers_lock = threading.Lock()


def checkpoints(engine: Engine) -> None:
    """After a write on a SQLite file: make sure a thread of this process checkpoints its WAL
    every second, so that no request waits for the disk. The thread ends when it has had
    nothing to copy for half a minute (or the file is gone), and the next write starts
    another. Elsewhere (PostgreSQL, a database in memory), nothing."""
    database = _sqlite_file(engine)
    if database is None:
        return
    key = (os.getpid(), database)  # threads do not survive a fork: each worker has its own
    thread = _CHECKPOINTERS.get(key)
    if thread is not None and thread.is_alive():
        return
    with _checkpointers_lock:
        thread = _CHECKPOINTERS.get(key)
        if thread is None or not thread.is_alive():
            thread = _CHECKPOINTERS[key] = threading.Thread(
                target=_checkpoint, args=(database,), name="sqlite-checkpoints", daemon=True)
            thread.start()


def _checkpoint(database: str) -> None:
    connection = sqlite3.connect(database, timeout=10, isolation_level=None)
    idle, last = 0, None
    try:
        while idle < CHECKPOINTER_IDLE_ROUNDS and os.path.exists(database):
            time.sleep(CHECKPOINT_SECONDS)
            try:
                # (busy, frames in the WAL, frames copied): PASSIVE waits for no reader or
                # writer; a frame a reader still uses is copied at the next round. The same
                # figures as the round before: nothing was written meanwhile.
                state = tuple(connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
            except sqlite3.Error:
                state = None
            idle, last = (idle + 1 if state == last else 0), state
    finally:
        connection.close()


def is_ours(name: str | None, type_: str, parent_names: dict) -> bool:
    """Whether a database object belongs to the app's models (Alembic's ``include_name``):
    the job queue's own tables, indexes and types (procrastinate_*) are the library's."""
    return not (name or "").startswith("procrastinate")


class DriverStatement:
    """A Core statement compiled once per dialect and run on the driver's own cursor, with each
    column's own conversions (UUIDs, UTC times, dates) done as SQLAlchemy does them.

    For the app's one hot write, a family's response (issue 20): on a 2-core server
    SQLAlchemy's work per execution (cache key, parameters, context, result) cost more than
    SQLite's own insert of the response and its answers. Everything else goes through the
    session. ``columns``: the columns an INSERT writes (no Python-side defaults are applied:
    the caller gives every value)."""

    def __init__(self, statement: Any, columns: tuple[str, ...] = ()):
        self.statement = statement
        self.columns = columns
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def compiled(self, dialect: Dialect) -> "_Compiled":
        key = (dialect.name, dialect.driver)
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = _Compiled(self.statement, self.columns, dialect)
        return found

    def execute(self, cursor: Any, dialect: Dialect, values: dict[str, Any]) -> None:
        compiled = self.compiled(dialect)
        cursor.execute(compiled.sql, compiled.parameters(values))

    def executemany(self, cursor: Any, dialect: Dialect, rows: list[dict[str, Any]]) -> None:
        compiled = self.compiled(dialect)
        cursor.executemany(compiled.sql, compiled.parameters_many(rows))

    def read(self, values: dict[str, Any]) -> tuple | None:
        """:meth:`one_or_none` on a pooled driver connection of its own (see
        :func:`session_is_idle`)."""
        engine = db.engine
        connection = engine.raw_connection()
        try:
            return self.one_or_none(connection.cursor(), engine.dialect, values)
        finally:
            connection.close()

    def one_or_none(self, cursor: Any, dialect: Dialect, values: dict[str, Any]
                    ) -> tuple | None:
        """The first row of a SELECT with each column converted as SQLAlchemy reads it, or
        None."""
        compiled = self.compiled(dialect)
        cursor.execute(compiled.sql, compiled.parameters(values))
        row = cursor.fetchone()
        if row is None:
            return None
        return tuple(value if convert is None else convert(value)
                     for convert, value in zip(compiled.results, row, strict=True))


# (process, lock file) -> the process's lock for its threads, and its opening of the file
_TURNS: dict[tuple[int, str], tuple[threading.Lock, int]] = {}
_turns_lock = threading.Lock()


@contextmanager
def write_turn(engine: Engine) -> Iterator[None]:
    """On a SQLite file, the app's processes take turns for a family's write on a lock file
    beside the database: a process that waits is woken by the kernel as soon as the other one
    is done, where SQLite's busy handler sleeps a millisecond or more (longer than the write
    itself) before it tries again. Other writers keep SQLite's own locking. Elsewhere
    (PostgreSQL), nothing."""
    database = _sqlite_file(engine)
    if database is None:
        yield
        return
    key = (os.getpid(), database)  # a forked worker opens its own (a lock is per opening)
    turn = _TURNS.get(key)
    if turn is None:
        with _turns_lock:
            turn = _TURNS.get(key)
            if turn is None:
                turn = _TURNS[key] = (threading.Lock(), os.open(
                    database + ".writers", os.O_RDWR | os.O_CREAT, 0o600))
    # The threads of one process share the opening, and flock does not tell them apart: they
    # take turns on a lock of the process first (a threaded server: gthread, flask run).
    threads, descriptor = turn
    with threads:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


def _sqlite_file(engine: Engine) -> str | None:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def session_is_idle() -> bool:
    """Whether the app context's session holds nothing: no transaction begun and nothing added,
    changed or deleted to flush. Then a statement on a pooled driver connection of its own sees
    what the session would, and waits for nothing the session holds."""
    if not db.session.registry.has():
        return True
    session = db.session()
    return not (session.in_transaction() or session.new or session.dirty or session.deleted)


_UNSET = object()


class _Compiled:
    def __init__(self, statement: Any, columns: tuple[str, ...], dialect: Dialect):
        compiled = statement.compile(dialect=dialect,
                                     column_keys=list(columns) if columns else None)
        self.sql: str = compiled.string
        # Each parameter: its name in the SQL, the key of its value, its conversion.
        binds = [(name, bind.key, bind.type.dialect_impl(dialect).bind_processor(dialect))
                 for name, bind in compiled.binds.items()]
        # Positional paramstyles (SQLite's qmark) take a tuple in the SQL's order; named ones
        # (psycopg's pyformat) a dict.
        self.positional = compiled.positiontup is not None
        if self.positional:
            by_name = {name: (key, convert) for name, key, convert in binds}
            self.plan = [(name, *by_name[name]) for name in compiled.positiontup or ()]
        else:
            self.plan = binds
        keys = [key for _name, key, _convert in self.plan]
        self._values = operator.itemgetter(*keys) if len(keys) > 1 else (
            lambda row: tuple(row[key] for key in keys))
        self._converted = [(index, convert) for index, (_name, _key, convert)
                           in enumerate(self.plan) if convert is not None]
        self.results: list[Any] = [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in getattr(statement, "selected_columns", ())]

    def parameters_many(self, rows: list[dict[str, Any]]) -> list:
        """:meth:`parameters` of each row. Positional: the values taken out of each row at
        once, and a column's conversion done once for a value that repeats from one row to
        the next (a response's id on each of its answers; the empty number, flag, text)."""
        if not self.positional:
            return [self.parameters(row) for row in rows]
        taken = self._values
        converted = self._converted
        last_in: list[Any] = [_UNSET] * len(converted)
        last_out: list[Any] = [None] * len(converted)
        out = []
        for row in rows:
            values = list(taken(row))
            for slot, (index, convert) in enumerate(converted):
                value = values[index]
                if value is not last_in[slot]:  # the same object: the same conversion
                    last_in[slot] = value
                    last_out[slot] = convert(value)
                values[index] = last_out[slot]
            out.append(values)
        return out

    def parameters(self, values: dict[str, Any]) -> tuple | dict:
        if self.positional:
            return tuple([values[key] if convert is None else convert(values[key])
                          for _name, key, convert in self.plan])
        return {name: values[key] if convert is None else convert(values[key])
                for name, key, convert in self.plan}
