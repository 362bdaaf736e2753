"""The ``participatie`` console script: Flask's CLI for this app.

:data:`main` is a ``FlaskGroup`` that builds the app with ``create_app()`` (configuration from
the environment and the instance folder); the app's commands are registered in ``create_app``
by :func:`register_commands`, so ``flask --app participatie …`` offers the same commands. Each
runs inside the app's context and speaks English, as the rest of its output does.
"""

import functools

import click
from flask import Flask, g
from flask.cli import FlaskGroup, with_appcontext

from analysis.cli import analyse

from .. import create_app

main = FlaskGroup(
    name="participatie", create_app=create_app,
    help="participatie: surveys and neighbourhood ratings for buurtgerichte netwerken.")
# `participatie analyse clusters …`, from the analysis library: it needs no app.
main.add_command(analyse)


def register_commands(app: Flask) -> None:
    """Put the console script's commands on ``app.cli`` (after the extensions: the ``db``
    group here replaces the one Flask-Migrate registers)."""
    from . import accounts, database, imports, operations, questionnaires, rounds, server

    for command in (server.serve, database.db, database.demo, database.drafts, accounts.users,
                    rounds.export, rounds.themes, questionnaires.questionnaires, analyse,
                    imports.import_file, operations.worker, operations.backup,
                    operations.restore, operations.purge):
        app.cli.add_command(command)


def in_app(command):
    """Run ``command`` inside the app's context, in English, and close the database
    connections when it is done (not when they are collected)."""

    @functools.wraps(command)
    @with_appcontext
    def wrapper(*args, **kwargs):
        from ..extensions import db

        g.language = "en"  # the command line speaks English, as its other output does
        try:
            return command(*args, **kwargs)
        finally:
            db.session.remove()
            db.engine.dispose()

    return wrapper


def find_network(key: str):
    from sqlalchemy import select

    from ..extensions import db
    from ..models import Network

    network = db.session.scalar(select(Network).where(Network.key == key))
    if network is None:
        raise click.ClickException(f"no network with the key {key!r}")
    return network


def find_round(path: str):
    """The round named by ``NETWORK/ROUND`` (the keys of both, as in the dashboard's URLs)."""
    from ..services.rounds import network_round

    network_key, _, round_key = path.partition("/")
    round_ = network_round(find_network(network_key), round_key)
    if round_ is None:
        raise click.ClickException(f"no round {round_key!r} in network {network_key!r}")
    return round_


def or_fail(action):
    """``action()``, with a questionnaire definition's or a database's refusal as a clear
    error of the command line."""
    from ..questionnaire import DefinitionError
    from ..services.questionnaires import PublishedVersionChanged

    try:
        return action()
    except DefinitionError as exc:
        raise click.ClickException("\n".join(exc.lines())) from exc
    except (PublishedVersionChanged, LookupError) as exc:
        raise click.ClickException(str(exc)) from exc
