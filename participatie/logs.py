"""No client address or user agent in any log line (README: no address is written anywhere).

gunicorn's error log writes ``Invalid request from ip=…`` for a malformed request, and the
development server writes each request with its address; :class:`NoAddresses` takes addresses
out of every record it sees, and :class:`PrivateLogger` is gunicorn's logger with it and without
an access log (whose lines carry the address and the user agent).
"""

import logging
import re

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
