"""The schema comes from the migrations, identical on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from participatie.database import is_ours
from participatie.extensions import db


def test_the_tests_run_on_the_database_they_were_given(app, database_url):
    assert db.engine.dialect.name == make_url(database_url).get_backend_name()


def test_the_migrations_build_exactly_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_name": is_ours})
        assert compare_metadata(context, db.metadata) == []


def test_the_migrations_go_down_and_up_again(app):
    tables = set(db.metadata.tables)
    db.session.remove()
    downgrade(revision="base")
    assert not tables & set(inspect(db.engine).get_table_names())
    upgrade()
    assert tables <= set(inspect(db.engine).get_table_names())


def test_a_response_reaches_the_database_file_without_a_request_waiting_for_the_disk(
        app, make_link, client, monkeypatch):
    """SQLite: the WAL is checkpointed by a thread of the app's process, not by the request
    that happened to take it past SQLite's bound; the thread ends when it has nothing to do."""
    import threading
    import time
    import uuid

    import pytest

    from participatie import database
    from tests.api.conftest import VALID_ANSWERS

    if db.engine.dialect.name != "sqlite":
        pytest.skip("the WAL is SQLite's")
    monkeypatch.setattr(database, "CHECKPOINT_SECONDS", 0.05)
    monkeypatch.setattr(database, "CHECKPOINTER_IDLE_ROUNDS", 4)
    make_link("test")
    db.session.remove()
    path = db.engine.url.database
    sent = uuid.uuid4()
    answer = client.post("/api/v1/responses", json={
        "id": str(sent), "link": "test", "language": "nl", "answers": VALID_ANSWERS})
    assert answer.status_code == 201
    assert db.session.execute(text("PRAGMA wal_autocheckpoint")).scalar() == (
        database.AUTOCHECKPOINT_PAGES)  # SQLite's own never came near: no request checkpointed

    def in_database_file() -> bool:
        with open(path, "rb") as file:  # the database file alone, without its WAL
            return sent.hex.encode() in file.read()

    deadline = time.monotonic() + 10
    while not in_database_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert in_database_file()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
            thread.name == "sqlite-checkpoints" for thread in threading.enumerate()):
        time.sleep(0.05)
    assert not any(thread.name == "sqlite-checkpoints" for thread in threading.enumerate())


def test_the_app_processes_take_turns_for_a_familys_write(app):
    """SQLite: while one process writes a family's response, another one waits on the lock
    file beside the database (woken when it is free), not in SQLite's sleeping busy handler."""
    import subprocess
    import sys

    import pytest

    from participatie.database import write_turn

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has its own row locks")
    path = db.engine.url.database + ".writers"
    probe = ("import fcntl, os, sys\n"
             "fd = os.open(sys.argv[1], os.O_RDWR)\n"
             "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
             "except BlockingIOError:\n    sys.exit(3)\n")

    def other_process_may_write() -> bool:
        return subprocess.run([sys.executable, "-c", probe, path]).returncode == 0

    with write_turn(db.engine):
        assert not other_process_may_write()
    assert other_process_may_write()


def test_threads_of_one_process_take_turns_to_write_too(app):
    """flock does not tell a process's threads apart: a threaded server's threads (gthread,
    ``flask run``) wait for each other on the process's own lock first."""
    import threading

    import pytest

    from participatie.database import write_turn

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has its own row locks")
    engine = db.engine
    inside, overlaps = [0], []
    count_lock = threading.Lock()

    def write() -> None:
        for _ in range(50):
            with write_turn(engine):
                with count_lock:
                    inside[0] += 1
                    overlaps.append(inside[0])
                threading.Event().wait(0.0005)
                with count_lock:
                    inside[0] -= 1

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(overlaps) == 200 and max(overlaps) == 1
