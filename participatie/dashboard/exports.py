"""Exports of a round (CSV, Belgian CSV, XLSX) and its dialogue report (HTML, and a PDF made
by a job: services/reports.py)."""

from collections.abc import Iterator

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from ..auth.access import found_or_404, has_role, network_view
from ..i18n import LANGUAGES, staff_language, use_language
from ..models import JobState
from ..pdf import document
from ..services import reports
from ..services.compare import compare, earlier_rounds, sentence
from ..services.compass import area_compass
from ..services.exports import record_export, responses_table, summary_table
from ..services.results import Filters, overview, summaries
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
    # Streamed: a spreadsheet of 10,000 responses starts arriving at once.
    return _file(table.csv_stream(semicolon), name + ".csv", "text/csv; charset=utf-8")


def _file(body: bytes | Iterator[bytes], filename: str, mimetype: str) -> Response:
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
    """The same report as a PDF, once a job has made it (WeasyPrint takes seconds of CPU):
    until then, the page that shows the job's progress."""
    round_ = found_or_404(network_round(network, key))
    report = reports.report_of(round_, staff_language())
    if report is None or not reports.is_ready(report, round_):
        return redirect(url_for(".report_progress", network=network.key, key=key), 303)
    return _file(reports.pdf_of(report), f"{network.key}-{round_.key}-report.pdf",
                 "application/pdf")


@bp.get("/report/pdf")
@network_view("viewer")
def report_progress(network, key: str):
    """Asks for the PDF (made once however often asked) and shows how far it is; reloads
    itself (no script needed), and starts the download when it is ready. A failed job is
    tried again only when asked (``?again=1``)."""
    round_ = found_or_404(network_round(network, key))
    report = reports.report_of(round_, staff_language())
    failed = report is not None and report.status == JobState.FAILED and report.error
    if not failed or request.args.get("again"):
        report = reports.request_report(round_, staff_language())
        failed = False
    ready = reports.is_ready(report, round_)
    return render_template("dashboard/report_pdf.html", network=network, round=round_,
                           report=report, ready=ready, failed=failed,
                           stalled=not ready and not failed and not reports.is_busy(report))


@bp.get("/report/pdf/status")
@network_view("viewer")
def report_status(network, key: str):
    """The PDF job's state, for the page's script (it asks for nothing itself)."""
    round_ = found_or_404(network_round(network, key))
    report = reports.report_of(round_, staff_language())
    if report is None:
        return jsonify(status="none", progress=0)
    state = report.status
    if reports.is_ready(report, round_):
        state = JobState.DONE
    elif state in JobState.busy() and not reports.is_busy(report) or state == JobState.DONE:
        state = JobState.STALLED
    return jsonify(status=state, progress=report.progress)


def render_pdf(round_, language: str, progress) -> bytes:
    """The report's PDF in ``language``, for the job (a worker or a thread: no request of a
    person, no login); the same page and figures as the HTML report."""
    with current_app.test_request_context():
        use_language(language)
        context = _report_context(round_.network, round_.key)
        progress(40)
        laid_out = document(render_template("dashboard/report.html", **context, pdf=True))
        progress(80)
        return laid_out.write_pdf()


bp.record_once(lambda state: reports.use_renderer(state.app, render_pdf))


REPORT_QUESTIONS = ("reachable", "available", "affordable", "understandable", "usable")
REPORT_THEMES = 3  # per open question, on a neighbourhood's page and the round's first page
REPORT_SENTENCES = 5
ROUND_SENTENCES = 3  # the round's first page: one page, with the compass and the themes


def _top_themes(round_, analyses, hood_id: int | None, quotes: int) -> list[dict]:
    """Per analysed open question: its largest themes (shown ones: 5 answers or more), in
    order, with a quote each on a neighbourhood's page. Named without their sizes: the page is
    read aloud at a dialogue moment, where what matters is what, not how many."""
    found = []
    for analysis, question in analyses:
        if question is None:
            continue
        rows = [row for row in theme_table(analysis, hood_id, quotes=quotes).rows if row.size]
        if rows:
            found.append({"question": question, "rows": rows[:REPORT_THEMES]})
    return found


def _family_table(round_, family, filters: Filters) -> dict | None:
    """The five access questions of the family survey as one compact table (a row per
    question, a column per face), or None when too few answered."""
    if family is None:
        return None
    found = summaries(round_, family, filters)
    questions = [q for key in REPORT_QUESTIONS if (q := family.questionnaire.question(key))]
    if not found.respondents or not questions:
        return None
    return {"respondents": found.respondents, "choices": questions[0].choices(),
            "rows": [(q, found.summaries[q.key]) for q in questions]}


def _report_context(network, key: str) -> dict:
    """The dialogue report: a first page about the whole round (who answered, the
    neighbourhoods' compasses side by side, what changed, the main themes), then at most two
    A4 pages per neighbourhood."""
    round_ = found_or_404(network_round(network, key))
    earlier = next(iter(earlier_rounds(network, round_)), None)
    figures = overview(round_)
    analyses = [(a, find_question(round_, a.questionnaire_key, a.question_key))
                for a in done_analyses(round_)]
    family = next((v for v in round_.questionnaire_versions if v.key == FAMILY_SURVEY), None)
    compasses = [(hood, area_compass(round_.id, hood.id)) for hood in round_.neighbourhoods]
    shown = [(hood.name, compass) for hood, compass in compasses if compass.shown]
    changes = compare(earlier, round_, FAMILY_SURVEY) if earlier else []
    summary = {
        "responses": figures["total"], "languages": figures["languages"],
        "hoods": [(hood, figures["neighbourhoods"].get(hood.id)) for hood in round_.neighbourhoods],
        "left_out": [hood.name for hood in round_.neighbourhoods
                     if hood.id in figures["left_out"]],
        "compass": compass_svg(shown, width=760, height=430) if shown else None,
        "sentences": [sentence(c, network.name, earlier.name)
                      for c in changes if c.notable][:ROUND_SENTENCES],
        "themes": _top_themes(round_, analyses, None, quotes=0),
    }
    pages = []
    for hood, compass in compasses:
        changes = compare(earlier, round_, FAMILY_SURVEY, hood) if earlier else []
        pages.append({
            "hood": hood, "responses": figures["neighbourhoods"].get(hood.id),
            "compass": compass_svg([(round_.name, compass)], width=760, height=600, font_size=17)
            if compass.shown else None,
            "sentences": [sentence(c, hood.name, earlier.name)
                          for c in changes if c.notable][:REPORT_SENTENCES],
            "family": _family_table(round_, family, Filters(hood.id)),
            "themes": _top_themes(round_, analyses, hood.id, quotes=1),
        })
    return {"network": network, "round": round_, "pages": pages, "earlier": earlier,
            "summary": summary, "languages": LANGUAGES}
