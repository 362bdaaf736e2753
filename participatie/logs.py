"""No client address or user agent in any log line (README: no address is written anywhere).

gunicorn's error log writes ``Invalid request from ip=…`` for a malformed request, and the
development server writes each request with its address; :class:`NoAddresses` takes addresses
out of every record it sees, and :class:`PrivateLogger` is gunicorn's logger with it and without
an access log (whose lines carry the address and the user agent).
"""

import logging
import re
import uuid

from gunicorn import glogging

HIDDEN = "[address]"
# ip=… in gunicorn's messages (an IPv6 address holds colons: up to the ": " after it), then any
# IPv4 address, then anything that looks like an IPv6 address ("::" in it, or eight groups; a
# time of day such as 12:30:45 is left alone).
_ADDRESSES = [
    (re.compile(r"\bip=\S+?(?=: |$|\s)"), "ip=" + HIDDEN),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), HIDDEN),
    (re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){7})[0-9A-Fa-f:]{2,39}"
                r"(?![\w:])"), HIDDEN),
]
_USER_AGENT = re.compile(r"(?i)(user-agent\s*[:=]\s*)[^\r\n]*")


def scrub(message: str) -> str:
    for pattern, replacement in _ADDRESSES:
        message = pattern.sub(replacement, message)
    return _USER_AGENT.sub(r"\1[user agent]", message)


class NoAddresses(logging.Filter):
    """Rewrites a record's message without client addresses or user agents."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a message whose arguments do not fit stays as it was
            return True
        if message.startswith("Listening at:"):  # the server's own address, not a client's
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class PrivateLogger(glogging.Logger):
    """gunicorn's logger without the access log, and without addresses in the error log."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.error_log.addFilter(NoAddresses())
        for handler in self.error_log.handlers:
            handler.addFilter(NoAddresses())

    def access(self, resp, req, environ, request_time) -> None:
        """Never: an access line holds the client's address and user agent."""


def init_app() -> None:
    """The development server (``flask run``) logs each request with the client's address."""
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, NoAddresses) for f in werkzeug.filters):
        werkzeug.addFilter(NoAddresses())


# -- structured lines for operators ----------------------------------------------------------

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


_ENVIRON_KEY = "participatie.request_id"


def request_id() -> str | None:
    """The current request's id (from a proxy's ``X-Request-ID`` when it is a plain token,
    else drawn here), or None outside a request."""
    from flask import has_request_context, request

    return environ_request_id(request.environ) if has_request_context() else None


def environ_request_id(environ: dict) -> str:
    """The id of the request of this WSGI environ, taken the first time it is asked for and
    kept in the environ: sent back in ``X-Request-ID`` (security.AnswerHeaders) and written
    in the request's log lines."""
    found = environ.get(_ENVIRON_KEY)
    if found is None:
        given = environ.get("HTTP_X_REQUEST_ID", "")
        found = environ[_ENVIRON_KEY] = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    return found


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message (without addresses or user
    agents), the request id, and an error's kind and trace. Nothing of a family's answers is
    logged anywhere; staff are named by nothing but what the message says (never an email)."""

    def format(self, record: logging.LogRecord) -> str:
        import json

        line: dict[str, str | None] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        rid = getattr(record, "request_id", None) or request_id()
        if rid:
            line["request_id"] = rid
        if record.exc_info:
            line["error"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            line["trace"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


JsonLines.converter = __import__("time").gmtime  # times in UTC, as the Z says


def use_json_lines(*loggers: logging.Logger) -> None:
    """Write JSON lines on stderr: on the root logger's handler (and on the given loggers')."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    root.setLevel(min(root.level or logging.INFO, logging.INFO))
    for logger in (root, *loggers):
        for handler in logger.handlers:
            handler.setFormatter(JsonLines())
            handler.addFilter(NoAddresses())


# gunicorn's logging configuration for JSON lines: its error log, and the app's loggers.
JSON_LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "participatie.logs.JsonLines"}},
    "filters": {"no_addresses": {"()": "participatie.logs.NoAddresses"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "filters": ["no_addresses"], "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["stderr"],
                                   "propagate": False}},
}
