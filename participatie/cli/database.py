"""The database: migrations with everything an instance needs after them, demo data, drafts."""

import os

import click
from flask import current_app
from flask_migrate.cli import db as migrate_group

from . import in_app, or_fail

MIGRATE_UPGRADE = migrate_group.commands["upgrade"]


@in_app
def upgrade_database(**options) -> None:
    """Migrate the schema, create the secret key once, load the published questionnaires
    (with --sql, or to a REVISION other than head: the schema alone)."""
    from ..config import ensure_secret_key
    from ..services.questionnaires import load_published_versions

    click.get_current_context().invoke(MIGRATE_UPGRADE, **options)
    if options["sql"] or options["revision"] != "head":
        return  # SQL to read, or a step to an older revision: the schema alone
    if "SECRET_KEY" not in os.environ and ensure_secret_key(current_app.instance_path):
        click.echo(f"created a secret key in {current_app.instance_path}")
    for line in or_fail(load_published_versions):
        click.echo(f"loaded questionnaire {line}")
    click.echo("database is up to date")


upgrade = click.Command("upgrade", callback=upgrade_database, params=MIGRATE_UPGRADE.params,
                        help=upgrade_database.__doc__)

# Flask-Migrate's commands (`db migrate -m …`, `db downgrade`, …) with the upgrade above, also
# for `flask --app participatie db upgrade`.
db = click.Group("db", commands={**migrate_group.commands, "upgrade": upgrade},
                 params=migrate_group.params, callback=migrate_group.callback,
                 help="The database schema (Alembic migrations).")


@click.command()
@in_app
def demo():
    """Load demo networks, neighbourhoods, an open round and the link /s/demo (idempotent)."""
    from ..services.demo import DEMO_PASSWORD, demo_accounts, load_demo

    created = or_fail(load_demo)
    for line in created:
        click.echo(f"created {line}")
    click.echo("demo data is in place" if created else "demo data was already in place")
    click.echo(f"demo accounts (password: {DEMO_PASSWORD}):")
    for email, what in demo_accounts():
        click.echo(f"  {email:40} {what}")


@click.group()
def drafts():
    """Survey drafts: the answers of families who have not sent them (yet)."""


@drafts.command("purge")
@in_app
def drafts_purge():
    """Delete drafts not sent within a day (also done whenever a family starts; for cron)."""
    from ..services.drafts import purge_stale_drafts

    click.echo(f"deleted {purge_stale_drafts()} unsent drafts older than a day")
