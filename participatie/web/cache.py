"""Family pages rendered once: a question screen is the same page for every family that sees it
with the same answers, apart from the form's token.

:func:`render_once` renders a template with a slot where the CSRF token goes, keeps the HTML per
app (a bounded LRU, keyed by what the caller says the page depends on and the language) and fills
the slot with this request's token. The caller's key must hold everything the page shows: the
link, the questionnaire version, the screen, the answers on it, the preview flag, the voices.
Free text a family typed is never kept here (the caller renders those pages each time).
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable

from flask import current_app, g, render_template, request

from ..security import signed_token

PAGES = 512  # per app; a questionnaire has about 20 screens in 5 languages
_SLOT = "csrf-slot-" + secrets.token_hex(12)
_lock = threading.Lock()


def render_once(key: Hashable, template: str, **context) -> str:
    """``template`` rendered with ``context``, from the app's pages when ``key`` was rendered
    before in this language; the token slot filled for this request."""
    cache = current_app.extensions.setdefault("participatie.pages", OrderedDict())
    full_key = (template, g.get("language"), request.script_root, key)
    with _lock:
        html = cache.get(full_key)
        if html is not None:
            cache.move_to_end(full_key)
    if html is None:
        html = render_template(template, csrf_token=lambda: _SLOT, **context)
        with _lock:
            cache[full_key] = html
            while len(cache) > PAGES:
                cache.popitem(last=False)
    return html.replace(_SLOT, signed_token())
