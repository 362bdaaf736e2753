"""``participatie serve``: the app under gunicorn."""

import contextvars
import gc

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, workers: int):
    """Serve the app with gunicorn (no access log, no addresses in any log line, no banner)."""
    from gunicorn.app.base import BaseApplication

    from ..logs import JSON_LOGGING, PrivateLogger

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("SECRET_KEY"):
        raise click.ClickException("no secret key yet: run 'participatie db upgrade' first")

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("timeout", 120)  # a PDF of a stack of paper forms takes a while
            self.cfg.set("logger_class", PrivateLogger)
            if app.config["LOG_FORMAT"] == "json":
                self.cfg.set("logconfig_dict", JSON_LOGGING)
            self.cfg.set("accesslog", None)

        def load(self):
            return app

    hide_server_banner()
    # Everything made so far (modules, the app, its templates and questionnaires) lives as long
    # as the process: out of the garbage collector's full passes, which then only walk what
    # requests made (a 10,000-row export otherwise pays for walking ~275,000 objects, twice),
    # and shared with the forked workers' memory instead of copied when a pass touches it.
    gc.freeze()
    click.echo(f"participatie serves on http://{host}:{port}")
    # The command line's app context must not reach the forked workers: there every request
    # would share it (and its ``g``) instead of pushing its own.
    contextvars.Context().run(Server().run)


def hide_server_banner() -> None:
    """gunicorn writes ``Server: gunicorn`` into every answer and has no setting for it: its
    responses are made by the class in ``gunicorn.http.wsgi``, replaced here by one without
    that line (before the workers fork)."""
    from gunicorn.http import wsgi

    if getattr(wsgi.Response, "banner_hidden", False):
        return

    class Response(wsgi.Response):
        banner_hidden = True

        def default_headers(self):
            return [line for line in super().default_headers()
                    if not line.lower().startswith("server:")]

    wsgi.Response = Response
