"""Importing a file of answers saved on an offline tablet (coordinators, their own network)."""

from flask import Blueprint, render_template, request

from ..auth.access import network_view
from ..services.imports import ImportFileError, import_responses, read_file

bp = Blueprint("imports", __name__, url_prefix="/networks/<network>")


@bp.route("/import", methods=["GET", "POST"])
@network_view("coordinator")
def import_file(network):
    """Upload the file a tablet saved; each response is stored once, however often it comes."""
    report, error = None, None
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            if upload is None or not upload.filename:
                raise ImportFileError("")
            bodies = read_file(upload.read())
        except ImportFileError as exc:
            error = str(exc) or None
            status = 422
        else:
            report = import_responses(bodies, lambda link: link.round.network_id == network.id)
            status = 200
        return render_template("dashboard/import.html", network=network, report=report,
                               error=error, missing=error is None and report is None), status
    return render_template("dashboard/import.html", network=network, report=None, error=None,
                           missing=False)
