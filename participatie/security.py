"""What every answer of the app carries, from one place: security headers, cookies marked
``Secure`` behind https, ids in URLs within the database's range, JSON that cannot exhaust the
stack, and the API's errors as JSON.

A small WSGI middleware (:class:`AnswerHeaders`) rather than Flask-Talisman: the policy is one
fixed string (WAVE2.md), HTTPS is decided by the proxy settings the app already has
(``TRUSTED_PROXIES`` with ProxyFix, ``PUBLIC_URL``), and Talisman's own redirect to https and
per-view options are not needed.
"""

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app, has_request_context, jsonify, make_response, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from itsdangerous import BadSignature
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import IntegerConverter

from .bounded import Bounded
from .logs import environ_request_id

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
    app.wsgi_app = AnswerHeaders(app, app.wsgi_app)  # type: ignore[method-assign]
    app.register_error_handler(HTTPException, api_http_error)
    app.register_error_handler(InternalServerError, api_server_error)


def init_forms(app: Flask) -> None:
    """After Flask-WTF's: the templates' ``csrf_token()`` is :data:`signed_token`."""
    app.context_processor(lambda: {"csrf_token": signed_token})


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
    return _https(current_app, request.environ if has_request_context() else {})


def cookie_secure(app: Flask) -> bool:
    return bool(app.config.get("SESSION_COOKIE_SECURE")) or https()


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is ``Secure`` whenever the app is reached over https; the API has
    no session."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookie_secure(app)

    def open_session(self, app: Flask, request):
        """None (Flask's null session: read as empty, never written or sent) for the API:
        devices send JSON without a cookie, and nothing of theirs is kept between requests.

        Else Flask's session, with a cookie this process verified before read from
        :class:`VerifiedCookies`: a family's cookie stays the same from screen to screen (the
        session changes when the walk starts and ends), and checking its signature, inflating
        and parsing it again was a sixth of a question page's work."""
        if request.path.startswith("/api/"):
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        serializer, verified = self._made(app)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        data = verified.get(value, max_age)
        if data is None:
            try:
                data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            verified.keep(value, data, signed_at.timestamp())
        return self.session_class(data)

    def get_signing_serializer(self, app: Flask):
        """Flask's serializer, made once per app and keys (not twice per request)."""
        return self._made(app)[0]

    def _made(self, app: Flask) -> tuple[Any, "VerifiedCookies"]:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made = app.extensions.get("participatie.session_serializer")
        if made is None or made[0] != keys:  # new keys: nothing verified with the old ones
            made = app.extensions["participatie.session_serializer"] = (
                keys, super().get_signing_serializer(app), VerifiedCookies())
        return made[1], made[2]


class VerifiedCookies:
    """Session cookies whose signature this process has checked, with what they hold and
    when they were signed: the same bytes under the same keys verify the same way, so a
    cookie seen before is not checked again while it is young enough. Only sessions of plain
    values (text, numbers, flags) are kept, and each request gets its own copy of them. At
    most ``size`` cookies, the oldest forgotten first."""

    def __init__(self, size: int = 4096):
        self._cookies = Bounded(size)

    def get(self, value: str, max_age: int) -> dict | None:
        found = self._cookies.get(value)
        if found is None:
            return None
        data, signed_at = found
        if time.time() - signed_at > max_age:  # expired: the serializer says so again
            return None
        return data

    def keep(self, value: str, data: Any, signed_at: float) -> None:
        if isinstance(data, dict) and all(isinstance(item, _PLAIN) for item in data.values()):
            self._cookies.put(value, (data, signed_at))


_PLAIN = (str, int, float, bool, type(None))


# -- the forms' token ---------------------------------------------------------------------------

TOKEN_REUSED_SECONDS = 300


class SignedTokens:
    """Flask-WTF's signed form tokens, signed once per session token (and keys) and used again
    for ``TOKEN_REUSED_SECONDS``: ``generate_csrf`` signs anew on every page, where a family's
    session token stays the same for the whole walk. A token reused is one signed a few
    minutes earlier, valid as long as that one (never longer than a tenth of
    ``WTF_CSRF_TIME_LIMIT``). At most ``size`` tokens, the oldest forgotten first."""

    def __init__(self, size: int = 4096):
        self._tokens = Bounded(size)

    def __call__(self) -> str:
        from flask import g, session
        from flask_wtf.csrf import generate_csrf

        config = current_app.config
        field_name = config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
        if field_name in g:
            return g.get(field_name)
        raw = session.get(field_name)
        if not isinstance(raw, str):
            return generate_csrf()  # draws the session's token
        key = (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, field_name, raw)
        limit = config.get("WTF_CSRF_TIME_LIMIT")
        reuse = min(TOKEN_REUSED_SECONDS, limit / 10) if limit else TOKEN_REUSED_SECONDS
        now = time.time()
        found = self._tokens.get(key)
        if found is not None and now - found[1] < reuse:
            setattr(g, field_name, found[0])
            return found[0]
        token = generate_csrf()
        self._tokens.put(key, (token, now))
        return token


signed_token = SignedTokens()


class AnswerHeaders:
    """The security headers, ``Cache-Control: no-store`` and the request's id on every answer
    that leaves the app, where a view did not set them itself: Flask's pages and errors,
    werkzeug's own (a 404 before any view, a 405), files and exports.

    A WSGI middleware rather than ``after_request`` hooks: it adds to the plain list of header
    pairs as the answer starts, once, where a hook per answer built werkzeug ``Headers``
    (every request of every family passes here; issue 20). ProxyFix, when the app is behind
    a proxy, wraps this one: the scheme read here is the one the proxy gave."""

    def __init__(self, app: Flask, wsgi_app: Callable):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            present = {name.lower() for name, _value in headers}
            headers.extend(pair for pair, lower in _ANSWER_HEADERS if lower not in present)
            if "strict-transport-security" not in present and _https(self.app, environ):
                headers.append(("Strict-Transport-Security", HSTS))
            if "x-request-id" not in present:
                headers.append(("X-Request-ID", environ_request_id(environ)))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


# Pictograms, audio and static files say how long they keep; every other answer (staff pages,
# exports, the survey, the API) is never stored by a browser or a proxy.
_ANSWER_HEADERS = [((name, value), name.lower())
                   for name, value in [*HEADERS.items(), ("Cache-Control", "no-store")]]


def _https(app: Flask, environ: dict) -> bool:
    """:func:`https` of the request of a WSGI environ (also as its answer starts, when the
    request context is gone)."""
    public = str(app.config.get("PUBLIC_URL") or "")
    return public.startswith("https://") or environ.get("wsgi.url_scheme") in ("https", "wss")


def _is_api() -> bool:
    return request.path.startswith("/api/")


def _messages() -> dict[int, str]:
    return {
        404: _("There is nothing at this address."),
        405: _("This address does not take this method."),
        413: _("The request is too large."),
    }


def api_http_error(error: HTTPException):
    """Errors of the API (404, 405, 413, …) as JSON, like its own; in the other rooms a
    person reads what went wrong in their language (see :func:`page_error`)."""
    if error.code is None:
        return error
    if not _is_api():
        return page_error(error)
    message = _messages().get(error.code, error.description or error.name)
    answer = jsonify(error=error.name.lower().replace(" ", "_"), message=message)
    answer.status_code = error.code
    for name, value in error.get_headers():
        if name.lower() == "allow":
            answer.headers[name] = value
    return answer


def page_error(error: HTTPException):
    """A page that is not found, a method or a size a page does not take: said in the
    person's language, with the way back (the staff's menu when logged in); other errors keep
    Flask's own answer."""
    from flask import render_template, session

    code = error.code or 0
    if code not in (404, 405, 413):
        return error
    title = _("Page not found") if code == 404 else _("That did not work")
    message = {
        404: " ".join((_("There is nothing at this address."),
                       _("The link may be incomplete, or what it led to was removed."))),
        405: _("Go back and try again."),
        413: " ".join((_("The request is too large."),
                       _("Send less at once, or a smaller file."))),
    }[code]
    # Logged in (read from the session as it is: loading the user would write into a
    # family's cookie).
    staff = bool(session.get("_user_id"))
    page = render_template("errors/http.html", title=title, message=message, staff=staff)
    answer = make_response(page, code)
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
