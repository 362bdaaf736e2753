"""``participatie backup`` and ``restore``: demo data, a backup, everything wiped, the backup
restored: the same rows in every table, the same codings of the themes, the same accounts (and
their password hashes)."""

from click.testing import CliRunner
from sqlalchemy import func, select

from participatie.cli import main
from participatie.extensions import db
from participatie.models import AuditEntry, Coding, User


def snapshot() -> dict:
    db.session.expire_all()
    counts = {table.name: db.session.scalar(select(func.count()).select_from(table))
              for table in db.metadata.sorted_tables}
    codings = sorted(db.session.execute(select(
        Coding.answer_id, Coding.theme_id, Coding.hidden, Coding.by_person)).all())
    accounts = sorted(db.session.execute(select(User.email, User.password_hash)).all())
    return {"counts": counts, "codings": codings, "accounts": accounts}


def wipe() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def test_demo_backup_wipe_restore_gives_the_same_data(demo_app, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_app.config["DATABASE_URL"])
    monkeypatch.setenv("SECRET_KEY", "test")
    monkeypatch.setenv("PARTICIPATIE_THEMES_METHOD", "tfidf")
    runner = CliRunner()
    file = tmp_path / "backups" / "participatie.backup"
    made = runner.invoke(main, ["backup", str(file)])
    assert made.exit_code == 0, made.output
    before = snapshot()
    assert before["counts"]["response"] > 400 and before["codings"] and before["accounts"]
    assert file.stat().st_size > 0 and not file.with_name(file.name + ".partial").exists()

    wipe()
    assert snapshot()["counts"]["response"] == 0
    db.session.remove()

    refused = runner.invoke(main, ["restore", str(file)], input="n\n")
    assert refused.exit_code != 0  # asked first, and nothing was done
    assert snapshot()["counts"]["response"] == 0
    db.session.remove()
    restored = runner.invoke(main, ["restore", "--yes", str(file)])
    assert restored.exit_code == 0, restored.output
    after = snapshot()
    # The backup and the restore are on the record (the audit log), nothing else changed.
    assert after["counts"].pop("audit_log") == before["counts"].pop("audit_log") + 1
    assert after == before
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["backup", "restore"]


def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(app, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("SECRET_KEY", "test")
    before = snapshot()
    db.session.remove()
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 10)
    result = CliRunner().invoke(main, ["restore", "--yes", str(junk)])
    assert result.exit_code != 0
    assert "failed" in result.output or "not a SQLite backup" in result.output
    assert snapshot() == before
