"""What every answer of the app carries, from one place: security headers, cookies marked
``Secure`` behind https, ids in URLs within the database's range, JSON that cannot exhaust the
stack, and the API's errors as JSON.

A small ``after_request`` rather than Flask-Talisman: the policy is one fixed string (WAVE2.md),
HTTPS is decided by the proxy settings the app already has (``TRUSTED_PROXIES`` with ProxyFix,
``PUBLIC_URL``), and Talisman's own redirect to https and per-view options are not needed.
"""

from flask import Flask, Response, current_app, has_request_context, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import IntegerConverter

# The style hash is that of the empty <style> element Plotly creates and then fills through
# CSSOM (plotly.js issue 7543); no other inline script or style is allowed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; "
    "img-src 'self' data: blob:; media-src 'self' blob:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000"
# Ids in URLs are database integers: a larger number is simply not found (404), rather than
# an overflow in the database driver. PostgreSQL's INTEGER is the narrowest column.
MAX_ID = 2**31 - 1


def init_app(app: Flask) -> None:
    from . import logs

    logs.init_app()
    app.url_map.converters["int"] = DatabaseId
    app.json = SafeJSONProvider(app)
    app.session_interface = SessionInterface()
    app.after_request(add_headers)
    app.register_error_handler(HTTPException, api_http_error)
    app.register_error_handler(InternalServerError, api_server_error)


def is_database_id(value: object) -> bool:
    """Whether ``value`` can be an id in the database (for ids read from forms and queries)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


class DatabaseId(IntegerConverter):
    """``<int:…>`` in every route: 1 to MAX_ID, so a huge number is a 404, never an error."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class SafeJSONProvider(DefaultJSONProvider):
    """Flask's JSON, keeping the app's settings; a body nested too deep for the parser is
    invalid JSON (a 400), not a RecursionError."""

    ensure_ascii = False  # Arabic and Turkish answers stay readable (and shorter)
    sort_keys = False  # keys keep their order

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as too_deep:
            raise ValueError("JSON nested too deep") from too_deep


def https() -> bool:
    """Whether this request came over https (a trusted proxy may say so), or the app is
    published at an https address."""
    public = str(current_app.config.get("PUBLIC_URL") or "")
    return public.startswith("https://") or (has_request_context() and request.is_secure)


def cookie_secure(app: Flask) -> bool:
    return bool(app.config.get("SESSION_COOKIE_SECURE")) or https()


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is ``Secure`` whenever the app is reached over https; the API has
    no session."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookie_secure(app)

    def open_session(self, app: Flask, request):
        """None (Flask's null session: read as empty, never written or sent) for the API:
        devices send JSON without a cookie, and nothing of theirs is kept between requests."""
        if request.path.startswith("/api/"):
            return None
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask):
        """Flask's serializer, made once per app and keys (not twice per request)."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made = app.extensions.get("participatie.session_serializer")
        if made is None or made[0] != keys:
            made = app.extensions["participatie.session_serializer"] = (
                keys, super().get_signing_serializer(app))
        return made[1]


def add_headers(response: Response) -> Response:
    """The security headers a view did not set itself (the names present are read once: every
    answer passes here)."""
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}
    wanted = [*HEADERS.items(), *([("Strict-Transport-Security", HSTS)] if https() else [])]
    # Pictograms, audio and static files say how long they keep; every other answer (staff
    # pages, exports, the survey, the API) is never stored by a browser or a proxy.
    wanted.append(("Cache-Control", "no-store"))
    headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
    return response


def _is_api() -> bool:
    return request.path.startswith("/api/")


def api_http_error(error: HTTPException):
    """Errors of the API (404, 405, 413, …) as JSON, like its own; other rooms keep Flask's
    pages."""
    if not _is_api() or error.code is None:
        return error
    messages = {
        404: _("There is nothing at this address."),
        405: _("This address does not take this method."),
        413: _("The request is too large."),
    }
    message = messages.get(error.code, error.description or error.name)
    answer = jsonify(error=error.name.lower().replace(" ", "_"), message=message)
    answer.status_code = error.code
    for name, value in error.get_headers():
        if name.lower() == "allow":
            answer.headers[name] = value
    return answer


def api_server_error(error: InternalServerError):
    if not _is_api():
        return error
    answer = jsonify(error="server_error",
                     message=_("Something went wrong on the server. Send the response again "
                               "later."))
    answer.status_code = 500
    return answer
