"""Questionnaire definitions from the command line: check them, publish (freeze) them."""

import sys
from pathlib import Path

import click
from flask import current_app

from . import in_app


@click.group()
def questionnaires():
    """Questionnaire definitions (YAML in questionnaires/)."""


@questionnaires.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@in_app
def questionnaires_check(paths: tuple[Path, ...]):
    """Validate definitions (default: all) and compare them with their published versions."""
    from ..questionnaire.repository import check

    _report(check(_directory(), list(paths) or None))


@questionnaires.command("publish")
@in_app
def questionnaires_publish():
    """Freeze the current version of each definition under questionnaires/published/."""
    from ..questionnaire.repository import publish

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
