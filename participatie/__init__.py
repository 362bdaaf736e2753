"""participatie: surveys and neighbourhood ratings for Flemish buurtgerichte netwerken."""

import os
from collections.abc import Callable

from flask import Flask

from .paths import PACKAGE_DIR, resource_dir
from .vocabulary import check_analysis_agrees


class App(Flask):
    """Flask, with each view and hook checked once for being a coroutine (Flask asks
    ``inspect`` again for every hook of every request: 7 times per family's request)."""

    _SYNCED_AT_MOST = 4096  # views, hooks and handlers: a few hundred

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._synced: dict[Callable, Callable] = {}

    def ensure_sync(self, func: Callable) -> Callable:
        try:
            return self._synced[func]
        except KeyError:
            synced = super().ensure_sync(func)
            if len(self._synced) < self._SYNCED_AT_MOST:
                self._synced[func] = synced
            return synced
        except TypeError:  # a callable that cannot be a key
            return super().ensure_sync(func)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, then the rooms (blueprints)."""
    app = App(
        __name__,
        instance_path=os.environ.get("PARTICIPATIE_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
    )
    register_config(app, test_config)
    check_analysis_agrees()
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_proxy(app)
    return app


def register_proxy(app: Flask) -> None:
    """Behind N trusted reverse proxies, read the client's address and scheme from them (for
    the login limits, links with https, HSTS and ``Secure`` cookies). An address is only ever
    stored as a keyed hash that expires (services.logins)."""
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_commands(app: Flask) -> None:
    """The console script's commands (``participatie …`` and ``flask --app participatie …``)."""
    from .cli import register_commands

    register_commands(app)


def register_config(app: Flask, test_config: dict | None) -> None:
    from .config import load_config

    load_config(app, test_config)


def register_extensions(app: Flask) -> None:
    from . import database, i18n, security
    from .auth import access
    from .extensions import csrf, db, migrate

    security.init_app(app)  # first: the routes' converters, the JSON provider
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    security.init_forms(app)
    i18n.init_app(app)
    access.init_app(app)


def register_blueprints(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .dashboard import bp as dashboard_bp
    from .dashboard.evaluation import fill_bp as evaluation_fill_bp
    from .extensions import csrf
    from .facilitate import bp as facilitate_bp
    from .health import bp as health_bp
    from .pages import bp as pages_bp
    from .staff import bp as staff_bp
    from .survey import bp as survey_bp
    from .survey.messages import csrf_error
    from .web.charts import charts_bp

    csrf.exempt(api_bp)  # devices send JSON without a session; nothing rides on a cookie
    for blueprint in (health_bp, api_bp, pages_bp, survey_bp, auth_bp, staff_bp, admin_bp,
                      facilitate_bp, dashboard_bp, evaluation_fill_bp, charts_bp):
        app.register_blueprint(blueprint)
    app.register_error_handler(CSRFError, csrf_error)

