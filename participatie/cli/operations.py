"""Operators' commands: the job worker, backups and restores."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import in_app


@click.command()
@click.option("--once", is_flag=True, help="stop when the queue is empty (for scripts)")
@with_appcontext
def worker(once: bool):
    """Run queued jobs (theme analyses, PDF reports, purges) until stopped: start as many as
    there are cores to spare, on any machine reaching the database. PostgreSQL only: on SQLite
    the web process runs the jobs itself."""
    from ..services import jobs

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["LOG_FORMAT"] == "json":
        from ..logs import use_json_lines

        use_json_lines()
    if not jobs.is_postgresql(app):
        raise click.ClickException(
            "the job queue needs PostgreSQL (DATABASE_URL); on SQLite the web process runs "
            "the jobs itself")
    click.echo("participatie worker: waiting for jobs" if not once else
               "participatie worker: running the queued jobs")
    jobs.run_worker(app, wait=not once)


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@in_app
def backup(file: Path):
    """Write a consistent copy of the whole database to FILE while the app runs (SQLite's
    online backup; pg_dump's custom format for PostgreSQL)."""
    from ..services.backups import BackupError
    from ..services.backups import backup as make_backup

    try:
        make_backup(file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote a backup to {file} ({file.stat().st_size} bytes)")


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--yes", is_flag=True, help="replace the database without asking")
@in_app
def restore(file: Path, yes: bool):
    """Replace the whole database with the backup in FILE (stop the web and worker processes
    first)."""
    from ..services.backups import restore as restore_backup

    if not yes:
        click.confirm("This replaces every row of the database. Go on?", abort=True)
    from ..services.backups import BackupError

    try:
        restore_backup(file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored the database from {file}")


@click.command()
@click.option("--dry-run", is_flag=True, help="say what would be removed, remove nothing")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="as if it were this day")
@in_app
def purge(dry_run: bool, today):
    """Remove the answers and open texts of every round whose retention time is up (per
    network, months after the round closed); the published tables stay (for cron: daily).
    Runs here, not on the queue: from cron this command is the worker. Also drops the PDF
    reports no longer handed out."""
    from ..services.reports import forget_old
    from ..services.retention import purge as purge_rounds

    done = purge_rounds(today.date() if today else None, dry_run=dry_run)
    if not dry_run:
        forget_old()
    verb = "would remove" if dry_run else "removed"
    for due in done:
        click.echo(f"{due.round.network.key}/{due.round.key}: {verb} {due.answers} answers "
                   f"({due.texts} open texts), due {due.on.isoformat() if due.on else '-'}")
    if not done:
        click.echo("nothing to remove")
