"""``participatie serve``: the app under gunicorn."""

import contextvars

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, workers: int):
    """Serve the app with gunicorn (no access log: no addresses are written anywhere)."""
    from gunicorn.app.base import BaseApplication

    app = current_app._get_current_object()  # type: ignore[attr-defined]
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
    # The command line's app context must not reach the forked workers: there every request
    # would share it (and its ``g``) instead of pushing its own.
    contextvars.Context().run(Server().run)
