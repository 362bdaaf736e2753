"""Backups of the whole database, and restoring one (``participatie backup`` / ``restore``).

SQLite: the online backup API (a consistent copy while the app writes, WAL included).
PostgreSQL: ``pg_dump`` in its custom format, restored with ``pg_restore --clean`` (every
table, the job queue's included). Voice recordings, accounts, codings: everything is in the
database, so one file holds an instance.
"""

import glob
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask import current_app

from ..extensions import db
from .audit import record


class BackupError(RuntimeError):
    """A backup or restore that could not be done (the message says why)."""


def _sqlite_path() -> Path | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on the PATH, else the newest in Debian's directories."""
    found = shutil.which(name) or next(iter(sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return found


def _conninfo() -> str:
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def backup(file: Path) -> None:
    """Write a consistent copy of the whole database to ``file`` (replaced if it exists)."""
    record("backup", None)  # on the record in the copy too
    path = _sqlite_path()
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    if path is not None:
        source, target = sqlite3.connect(path), sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}",
              f"--dbname={_conninfo()}"])
    partial.replace(file)  # a backup file is whole or absent


def restore(file: Path) -> None:
    """Replace the whole database with the backup in ``file``."""
    path = _sqlite_path()
    db.session.remove()
    db.engine.dispose()
    if path is not None:
        with open(file, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{file} is not a SQLite backup")
        source, target = sqlite3.connect(file), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", f"--dbname={_conninfo()}", str(file)])
    record("restore", None)  # in the restored database: who replaced it, and when
    current_app.logger.info("database restored from a backup")


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        # The message names the tool and its error; the address (with a password) stays out.
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-500:]}")
