"""Who may see what: the login manager, and network-scoped lookups for every staff view.

A user sees only the networks they belong to. Network data is always fetched through
:func:`load_network` and then scoped by that network, so that an id or key of another network
is simply not found (404) rather than refused: nobody learns what exists elsewhere.
"""

import functools

from flask import Flask, abort, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db, login_manager
from ..models import ROLES, Network, User
from ..services.logins import session_user


def init_app(app: Flask) -> None:
    # Flask-Login's own context processor loads the user for every template, which writes a
    # "_fresh" flag into every family's session cookie too; the lazy proxy loads it only when
    # a staff template asks.
    login_manager.init_app(app, add_context_processor=False)
    app.context_processor(lambda: {"current_user": current_user})
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.register_error_handler(403, forbidden)


def load_user(session_id: str) -> User | None:
    """The session's user, while the session lives on the server (see services.logins)."""
    user_id, _, key = session_id.partition(".")
    if not (user_id.isdigit() and len(user_id) < 12 and key):
        return None
    return session_user(int(user_id), key)


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.startswith("/api/") or best == "application/json"


def unauthorized():
    """Anonymous: JSON clients get 401, people get the login page and come back afterwards."""
    if wants_json():
        return jsonify(error="login required"), 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def forbidden(_error):
    from flask import render_template

    if wants_json():
        return jsonify(error="forbidden"), 403
    return render_template("staff/forbidden.html"), 403


def role_in(network: Network) -> str | None:
    """The current user's role in ``network``; the instance administrator sets up every one."""
    if not current_user.is_authenticated:
        return None
    if current_user.is_admin:
        return "coordinator"
    return current_user.role_in(network.id)


def has_role(network: Network, role: str) -> bool:
    granted = role_in(network)
    return granted is not None and ROLES.index(granted) >= ROLES.index(role)


def load_network(key: str, role: str) -> Network:
    """The network ``key`` if the current user has at least ``role`` there; 404 when they have
    no role at all (as if it did not exist), 403 when their role is too small."""
    network = db.session.scalar(select(Network).where(Network.key == key))
    if network is None or role_in(network) is None:
        abort(404)
    if not has_role(network, role):
        abort(403)
    return network


def my_networks(role: str = "viewer") -> list[Network]:
    """The networks where the current user has at least ``role``, by name."""
    networks = db.session.scalars(select(Network).order_by(Network.name))
    return [n for n in networks if has_role(n, role)]


def found_or_404(found):
    """What a lookup within the person's network found; nothing (or another network's) is a
    404, never a 403, so that nobody learns what exists elsewhere."""
    if found is None:
        abort(404)
    return found


def network_view(role: str):
    """Decorate a view of ``/<network>/…``: log in first, then ``network`` is the Network."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, network: str, **kwargs):
            if not current_user.is_authenticated:
                return unauthorized()
            return view(*args, network=load_network(network, role), **kwargs)

        return wrapper

    return decorate


def admin_required(view):
    """For the instance administrator only (creating networks)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
