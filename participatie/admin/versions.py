"""Moving a round's links to a newer published questionnaire version (same codes, same QR)."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import ngettext

from ..auth.access import found_or_404, network_view
from ..services.rounds import network_round
from ..services.versions import MoveError, move_links

bp = Blueprint("versions", __name__, url_prefix="/networks/<network>/rounds/<key>")


@bp.post("/move-links")
@network_view("coordinator")
def move(network, key: str):
    round_ = found_or_404(network_round(network, key))
    try:
        moved = move_links(round_, request.form.get("current", type=int) or 0,
                           request.form.get("newest", type=int) or 0)
    except MoveError as refused:
        flash(str(refused))
    else:
        flash(ngettext(
            "%(num)s link now asks the newer version; its code and QR code stay the same.",
            "%(num)s links now ask the newer version; their codes and QR codes stay the same.",
            moved))
    return redirect(url_for("admin.rounds.show", network=network.key, key=round_.key))
