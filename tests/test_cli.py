"""The console script, as a person setting up an instance uses it."""

import os
import shutil
import sqlite3
import stat

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from participatie.cli import main
from participatie.paths import resource_dir


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """A fresh instance folder with the default SQLite database in it."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("PARTICIPATIE_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return folder


@pytest.fixture(scope="session")
def demo_instance_template(tmp_path_factory):
    """An instance after `participatie db upgrade` and `participatie demo`, made once per worker
    by the commands themselves: the folder, and what the first `demo` did (its result). Tests
    that start from it get a copy (``demo_instance``)."""
    folder = tmp_path_factory.mktemp("demo-instance") / "instance"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("PARTICIPATIE_INSTANCE_PATH", str(folder))
        monkeypatch.delenv("DATABASE_URL", raising=False)
        monkeypatch.delenv("SECRET_KEY", raising=False)
        assert run("db", "upgrade").exit_code == 0
        first = run("demo")
    return folder, first


@pytest.fixture
def demo_first_run(demo_instance_template):
    """The result of the first `participatie demo` in a fresh instance."""
    return demo_instance_template[1]


@pytest.fixture
def demo_instance(instance, demo_instance_template):
    """This test's instance folder holds a copy of the demo instance."""
    instance.mkdir(parents=True, exist_ok=True)
    template = demo_instance_template[0]
    for item in template.iterdir():
        if item.name.startswith("participatie.sqlite"):
            continue  # the database goes through SQLite's backup API (it may be in WAL mode)
        if item.is_dir():
            shutil.copytree(item, instance / item.name)
        else:
            shutil.copy2(item, instance / item.name)  # the secret key keeps its 0600
    database = "participatie.sqlite"
    source = sqlite3.connect(template / database)
    copy = sqlite3.connect(instance / database)
    with source, copy:
        source.backup(copy)
    source.close()
    copy.close()
    return instance


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def query(folder, sql):
    engine = create_engine(f"sqlite:///{folder / 'participatie.sqlite'}")
    with engine.connect() as connection:
        rows = connection.execute(text(sql)).all()
    engine.dispose()
    return rows


def test_db_upgrade_builds_a_fresh_instance_once(instance):
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.output
    key_file = instance / "secret_key"
    key = key_file.read_text()
    assert len(key.strip()) == 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert query(instance, "SELECT key, version FROM questionnaire_version") == [
        ("family", 1), ("family", 2), ("family", 3), ("family", 4), ("partner-evaluation", 1),
        ("place-standard", 1),
        ("place-standard", 2), ("place-standard-children", 1), ("place-standard-children", 2)]
    assert query(instance, "PRAGMA journal_mode") == [("wal",)]

    again = run("db", "upgrade")
    assert again.exit_code == 0, again.output
    assert key_file.read_text() == key
    assert "loaded questionnaire" not in again.output


def test_flasks_own_command_line_upgrades_the_same_way(instance):
    from flask.cli import cli as flask_cli

    result = CliRunner().invoke(flask_cli, ["--app", "participatie", "db", "upgrade"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "loaded questionnaire family version 1" in result.output
    assert len((instance / "secret_key").read_text().strip()) == 64
    published = list((resource_dir("questionnaires") / "published").glob("*.yaml"))
    assert query(instance, "SELECT count(*) FROM questionnaire_version") == [(len(published),)]


def test_demo_loads_networks_and_the_demo_link_idempotently(demo_instance, demo_first_run):
    first = demo_first_run  # `db upgrade`, then `demo`, in an empty instance
    assert first.exit_code == 0, first.output
    assert "created link demo" in first.output
    counts = "SELECT (SELECT count(*) FROM network), (SELECT count(*) FROM neighbourhood), " \
             "(SELECT count(*) FROM round), (SELECT count(*) FROM collection_link)"
    before = query(demo_instance, counts)
    second = run("demo")
    assert "demo data was already in place" in second.output
    assert query(demo_instance, counts) == before
    assert before[0][0] == 3


def test_serve_refuses_to_start_without_a_secret_key(instance):
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code != 0
    assert "run 'participatie db upgrade' first" in result.output


def test_check_exits_non_zero_and_names_the_problem(instance, tmp_path):
    bad = tmp_path / "bad.yaml"
    data = dict(key="bad", version=1, kind="family_survey", languages=["nl"], title={"nl": "B"},
                sections=[{"key": "s", "title": {"nl": "S"}, "questions": [
                    {"key": "q", "type": "smiley", "faces": 4, "text": {"nl": "Q?"}}]}])
    bad.write_text(yaml.safe_dump(data))
    result = CliRunner().invoke(main, ["questionnaires", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: sections[0].questions[0].faces: must be one of 3 or 5" in result.output


def test_check_of_the_shipped_questionnaires_passes(instance):
    result = run("questionnaires", "check")
    assert result.exit_code == 0, result.output
    assert "family.yaml: ok (family version 4)" in result.output


def test_a_published_file_edited_after_loading_stops_the_upgrade(instance, tmp_path, monkeypatch):
    folder = tmp_path / "questionnaires"
    (folder / "published").mkdir(parents=True)
    shipped = yaml.safe_load(
        (resource_dir("questionnaires") / "published" / "family-v1.yaml").read_text("utf-8")
    )
    frozen = folder / "published" / "family-v1.yaml"
    frozen.write_text(yaml.safe_dump(shipped, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("PARTICIPATIE_QUESTIONNAIRES_PATH", str(folder))
    assert run("db", "upgrade").exit_code == 0
    shipped["title"]["nl"] = "Een andere titel"
    frozen.write_text(yaml.safe_dump(shipped, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "family version 1 differs from the version in the database" in result.output


def test_drafts_purge_reports_what_it_deleted(instance):
    run("db", "upgrade")
    result = run("drafts", "purge")
    assert result.exit_code == 0
    assert result.output == "deleted 0 unsent drafts older than a day\n"


def test_demo_prints_an_account_for_each_role_in_two_networks(demo_instance, demo_first_run):
    printed = demo_first_run.output  # `db upgrade`, then `demo`, in an empty instance
    assert "demo accounts (password: buurt-demo-2026)" in printed
    for email in ("beheer@example.org", "coordinator.oostende@example.org",
                  "facilitator.oostende@example.org", "viewer.oostende@example.org",
                  "coordinator.beringen@example.org", "viewer.beringen@example.org"):
        assert email in printed
    assert "demo accounts" in run("demo").output  # also when everything was in place
    roles = query(demo_instance, "SELECT u.email, n.key, m.role FROM membership m "
                            "JOIN user u ON u.id = m.user_id JOIN network n ON n.id = m.network_id")
    assert ("facilitator.beringen@example.org", "beringen", "facilitator") in roles
    assert len(roles) == 6


def test_users_create_and_reset_link_print_a_one_time_password_link(demo_instance):
    made = run("users", "create", "Trekker@Brugge.be", "--network", "brugge", "--role",
               "coordinator")
    assert made.exit_code == 0, made.output
    assert "trekker@brugge.be is coordinator in Brugge" in made.output
    assert "http://127.0.0.1:5000/reset/" in made.output
    admin = run("users", "create", "it@example.org", "--role", "admin")
    assert "the instance administrator" in admin.output
    assert query(demo_instance, "SELECT is_admin FROM user WHERE email = 'it@example.org'") == [
        (1,)]
    link = run("users", "reset-link", "viewer.oostende@example.org")
    assert link.exit_code == 0 and link.output.startswith("http://127.0.0.1:5000/reset/")


@pytest.mark.parametrize(("args", "message"), [
    (["users", "create", "x@example.org", "--role", "coordinator"], "--network"),
    (["users", "create", "x@example.org", "--role", "admin", "--network", "brugge"], "--network"),
    (["users", "create", "x@example.org", "--role", "viewer", "--network", "gent"],
     "no network with the key 'gent'"),
    (["users", "create", "no-address", "--role", "viewer", "--network", "brugge"],
     "valid e-mail address"),
    (["users", "reset-link", "nobody@example.org"], "no account"),
])
def test_users_commands_refuse_clearly(demo_instance, args, message):
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code != 0 and message in refused.output


def test_export_writes_a_rounds_summary_and_records_row_level_exports(demo_instance, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "zomer.xlsx"
    done = run("export", "oostende/najaar-2026", "--format", "xlsx", "--output", str(target))
    assert done.exit_code == 0 and "rows to" in done.output
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]][:2] == ["Buurt", "Vragenlijst"]  # in Dutch
    assert [c.value for c in sheet[2]][:4] == ["neighbourhood", "questionnaire", "question_key",
                                               "question"]
    rows = run("export", "oostende/najaar-2026", "--kind", "responses", "--format", "csv",
               "--semicolon", "--keys", "--output", str(tmp_path / "rows.csv"))
    assert rows.exit_code == 0
    assert (tmp_path / "rows.csv").read_bytes().startswith("\ufeffresponse;".encode())
    assert query(demo_instance, "SELECT kind, format, user_id FROM export_log") == [
        ("responses", "csv", None)]
    missing = CliRunner().invoke(main, ["export", "oostende/nope"])
    assert missing.exit_code != 0 and "no round 'nope'" in missing.output
