"""The ``participatie`` console script: serve, database, demo data, questionnaires.

Each command builds the app with ``create_app()`` (configuration from the environment and the
instance folder) and runs inside its application context.
"""

import functools
import os
import sys
from pathlib import Path

import click
from flask import current_app, g

from analysis.cli import analyse


def with_app(command):
    """Run ``command`` inside the application context of a freshly created app."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from . import create_app
        from .extensions import db

        with create_app().app_context():
            g.language = "en"  # the command line speaks English, as its other output does
            try:
                return command(*args, **kwargs)
            finally:
                db.session.remove()
                db.engine.dispose()  # close the connections now, not when collected

    return wrapper


@click.group()
def main():
    """participatie: surveys and neighbourhood ratings for buurtgerichte netwerken."""


main.add_command(analyse)  # `participatie analyse clusters …`, from the analysis library


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
def serve(host: str, port: int, workers: int):
    """Serve the app with gunicorn (no access log: no addresses are written anywhere)."""
    from gunicorn.app.base import BaseApplication

    from . import create_app

    app = create_app()
    if not app.config.get("SECRET_KEY"):
        raise click.ClickException("no secret key yet: run 'participatie db upgrade' first")

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("timeout", 120)  # a PDF of a stack of paper forms takes a while

        def load(self):
            return app

    click.echo(f"participatie serves on http://{host}:{port}")
    Server().run()


@main.group()
def db():
    """The database schema (Alembic migrations)."""


@db.command("upgrade")
@with_app
def db_upgrade():
    """Migrate the schema, create the secret key once, load the published questionnaires."""
    upgrade_database()


@main.command("init-db")
@with_app
def init_db():
    """The same as 'db upgrade'."""
    upgrade_database()


def upgrade_database() -> None:
    from flask_migrate import upgrade

    from .config import ensure_secret_key
    from .services.questionnaires import load_published_versions

    upgrade()
    if "SECRET_KEY" not in os.environ and ensure_secret_key(current_app.instance_path):
        click.echo(f"created a secret key in {current_app.instance_path}")
    for line in _or_fail(load_published_versions):
        click.echo(f"loaded questionnaire {line}")
    click.echo("database is up to date")


@main.command()
@with_app
def demo():
    """Load demo networks, neighbourhoods, an open round and the link /s/demo (idempotent)."""
    from .services.demo import DEMO_PASSWORD, demo_accounts, load_demo

    created = _or_fail(load_demo)
    for line in created:
        click.echo(f"created {line}")
    click.echo("demo data is in place" if created else "demo data was already in place")
    click.echo(f"demo accounts (password: {DEMO_PASSWORD}):")
    for email, what in demo_accounts():
        click.echo(f"  {email:40} {what}")


@main.group()
def users():
    """Staff accounts. Passwords are set by the person, through a one-time link."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True,
              type=click.Choice(["admin", "coordinator", "facilitator", "viewer"]),
              help="admin: the instance administrator; else a role in --network.")
@click.option("--network", "network_key", help="The network's key (for every role but admin).")
@with_app
def users_create(email: str, role: str, network_key: str | None):
    """Create an account (or give an existing one a role) and print its password link."""
    from .extensions import db
    from .services.accounts import AccountError, create_user, find_user, grant_role

    if (role == "admin") == bool(network_key):
        raise click.UsageError("give --network KEY with a network role, and none with admin")
    network = _network(network_key) if network_key else None
    try:
        user = find_user(email) or create_user(email, is_admin=role == "admin")
        if role == "admin":
            user.is_admin = True
        else:
            grant_role(user, network, role)
    except AccountError as refused:
        raise click.ClickException(str(refused.message)) from refused
    db.session.commit()
    where = "the instance administrator" if role == "admin" else f"{role} in {network.name}"
    click.echo(f"{user.email} is {where}")
    if not user.password_hash:
        click.echo(f"one-time link to choose a password: {_reset_link(user)}")


@users.command("reset-link")
@click.argument("email")
@with_app
def users_reset_link(email: str):
    """Print a one-time link with which the person chooses a new password (no mail needed)."""
    from .services.accounts import find_user

    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account with the e-mail address {email}")
    click.echo(_reset_link(user))


def _network(key: str):
    from sqlalchemy import select

    from .extensions import db
    from .models import Network

    network = db.session.scalar(select(Network).where(Network.key == key))
    if network is None:
        raise click.ClickException(f"no network with the key {key!r}")
    return network


def _reset_link(user) -> str:
    """The link on the public address (PARTICIPATIE_PUBLIC_URL), else on `make run`'s."""
    from flask import url_for

    from .services.accounts import reset_token

    base = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base):
        return url_for("auth.reset", token=reset_token(user), _external=True)


@main.command("export")
@click.argument("round_path", metavar="NETWORK/ROUND")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="xlsx",
              show_default=True)
@click.option("--kind", type=click.Choice(["summary", "responses"]), default="summary",
              show_default=True, help="responses: one row per response (recorded in the log)")
@click.option("--language", default="nl", show_default=True, help="of the question texts")
@click.option("--semicolon", is_flag=True, help="CSV for Belgian Excel: ; and decimal commas")
@click.option("--output", type=click.Path(path_type=Path), help="default: NETWORK-ROUND-KIND.EXT")
@with_app
def export(round_path: str, fmt: str, kind: str, language: str, semicolon: bool,
           output: Path | None):
    """Export a round's summaries (withheld below the minimum) or its responses."""
    from .services.exports import record_export, responses_table, summary_table, to_csv, to_xlsx
    from .services.rounds import network_round

    network_key, _, round_key = round_path.partition("/")
    round_ = network_round(_network(network_key), round_key)
    if round_ is None:
        raise click.ClickException(f"no round {round_key!r} in network {network_key!r}")
    header, rows = (responses_table if kind == "responses" else summary_table)(round_, language)
    body = to_xlsx(header, rows, kind) if fmt == "xlsx" else to_csv(header, rows, semicolon)
    output = output or Path(f"{network_key}-{round_key}-{kind}.{fmt}")
    output.write_bytes(body)
    if kind == "responses":
        record_export(round_, None, kind, fmt, len(rows))
    click.echo(f"wrote {len(rows)} rows to {output}")


@main.group()
def themes():
    """Themes in open answers: the analysis jobs."""


@themes.command("run")
@click.argument("round_path", metavar="[NETWORK/ROUND QUESTIONNAIRE QUESTION]", nargs=-1)
@with_app
def themes_run(round_path: tuple[str, ...]):
    """Run the queued analyses (for a server that leaves them to cron), or queue and run the
    analysis of one question: NETWORK/ROUND QUESTIONNAIRE QUESTION."""
    from .extensions import db
    from .services import themes as service
    from .services.rounds import network_round

    if round_path:
        if len(round_path) != 3:
            raise click.UsageError("give NETWORK/ROUND QUESTIONNAIRE QUESTION, or nothing")
        network_key, _, round_key = round_path[0].partition("/")
        round_ = network_round(_network(network_key), round_key)
        if round_ is None:
            raise click.ClickException(f"no round {round_key!r} in network {network_key!r}")
        if service.find_question(round_, round_path[1], round_path[2]) is None:
            raise click.ClickException(
                f"no open question {round_path[2]!r} in {round_path[1]!r} in this round")
        service.request_analysis(round_, round_path[1], round_path[2], runner="inline")
    for analysis_id in service.run_waiting():
        analysis = db.session.get(service.ThemeAnalysis, analysis_id)
        outcome = (f"{len(analysis.themes)} themes in {analysis.answers} answers"
                   if analysis.status == "done" else f"failed: {analysis.error}")
        click.echo(f"{analysis.round.name} · {analysis.question_key}: {outcome}")


@main.group()
def drafts():
    """Survey drafts: the answers of families who have not sent them (yet)."""


@drafts.command("purge")
@with_app
def drafts_purge():
    """Delete drafts not sent within a day (also done whenever a family starts; for cron)."""
    from .services.drafts import purge_stale_drafts

    click.echo(f"deleted {purge_stale_drafts()} unsent drafts older than a day")


@main.group()
def questionnaires():
    """Questionnaire definitions (YAML in questionnaires/)."""


@questionnaires.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@with_app
def questionnaires_check(paths: tuple[Path, ...]):
    """Validate definitions (default: all) and compare them with their published versions."""
    from .questionnaire.repository import check

    _report(check(_directory(), list(paths) or None))


@questionnaires.command("publish")
@with_app
def questionnaires_publish():
    """Freeze the current version of each definition under questionnaires/published/."""
    from .questionnaire.repository import publish

    _report(publish(_directory()))


def _directory() -> Path:
    return Path(current_app.config["QUESTIONNAIRES_PATH"])


def _report(report) -> None:
    for line in report.notes:
        click.echo(line)
    for line in report.problems:
        click.echo(line, err=True)
    if not report.ok:
        sys.exit(1)


def _or_fail(action):
    from .questionnaire import DefinitionError
    from .services.questionnaires import PublishedVersionChanged

    try:
        return action()
    except DefinitionError as exc:
        raise click.ClickException("\n".join(exc.lines())) from exc
    except (PublishedVersionChanged, LookupError) as exc:
        raise click.ClickException(str(exc)) from exc

