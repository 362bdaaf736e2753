"""Recorded voices, ``/facilitate/networks/<network>/voices``: which texts of the network's
questionnaires still lack a voice, and a page per questionnaire and language to record each text
in the browser (MediaRecorder), listen back, record again, or upload a file instead."""

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from ..auth.access import network_view
from ..i18n import LANGUAGES
from ..services.voices import (
    VoiceError,
    coverage,
    network_versions,
    save_voice,
    voice_texts,
    voices_in,
)

bp = Blueprint("voices", __name__, url_prefix="/networks/<network>/voices")


@bp.get("/")
@network_view("facilitator")
def index(network):
    versions = [(v, coverage(v.questionnaire)) for v in network_versions(network)]
    return render_template("facilitate/voices.html", network=network, versions=versions,
                           languages=LANGUAGES)


@bp.route("/<questionnaire>/<any(nl,fr,en,ar,tr):lang>", methods=["GET", "POST"])
@network_view("facilitator")
def record(network, questionnaire: str, lang: str):
    """Record or upload each text of a questionnaire (``?version=N``, default: the latest the
    network asks); POST (one text, one file) answers JSON to the script, and this page again
    without JavaScript."""
    asked = [v for v in network_versions(network) if v.key == questionnaire]
    wanted = request.args.get("version", type=int)
    found = next((v for v in reversed(asked) if wanted in (None, v.version)), None)
    if found is None or lang not in found.questionnaire.languages:
        abort(404)
    texts = voice_texts(found.questionnaire, lang)
    error = None
    if request.method == "POST":
        text = next((t for t in texts if t.hash == request.form.get("text")), None)
        upload = request.files.get("file")
        try:
            if text is None or upload is None:
                raise VoiceError(_("Choose a recording or a sound file first."))
            save_voice(lang, text.text, upload.read())
        except VoiceError as exc:
            if request.accept_mimetypes.best == "application/json":
                return jsonify(error=str(exc)), 422
            error = str(exc)
        else:
            if request.accept_mimetypes.best == "application/json":
                return jsonify(ok=True), 201
    recorded = voices_in(lang)
    missing_only = request.args.get("missing") == "1"
    shown = [t for t in texts if not (missing_only and t.hash in recorded)]
    return render_template(
        "facilitate/voice_record.html", network=network, version=found, lang=LANGUAGES[lang],
        texts=shown, recorded=recorded, error=error, missing_only=missing_only,
        action=url_for(".record", network=network.key, questionnaire=questionnaire, lang=lang,
                       version=found.version),
    ), 422 if error else 200
