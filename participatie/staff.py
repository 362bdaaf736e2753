"""The staff's landing page, ``/staff``: my networks, my role, their rounds and links."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .auth.access import has_role, my_networks
from .labels import MODE_LABELS, ROLE_LABELS
from .services.links import local_today
from .services.rounds import round_links

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
@login_required
def home():
    networks = my_networks()
    return render_template(
        "staff/home.html", networks=networks, round_links=round_links, today=local_today(),
        modes=MODE_LABELS, roles=ROLE_LABELS,
        coordinates=lambda network: has_role(network, "coordinator"),
        role_of=lambda network: "coordinator" if current_user.is_admin
        else current_user.role_in(network.id),
    )
