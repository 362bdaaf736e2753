"""The PDF report is made by a job: asking shows a page with its progress (it reloads itself,
no script needed), the same PDF asked twice at once is made once, the finished PDF is handed
out again until the round's answers change, and a network sees only its own."""

import io

from pypdf import PdfReader
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import JobState, Network, ReportFile, Round
from participatie.services import reports
from tests.conftest import log_in
from tests.dashboard.conftest import BASE


def run_queued() -> list[str]:
    """Run the report jobs waiting (as a worker would), oldest first; their outcomes."""
    db.session.expire_all()
    waiting = db.session.scalars(select(ReportFile.id).where(
        ReportFile.status == JobState.QUEUED).order_by(ReportFile.requested_at)).all()
    return [reports.run(report_id).status for report_id in waiting]


def download_report(app, client, round_url: str):
    """Ask for a round's PDF as a person does, run its job, and download it."""
    app.config["THEMES_RUNNER"] = "command"  # the test runs the job itself
    asked = client.get(f"{round_url}/report.pdf")
    assert asked.status_code == 303 and asked.location.endswith(f"{round_url}/report/pdf")
    waiting = client.get(asked.location)
    assert waiting.status_code == 200 and "being prepared" in waiting.text
    run_queued()
    return client.get(f"{round_url}/report.pdf")


def test_asking_for_the_pdf_shows_its_progress_then_downloads_it(app, coordinator, respond):
    respond(count=6)
    app.config["THEMES_RUNNER"] = "command"
    url = f"{BASE}/najaar"
    waiting = coordinator.get(f"{url}/report/pdf")
    assert "The PDF is being prepared" in waiting.text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in waiting.text
    status = f"{url}/report/pdf/status"
    assert coordinator.get(status).json == {"status": "queued", "progress": 0}  # for the script
    assert f'href="{url}/report/pdf">Reload</a>' in waiting.text
    assert coordinator.get(f"{url}/report.pdf").status_code == 303  # not made yet
    assert run_queued() == [JobState.DONE]
    ready = coordinator.get(f"{url}/report/pdf")
    assert "The PDF is ready" in ready.text
    assert f'content="0; url={url}/report.pdf"' in ready.text  # the download starts
    assert f'data-download="{url}/report.pdf"' in ready.text  # (by the script, or without)
    assert coordinator.get(status).json == {"status": "done", "progress": 100}
    pdf = coordinator.get(f"{url}/report.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Disposition"] == 'attachment; filename="oostende-najaar-report.pdf"'
    assert "Dialogue report: Najaar" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()


def test_the_same_pdf_asked_twice_at_once_is_made_once_and_kept(app, coordinator, respond,
                                                                 english_client):
    respond(count=6)
    app.config["THEMES_RUNNER"] = "command"
    url = f"{BASE}/najaar"
    viewer = english_client()
    log_in(viewer, "viewer@example.org")
    for client in (coordinator, viewer, coordinator):  # two people, a second click
        assert "being prepared" in client.get(f"{url}/report/pdf").text
    assert db.session.scalar(select(func.count(ReportFile.id))) == 1
    report = db.session.scalar(select(ReportFile))
    assert reports.run(report.id).status == JobState.DONE
    assert reports.run(report.id).status == JobState.SKIPPED  # a twin job finds it made
    made = db.session.get(ReportFile, report.id).finished_at
    first = coordinator.get(f"{url}/report.pdf").data
    assert viewer.get(f"{url}/report/pdf").status_code == 200 and run_queued() == []
    assert viewer.get(f"{url}/report.pdf").data == first  # handed out again, not made again
    db.session.expire_all()
    assert db.session.get(ReportFile, report.id).finished_at == made


def test_new_answers_make_the_kept_pdf_stale(app, coordinator, respond):
    respond(count=6)
    url = f"{BASE}/najaar"
    before = download_report(app, coordinator, url)
    assert before.mimetype == "application/pdf"
    respond(count=1)  # the round's answers_version moves on
    again = coordinator.get(f"{url}/report.pdf")
    assert again.status_code == 303  # the old figures are not handed out
    assert "being prepared" in coordinator.get(again.location).text
    assert db.session.scalar(select(ReportFile.pdf)) is None  # the stale PDF is gone
    assert run_queued() == [JobState.DONE]
    assert coordinator.get(f"{url}/report.pdf").mimetype == "application/pdf"


def test_a_failed_pdf_says_so_and_is_tried_again_only_when_asked(app, coordinator, respond,
                                                                 monkeypatch):
    respond(count=6)
    app.config["THEMES_RUNNER"] = "command"
    url = f"{BASE}/najaar"
    coordinator.get(f"{url}/report/pdf")

    def broken(*_args):
        raise RuntimeError("no fonts")

    monkeypatch.setitem(app.extensions, reports.RENDERER, broken)  # the app's drawing fails
    assert run_queued() == [JobState.FAILED]
    page = coordinator.get(f"{url}/report/pdf").text
    assert "could not be made" in page and "refresh" not in page and run_queued() == []
    monkeypatch.undo()
    assert "being prepared" in coordinator.get(f"{url}/report/pdf?again=1").text
    assert run_queued() == [JobState.DONE]


def test_another_networks_round_is_not_found(app, coordinator, rounds):
    other = Network(key="brugge", name="Brugge")
    db.session.add_all([other, Round(network=other, key="najaar", name="Najaar")])
    db.session.commit()
    app.config["THEMES_RUNNER"] = "command"
    for path in ("report/pdf", "report.pdf"):
        assert coordinator.get(f"/dashboard/networks/brugge/rounds/najaar/{path}"
                               ).status_code == 404
    assert db.session.scalar(select(func.count(ReportFile.id))) == 0


def test_on_sqlite_the_pdf_is_made_in_a_thread_of_the_web_process(app, coordinator, respond):
    from participatie.services import jobs

    if jobs.is_postgresql(app):
        return  # the queue's own test: tests/dashboard/test_theme_jobs.py
    respond(count=6)
    app.config["THEMES_RUNNER"] = "thread"
    url = f"{BASE}/najaar"
    coordinator.get(f"{url}/report/pdf")
    import time

    for _ in range(200):
        db.session.expire_all()
        if db.session.scalar(select(ReportFile.status)) == JobState.DONE:
            break
        time.sleep(0.1)
    assert coordinator.get(f"{url}/report.pdf").mimetype == "application/pdf"


def test_one_enum_names_every_job_state_and_compares_as_its_word():
    assert [state.value for state in JobState] == [
        "queued", "running", "done", "failed", "skipped", "stalled"]
    assert JobState.busy() == ("queued", "running")  # what a template or JSON compares with
    assert f"{JobState.DONE}" == "done" and JobState("stalled") is JobState.STALLED


def test_on_postgresql_a_worker_makes_the_pdf_and_the_purge(app, coordinator, respond, rounds):
    """The queue's path end to end: the web app defers, a ``participatie worker`` process
    runs the same task functions."""
    from datetime import date

    from participatie.models import PurgedRound
    from participatie.services import jobs, retention
    from tests.dashboard.test_theme_jobs import queued_jobs, worker

    if not jobs.is_postgresql(app):
        return  # SQLite runs jobs in a thread: the test above
    app.config["THEMES_RUNNER"] = "auto"
    respond(count=6)
    respond("voorjaar", count=6)
    rounds["spring"].closes_on = date(2020, 6, 1)
    db.session.commit()
    try:
        assert "being prepared" in coordinator.get(f"{BASE}/najaar/report/pdf").text
        coordinator.get(f"{BASE}/najaar/report/pdf")  # a second click: still one job
        assert retention.request_purge(rounds["spring"], None) is True
        assert queued_jobs() == 2
        with worker(app, "--once") as process:
            output = process.communicate(timeout=600)[0].decode()
        assert process.returncode == 0, output
        db.session.expire_all()
        report = db.session.scalar(select(ReportFile))
        assert report.status == JobState.DONE and reports.pdf_of(report).startswith(b"%PDF-")
        assert db.session.get(PurgedRound, rounds["spring"].id) is not None
        # The purge of the round it compares with came after it: made again when asked.
        assert coordinator.get(f"{BASE}/najaar/report.pdf").status_code == 303
    finally:
        from sqlalchemy import text

        db.session.rollback()
        db.session.execute(text("DELETE FROM procrastinate_jobs"))
        db.session.execute(text("DELETE FROM procrastinate_workers"))
        db.session.commit()


def test_a_hidden_quote_makes_the_kept_pdf_stale_but_an_export_does_not(app, coordinator,
                                                                        respond, rounds):
    from participatie.services.audit import record

    respond(count=6)
    url = f"{BASE}/najaar"
    assert download_report(app, coordinator, url).mimetype == "application/pdf"
    network, autumn = rounds["network"].id, rounds["autumn"].id
    record("export", network, autumn, 6)  # the figures did not change
    assert coordinator.get(f"{url}/report.pdf").mimetype == "application/pdf"
    record("hide", network, autumn, 1)  # a quote the PDF may hold must go
    assert coordinator.get(f"{url}/report.pdf").status_code == 303
