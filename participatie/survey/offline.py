"""Offline tablets: the whole questionnaire on one page, a service worker and a manifest per link.

``/s/<code>/<lang>/all`` renders every screen with the same templates as the per-screen pages
(``survey/_screen.html``), each id prefixed with its question key; ``offline.js`` shows one screen
at a time, keeps finished responses in IndexedDB and sends them through ``POST /api/v1/responses``.
``/s/<code>/sw.js`` caches the link's pages, pictograms and audio, so that the screens work with
no connection; ``/s/<code>/offline`` is the staff page that prepares a tablet and shows its queue.
Without JavaScript none of this is reached: the per-screen round trips stay as they are.
"""

import hashlib
import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required

from ..auth.access import has_role
from ..i18n import LANGUAGES, use_language
from ..services.links import find_link, open_link
from ..services.voices import voices_in
from ..web.cache import render_once

bp = Blueprint("offline", __name__)
LANG = "<any(" + ",".join(LANGUAGES) + "):lang>"


@bp.get(f"/<code>/{LANG}/all")
def one_page(code: str, lang: str):
    """Every screen of the questionnaire in one page, for a tablet that may lose its connection."""
    link = open_link(code)
    version = link.questionnaire_version
    questionnaire = version.questionnaire
    if lang not in questionnaire.languages:
        abort(404)
    use_language(lang)
    screens = [q for section in questionnaire.sections for q in section.questions]
    kiosk = link.mode == "kiosk"
    # The same page for every tablet of this link: rendered once per version, language, voices.
    key = (link.code, link.mode, version.id, frozenset(voices_in(lang).items()))
    return render_once(
        key, "survey/all.html", link=link, questionnaire=questionnaire, screens=screens,
        language=LANGUAGES[g.get("language", lang)], preview=False, values={}, errors={},
        definition_url=url_for("api.questionnaire", key=version.key, version=version.version),
        minutes=max(2, round(len(questionnaire.screens({})) / 3)),
        kiosk_idle=current_app.config["KIOSK_IDLE_SECONDS"] if kiosk else None,
        kiosk_thanks=None,
    )


@bp.get("/<code>/sw.js")
def service_worker(code: str):
    """The link's service worker; its scope is ``/s/<code>`` (the language page included)."""
    link = open_link(code)
    version = link.questionnaire_version
    pages = [url_for("survey.choose_language", code=link.code),
             url_for(".manifest", code=link.code),
             url_for("api.questionnaire", key=version.key, version=version.version)]
    pages += [url_for(".one_page", code=link.code, lang=lang)
              for lang in version.questionnaire.languages]
    prefix = f"participatie-{link.code}-"
    # A new voice changes the worker, so a prepared tablet fetches it at its next visit online.
    voices = json.dumps([sorted(voices_in(lang).items())
                         for lang in version.questionnaire.languages])
    cache = prefix + version.checksum[:12] + "-" + hashlib.sha256(voices.encode()).hexdigest()[:8]
    script = render_template("survey/sw.js", cache=cache,
                             prefix=prefix, pages=json.dumps(pages),
                             scope=url_for("survey.choose_language", code=link.code),
                             staff_hours=int(current_app.config["STAFF_SESSION_HOURS"]))
    response = Response(script, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = url_for("survey.choose_language", code=link.code)
    return response


@bp.get("/<code>/manifest.webmanifest")
def manifest(code: str):
    """A web app manifest per link: the tablet can keep the survey on its home screen."""
    link = open_link(code)
    title = link.questionnaire_version.questionnaire.title
    start = url_for("survey.choose_language", code=link.code)
    data = {"name": title.get("nl") or next(iter(title.values())), "start_url": start,
            "scope": start, "display": "standalone", "background_color": "#ffffff",
            "theme_color": "#ffffff",
            "icons": [{"src": url_for("pages.pictogram", code="1F3D8"), "sizes": "any",
                       "type": "image/svg+xml"}]}
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/<code>/offline")
@login_required
def prepare(code: str):
    """Staff: prepare this tablet for offline use, see its waiting and set-aside answers."""
    link = find_link(code)
    if link is None or not has_role(link.round.network, "viewer"):
        abort(404)
    version = link.questionnaire_version
    return render_template(
        "survey/offline.html", link=link, title=_("This tablet without a connection"),
        languages=[LANGUAGES[c] for c in version.questionnaire.languages])
