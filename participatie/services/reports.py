"""A round's PDF report as a background job (WeasyPrint takes seconds of CPU): asked for by a
coordinator, made once by a worker (procrastinate on PostgreSQL, a thread on SQLite, the same
function :func:`run`), kept in the database for a while and made again when the figures it was
made from changed.

The PDF is drawn from the same page as the HTML report, whose figures all come through the
disclosure layer; the dashboard plugs that drawing in (:func:`use_renderer`), since services
import no room. Kept in the database rather than the instance folder: web processes and
workers may run on different machines, and a backup carries it.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import cast

from flask import Flask, current_app
from sqlalchemy import CursorResult, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import (
    AuditEntry,
    Coding,
    CollectionLink,
    FoundTheme,
    JobState,
    ReportFile,
    Response,
    Round,
    ThemeAnalysis,
)
from ..models.base import utcnow
from . import jobs

# The audited actions that change what the report shows (an export or a role does not).
SHOWN_ACTIONS = ("hide", "merge", "confirm", "rename", "move", "purge")
KEPT = timedelta(days=2)  # a finished PDF is handed out again for this long
STALLED = timedelta(minutes=10)  # a job that has not moved for this long has stopped

# (round, language, progress callback) -> the PDF's bytes; set by the dashboard.
Renderer = Callable[[Round, str, Callable[[int], None]], bytes]
RENDERER, TURN = "participatie.report_renderer", "participatie.report_turn"


def use_renderer(app: Flask, renderer: Renderer) -> None:
    """The app's way of drawing a report (the dashboard's templates); kept per app."""
    app.extensions[RENDERER] = renderer
    app.extensions.setdefault(TURN, threading.Lock())  # its reports, one after the other


def fingerprint(round_: Round) -> str:
    """What the report is made of: the answers of the network's rounds (their
    ``answers_version``, the earlier ones are compared with) and the questionnaire versions
    they ask, the themes found and what people did with them (names, confirmations, hidden
    quotes, merges: audited), the neighbourhoods, the minimum group size."""
    network_id = round_.network_id
    rounds = db.session.execute(select(Round.id, Round.answers_version).where(
        Round.network_id == network_id).order_by(Round.id)).all()
    # A new response writes nothing but its own rows: the counts tell it.
    responses = db.session.execute(
        select(CollectionLink.round_id, func.count())
        .join(Response, Response.link_id == CollectionLink.id)
        .join(Round, Round.id == CollectionLink.round_id)
        .where(Round.network_id == network_id)
        .group_by(CollectionLink.round_id).order_by(CollectionLink.round_id)).all()
    analyses = select(ThemeAnalysis.id).join(Round).where(Round.network_id == network_id)
    themes = db.session.execute(
        select(FoundTheme.id, FoundTheme.label, FoundTheme.confirmed, FoundTheme.kept,
               ThemeAnalysis.finished_at)
        .join(ThemeAnalysis, ThemeAnalysis.id == FoundTheme.analysis_id)
        .where(ThemeAnalysis.id.in_(analyses)).order_by(FoundTheme.id)).all()
    hidden = db.session.scalar(select(func.count()).select_from(Coding).where(
        Coding.analysis_id.in_(analyses), Coding.hidden.is_(True)))
    audited = db.session.scalar(select(func.max(AuditEntry.id)).where(
        AuditEntry.network_id == network_id, AuditEntry.action.in_(SHOWN_ACTIONS)))
    hoods = [(hood.id, hood.name) for hood in round_.neighbourhoods]
    # Which questions each round asks (its questionnaires' versions: links moved to a new one
    # change the report without any answer changing), and the smallest group shown.
    versions = [(one.id, sorted(version.id for version in one.questionnaire_versions))
                for one in sorted(round_.network.rounds, key=lambda one: one.id)]
    words = repr((rounds, responses, themes, hidden, audited, hoods, round_.name, versions,
                  current_app.config["MIN_GROUP_SIZE"])).encode()
    return hashlib.sha256(words).hexdigest()


def report_of(round_: Round, language: str) -> ReportFile | None:
    return db.session.scalar(select(ReportFile).where(
        ReportFile.round_id == round_.id, ReportFile.language == language))


def is_ready(report: ReportFile | None, round_: Round) -> bool:
    """A finished PDF, still kept, of the figures the round has now."""
    return (report is not None and report.status == JobState.DONE
            and report.finished_at is not None and utcnow() - report.finished_at < KEPT
            and report.fingerprint == fingerprint(round_))


def is_busy(report: ReportFile) -> bool:
    return report.status in JobState.busy() and utcnow() - report.updated_at < STALLED


def request_report(round_: Round, language: str, runner: str | None = None) -> ReportFile:
    """The round's report in ``language``: the kept one when it still holds, else a job for
    it; asked twice at once (two clicks, two coordinators, two web processes), it is queued
    once (an atomic update of its row)."""
    report = report_of(round_, language)
    if report is None:
        db.session.add(ReportFile(round_id=round_.id, language=language,
                                  status=JobState.FAILED))
        try:
            db.session.commit()
        except IntegrityError:  # asked for at the same moment elsewhere
            db.session.rollback()
        report = report_of(round_, language)
        assert report is not None
    if is_ready(report, round_):
        return report
    now = utcnow()
    queued = _changed(
        update(ReportFile)
        .where(ReportFile.id == report.id,
               or_(ReportFile.status.not_in(JobState.busy()),
                   ReportFile.updated_at <= now - STALLED))
        .values(status=JobState.QUEUED, progress=0, error=None, pdf=None, size=0,
                requested_at=now, updated_at=now)
        .execution_options(synchronize_session=False)) == 1
    db.session.commit()
    db.session.refresh(report)
    if queued:
        chosen = runner or jobs.runner()
        if chosen == "thread":
            jobs.in_thread(_run_in_turn, report.id)
        elif chosen == "queue":
            jobs.defer(jobs.REPORT_TASK, f"report-{report.id}", report_id=report.id)
    return report


def _run_in_turn(report_id: int) -> None:
    with current_app.extensions.setdefault(TURN, threading.Lock()):
        run(report_id)


def run(report_id: int, taken_over: bool = False,
        database_errors_raise: bool = False) -> ReportFile:
    """Make the PDF. A job another worker has taken is left to it (then "skipped", not
    stored); a failure is recorded on the row (its kind; the details go to the log)."""
    now = utcnow()
    stalled = now if taken_over else now - STALLED
    taken = _changed(
        update(ReportFile)
        .where(ReportFile.id == report_id,
               or_(ReportFile.status == JobState.QUEUED,
                   and_(ReportFile.status == JobState.RUNNING,
                        ReportFile.updated_at <= stalled)))
        .values(status=JobState.RUNNING, progress=5, updated_at=now)
        .execution_options(synchronize_session=False)) == 1
    db.session.commit()
    found = db.session.get(ReportFile, report_id)
    assert found is not None
    report: ReportFile = found
    db.session.refresh(report)
    if not taken:
        db.session.expunge(report)
        report.status = JobState.SKIPPED
        return report
    with jobs.failure_recorded(ReportFile, report_id, "report", database_errors_raise):
        renderer: Renderer | None = current_app.extensions.get(RENDERER)
        if renderer is None:
            raise RuntimeError("no report renderer in this app")
        made_of = fingerprint(report.round)  # answers coming in meanwhile: made again later

        def progress(percent: int) -> None:
            report.progress, report.updated_at = percent, utcnow()
            db.session.commit()

        pdf = renderer(report.round, report.language, progress)
        report.pdf, report.size, report.fingerprint = pdf, len(pdf), made_of
        report.status, report.progress, report.error = JobState.DONE, 100, None
        report.finished_at = report.updated_at = utcnow()
        db.session.commit()
    return cast(ReportFile, db.session.get(ReportFile, report_id))


def _changed(statement) -> int:
    """How many rows an UPDATE changed."""
    return cast(CursorResult, db.session.execute(statement)).rowcount


def pdf_of(report: ReportFile) -> bytes:
    return db.session.scalar(select(ReportFile.pdf).where(ReportFile.id == report.id)) or b""


def forget_old() -> int:
    """Remove the PDFs no longer handed out (for ``participatie purge``)."""
    found = _changed(update(ReportFile).where(
        ReportFile.finished_at < utcnow() - KEPT, ReportFile.pdf.is_not(None))
        .values(pdf=None, size=0).execution_options(synchronize_session=False))
    db.session.commit()
    return found

