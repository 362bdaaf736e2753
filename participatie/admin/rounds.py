"""Rounds and their collection links, QR codes and posters (``/admin/networks/<network>/…``)."""

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..auth.access import found_or_404, network_view
from ..labels import MODE_LABELS
from ..services.links import local_today, public_url_for
from ..services.networks import SetupError
from ..services.qr import qr_png, qr_svg
from ..services.rounds import (
    close_round,
    create_link,
    network_link,
    network_round,
    reopen_round,
    round_links,
    save_round,
    set_link_enabled,
)
from ..services.versions import newer_versions
from ..web.feedback import show_error
from ..web.forms import fill_choices, options, version_label
from ..web.i18n import in_each_language
from .forms import LinkForm, RoundForm

bp = Blueprint("rounds", __name__, url_prefix="/networks/<network>")


def public_url(link) -> str:
    """Where families open ``link``: on the configured public address, else on this one."""
    return public_url_for(link.code)


@bp.route("/rounds/new", methods=["GET", "POST"], defaults={"key": None})
@bp.route("/rounds/<key>/edit", methods=["GET", "POST"])
@network_view("coordinator")
def edit(network, key: str | None):
    round_ = key and found_or_404(network_round(network, key))
    form = RoundForm(obj=round_ or None)
    form.versions.choices = options(
        (v.id, version_label(v)) for v in network.questionnaire_versions)
    form.neighbourhoods.choices = options((n.id, n.name) for n in network.neighbourhoods)
    if not form.is_submitted():
        chosen = round_ or None
        form.versions.data = [v.id for v in chosen.questionnaire_versions] if chosen else [
            v.id for v in network.questionnaire_versions]
        form.neighbourhoods.data = [n.id for n in (chosen or network).neighbourhoods]
    if form.validate_on_submit():
        try:
            saved = save_round(network, name=form.name.data, opens_on=form.opens_on.data,
                               closes_on=form.closes_on.data, version_ids=form.versions.data,
                               neighbourhood_ids=form.neighbourhoods.data, round_=round_ or None)
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("Round %(name)s is saved.", name=saved.name))
            return redirect(url_for(".show", network=network.key, key=saved.key))
    title = round_.name if round_ else _("New round")
    return render_template("admin/form.html", form=form, network=network, title=title)


@bp.route("/rounds/<key>/", methods=["GET", "POST"])
@network_view("coordinator")
def show(network, key: str):
    """The round, its links, and a form to make another link."""
    round_ = found_or_404(network_round(network, key))
    form = LinkForm()
    fill_choices(form, round_)
    if form.validate_on_submit():
        try:
            link = create_link(round_, form.neighbourhood.data, form.version.data,
                               form.mode.data)
        except SetupError as refused:
            show_error(form, refused)
        else:
            flash(_("Link %(code)s is made.", code=link.code))
            return redirect(url_for(".link", network=network.key, code=link.code))
    return render_template("admin/round.html", network=network, round=round_, form=form,
                           links=round_links(round_), today=local_today(),
                           modes=MODE_LABELS, offers=newer_versions(round_),
                           ), 422 if form.errors else 200


@bp.post("/rounds/<key>/close")
@network_view("coordinator")
def close(network, key: str):
    round_ = found_or_404(network_round(network, key))
    close_round(round_)
    flash(_("Round %(name)s is closed: its links take no more answers.", name=round_.name))
    return redirect(url_for(".show", network=network.key, key=key))


@bp.post("/rounds/<key>/reopen")
@network_view("coordinator")
def reopen(network, key: str):
    round_ = found_or_404(network_round(network, key))
    try:
        reopen_round(round_)
    except SetupError as refused:
        flash(str(refused.message))
        return redirect(url_for(".show", network=network.key, key=key))
    flash(_("Round %(name)s is open again.", name=round_.name))
    return redirect(url_for(".show", network=network.key, key=key))


@bp.get("/links/<code>")
@network_view("coordinator")
def link(network, code: str):
    found = found_or_404(network_link(network, code))
    url = public_url(found)
    return render_template("admin/link.html", network=network, link=found, url=url,
                           qr=qr_svg(url, title=_("QR code for %(url)s", url=url)),
                           modes=MODE_LABELS, today=local_today(),
                           local=("//127.0.0.1" in url or "//localhost" in url))


@bp.get("/links/<code>/qr.svg")
@network_view("coordinator")
def qr_code_svg(network, code: str):
    found = found_or_404(network_link(network, code))
    return _download(qr_svg(public_url(found)), "image/svg+xml", f"qr-{found.code}.svg")


@bp.get("/links/<code>/qr.png")
@network_view("coordinator")
def qr_code_png(network, code: str):
    found = found_or_404(network_link(network, code))
    return _download(qr_png(public_url(found)), "image/png", f"qr-{found.code}.png")


@bp.get("/links/<code>/poster")
@network_view("coordinator")
def poster(network, code: str):
    """An A4 poster for the school gate: QR code, pictogram and the short link to type."""
    found = found_or_404(network_link(network, code))
    url = public_url(found)
    invite = in_each_language(lambda: _("Your opinion counts. Scan the code or type the link."),
                              found.questionnaire_version.questionnaire.languages)
    return render_template("admin/poster.html", link=found, url=url, invites=invite,
                           short=url.split("://", 1)[-1], qr=qr_svg(url, title=url))


@bp.post("/links/<code>/disable")
@network_view("coordinator")
def disable(network, code: str):
    found = found_or_404(network_link(network, code))
    set_link_enabled(found, False)
    flash(_("Link %(code)s takes no more answers.", code=found.code))
    return redirect(url_for(".link", network=network.key, code=found.code))


@bp.post("/links/<code>/enable")
@network_view("coordinator")
def enable(network, code: str):
    found = found_or_404(network_link(network, code))
    set_link_enabled(found, True)
    flash(_("Link %(code)s takes answers again.", code=found.code))
    return redirect(url_for(".link", network=network.key, code=found.code))


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
