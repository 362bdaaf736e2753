"""Engine settings that depend on the database kind."""

import sqlite3

from flask import Flask
from sqlalchemy import event

from .extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record) -> None:
    """WAL lets readers go on while one writer commits; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_ours(name: str | None, type_: str, parent_names: dict) -> bool:
    """Whether a database object belongs to the app's models (Alembic's ``include_name``):
    the job queue's own tables, indexes and types (procrastinate_*) are the library's."""
    return not (name or "").startswith("procrastinate")
