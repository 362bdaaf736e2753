"""Exports of a round (CSV, Belgian CSV, XLSX) and its dialogue report."""

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from ..auth.access import found_or_404, has_role, network_view
from ..i18n import LANGUAGES
from ..pdf import document
from ..services.compare import compare, earlier_rounds, sentence
from ..services.compass import area_compass
from ..services.exports import record_export, responses_table, summary_table
from ..services.results import Filters, Results, overview, summaries
from ..services.rounds import network_round
from ..services.themes import done_analyses, find_question, theme_table
from ..vocabulary import FAMILY_SURVEY
from ..web.charts import compass_svg

bp = Blueprint("exports", __name__, url_prefix="/networks/<network>/rounds/<key>")


@bp.get("/export")
@network_view("viewer")
def export(network, key: str):
    """?kind=summary|responses &format=csv|xlsx &separator=comma|semicolon &language=nl…
    &keys=only (the stable column keys alone, for scripts)."""
    round_ = found_or_404(network_round(network, key))
    kind = request.args.get("kind", "summary")
    fmt = request.args.get("format", "csv")
    language = request.args.get("language", "nl")
    if kind not in ("summary", "responses") or fmt not in ("csv", "xlsx") or (
            language not in LANGUAGES):
        abort(404)
    keys_only = request.args.get("keys") == "only"
    if kind == "responses":
        if not has_role(network, "coordinator"):
            abort(403)  # row-level data: coordinators only, and on the record
        table = responses_table(round_, language, keys_only)
        record_export(round_, current_user.id, kind, fmt, len(table.data))
    else:
        table = summary_table(round_, language, keys_only)
    name = f"{network.key}-{round_.key}-{kind}"
    if fmt == "xlsx":
        return _file(table.xlsx(kind), name + ".xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    semicolon = request.args.get("separator") == "semicolon"
    return _file(table.csv(semicolon), name + ".csv", "text/csv; charset=utf-8")


def _file(body: bytes, filename: str, mimetype: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/report")
@network_view("viewer")
def report(network, key: str):
    """The dialogue report: one printable page per neighbourhood."""
    return render_template("dashboard/report.html", **_report_context(network, key))


@bp.get("/report.pdf")
@network_view("viewer")
def report_pdf(network, key: str):
    """The same report as a PDF (WeasyPrint; the charts are SVG already)."""
    context = _report_context(network, key)
    pdf = document(render_template("dashboard/report.html", **context, pdf=True)).write_pdf()
    return _file(pdf, f"{network.key}-{context['round'].key}-report.pdf", "application/pdf")


def _top_themes(round_, analyses) -> dict[int, list[dict]]:
    """Per neighbourhood, per analysed open question: its largest themes there (5 answers or
    more in the neighbourhood), with two quotes each. Named in order, without their sizes:
    beside the whole round's, a neighbourhood's sizes would give the others' by difference."""
    found: dict[int, list[dict]] = {hood.id: [] for hood in round_.neighbourhoods}
    for analysis, question in analyses:
        if question is None:
            continue
        for hood_id in found:
            rows = [row for row in theme_table(analysis, hood_id, quotes=2).rows if row.size]
            if rows:
                found[hood_id].append({"question": question, "rows": rows[:3]})
    return found


def _report_context(network, key: str) -> dict:
    round_ = found_or_404(network_round(network, key))
    earlier = next(iter(earlier_rounds(network, round_)), None)
    figures = overview(round_)
    themes = _top_themes(round_, [(a, find_question(round_, a.questionnaire_key,
                                                     a.question_key))
                                  for a in done_analyses(round_)])
    pages = []
    for hood in round_.neighbourhoods:
        compass = area_compass(round_.id, hood.id)
        changes = compare(earlier, round_, FAMILY_SURVEY, hood) if earlier else []
        family = next((v for v in round_.questionnaire_versions if v.key == FAMILY_SURVEY), None)
        found = summaries(round_, family, Filters(hood.id)) if family else Results(0, {})
        pages.append({
            "hood": hood, "responses": figures["neighbourhoods"].get(hood.id),
            "compass": compass_svg([(round_.name, compass)], width=760, height=600)
            if compass.shown else None,
            "sentences": [sentence(c, hood.name, earlier.name) for c in changes if c.notable],
            "family": family, "summaries": found.summaries, "respondents": found.respondents,
            "themes": themes[hood.id],
        })
    return {"network": network, "round": round_, "pages": pages, "earlier": earlier}
