"""Configuration comes from defaults, the instance folder, the environment and a test mapping,
in that order; nothing is read at import time."""

import pytest

from participatie import create_app


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTICIPATIE_INSTANCE_PATH", str(tmp_path))
    for name in ("DATABASE_URL", "SECRET_KEY", "PARTICIPATIE_MIN_GROUP_SIZE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_the_default_database_is_sqlite_in_the_instance_folder(instance):
    app = create_app()
    assert app.instance_path == str(instance)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance}/participatie.sqlite"


def test_a_postgresql_url_uses_psycopg_3(instance, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.example:5432/participatie")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://u:p@db.example:5432/participatie"
    )


def test_instance_file_then_environment_then_test_mapping(instance, monkeypatch):
    (instance / "config.py").write_text("MIN_GROUP_SIZE = 8\nBABEL_DEFAULT_TIMEZONE = 'UTC'\n")
    assert create_app().config["MIN_GROUP_SIZE"] == 8
    monkeypatch.setenv("PARTICIPATIE_MIN_GROUP_SIZE", "10")
    app = create_app()
    assert (app.config["MIN_GROUP_SIZE"], app.config["BABEL_DEFAULT_TIMEZONE"]) == (10, "UTC")
    assert create_app({"MIN_GROUP_SIZE": 3}).config["MIN_GROUP_SIZE"] == 3


def test_the_secret_key_comes_from_the_instance_folder_or_the_environment(instance, monkeypatch):
    assert create_app().config["SECRET_KEY"] is None
    (instance / "secret_key").write_text("from-the-file\n")
    assert create_app().config["SECRET_KEY"] == "from-the-file"
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"


def test_dutch_is_the_default_language_of_five(instance):
    app = create_app()
    assert app.config["BABEL_DEFAULT_LOCALE"] == "nl"
    assert app.config["LANGUAGES"] == ["nl", "fr", "en", "ar", "tr"]


def test_csrf_protection_is_on_for_forms(instance):
    app = create_app({"SECRET_KEY": "x"})
    assert app.config.get("WTF_CSRF_ENABLED", True)
    assert "csrf" in app.extensions


def test_behind_a_trusted_proxy_the_login_limit_counts_the_real_client(migrated_database):
    from flask import request

    from tests.conftest import make_app

    def address_seen(app):
        app.add_url_rule("/_address", "address", lambda: request.remote_addr)
        forwarded = {"X-Forwarded-For": "203.0.113.9"}
        return app.test_client().get("/_address", headers=forwarded).text

    assert address_seen(make_app(migrated_database, TRUSTED_PROXIES=1)) == "203.0.113.9"
    # Without a trusted proxy the header is anyone's to forge: it is ignored.
    assert address_seen(make_app(migrated_database)) == "127.0.0.1"
