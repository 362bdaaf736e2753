"""Configuration: defaults, then the instance folder, then the environment, then a test mapping.

Nothing here runs at import time; ``create_app`` calls :func:`load_config`.
"""

import os
from pathlib import Path

from flask import Flask

from .paths import resource_dir
from .vocabulary import DEFAULT_LANGUAGE, UI_LANGUAGES

SECRET_KEY_FILE = "secret_key"

DEFAULTS = {
    "LANGUAGES": list(UI_LANGUAGES),
    "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
    "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
    "MIN_GROUP_SIZE": 5,
    # A tablet's queue finished while its round was open is still taken this long after the
    # round (or its link) closed: the sync of the next morning, not of next season.
    "LATE_ANSWERS_DAYS": 14,
    # Shared tablets: back to the start after this long without a tap, and after the thank-you.
    "KIOSK_IDLE_SECONDS": 180,
    "KIOSK_THANKS_SECONDS": 20,
    # A form token lives as long as the browser session: a family pausing for an hour at home
    # (a personal link) must not lose its answers to an expired token.
    "WTF_CSRF_TIME_LIMIT": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    # Staff accounts: argon2id parameters (an argon2.profiles name), reset links' lifetime,
    # failed logins allowed per account and per client address (counted in the database under
    # keyed hashes that expire), and how long a login lasts at most.
    "PASSWORD_HASH_PROFILE": "RFC_9106_LOW_MEMORY",
    "RESET_LINK_HOURS": 72,
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "LOGIN_LIMIT_PER_ADDRESS": "30 per 15 minutes",
    "STAFF_SESSION_HOURS": 12,
    # Where families reach this app (e.g. "https://participatie.example.be"): QR codes and posters
    # point there. Unset, they point at the address the coordinator's browser uses.
    "PUBLIC_URL": None,
    "TRUSTED_PROXIES": 0,
    # Themes in open answers (and other slow jobs): "auto" queues each analysis for
    # `participatie worker` (procrastinate) on PostgreSQL and runs it in a thread of the web app
    # on SQLite; "queue", "thread" or "command" (only queued, for `participatie themes run`)
    # choose one. Find themes with sentence embeddings ("embed") or, lighter and weaker,
    # TF-IDF ("tfidf").
    "THEMES_RUNNER": "auto",
    "THEMES_METHOD": "embed",
    # The queue's workers beat a heartbeat this often; a job whose worker missed beats for
    # JOBS_STALLED_SECONDS is queued again. JOBS_START_DELAY_SECONDS: fault tests only.
    "JOBS_HEARTBEAT_SECONDS": 10,
    "JOBS_STALLED_SECONDS": 30,
    "JOBS_START_DELAY_SECONDS": 0,
    # `participatie serve` and `worker` write their log as JSON lines ("json") or as text.
    "LOG_FORMAT": "json",
}

# Environment variables read without a prefix (ARCHITECTURE.md's stable interface); everything
# else may be set as PARTICIPATIE_<NAME>, e.g. PARTICIPATIE_MIN_GROUP_SIZE=10.
PLAIN_ENV = ("DATABASE_URL", "SECRET_KEY")


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config["QUESTIONNAIRES_PATH"] = str(resource_dir("questionnaires"))
    app.config.from_pyfile("config.py", silent=True)
    for name in PLAIN_ENV:
        if name in os.environ:
            app.config[name] = os.environ[name]
    app.config.from_prefixed_env("PARTICIPATIE")
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = read_secret_key(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file never drops a connection: no ping before each request's first statement.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            key: value for key, value in app.config["SQLALCHEMY_ENGINE_OPTIONS"].items()
            if key != "pool_pre_ping"}


def database_uri(app: Flask) -> str:
    """The SQLAlchemy URI: ``DATABASE_URL`` (psycopg 3 for PostgreSQL) or instance SQLite."""
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(app.instance_path) / 'participatie.sqlite'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def read_secret_key(instance_path: str) -> str | None:
    path = Path(instance_path) / SECRET_KEY_FILE
    return path.read_text().strip() if path.exists() else None


def ensure_secret_key(instance_path: str) -> bool:
    """Write a random secret key into the instance folder once. True when one was created."""
    import secrets

    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return True
