"""A coordinator asks for the dialogue report as a PDF: a page says it is being prepared and
reloads itself (no script needed), and the download starts by itself once a job made it."""

from pypdf import PdfReader

from tests.browser.test_admin import click, log_in
from tests.dashboard.conftest import respond, rounds  # noqa: F401 (fixtures)
from tests.dashboard.test_report_jobs import run_queued


def test_the_pdf_is_prepared_then_downloads_itself(rounds, respond, serve, laptop,  # noqa: F811
                                                   no_violations):
    respond(round_key="najaar", count=8, reachable=4)
    base = serve(THEMES_RUNNER="command")  # the test plays the worker
    page = laptop()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}/dashboard/networks/oostende/rounds/najaar/report")
    click(page, "Download as PDF")
    status = page.get_by_role("status")
    assert "The PDF is being prepared" in status.inner_text()
    assert page.get_by_role("progressbar", name="Progress").is_visible()
    no_violations(page)
    page.screenshot(path="/tmp/jobs17-report-waiting.png", full_page=True)
    with page.expect_download(timeout=20_000) as download:
        run_queued()  # the page reloads itself within 3 seconds, then downloads
    assert download.value.suggested_filename == "oostende-najaar-report.pdf"
    text = PdfReader(download.value.path()).pages[0].extract_text()
    assert "Dialogue report: Najaar" in text
    assert "The PDF is ready" in page.get_by_role("status").inner_text()
    no_violations(page)
    page.screenshot(path="/tmp/jobs17-report-ready.png", full_page=True)


def test_a_purged_rounds_results_offer_the_neighbourhood_only(rounds, respond, serve,  # noqa: F811
                                                               laptop, no_violations):
    from participatie.services.retention import purge_round

    respond(round_key="najaar", count=8, reachable=4)
    purge_round(rounds["autumn"])
    base = serve()
    page = laptop()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}/dashboard/networks/oostende/rounds/najaar/results?language=nl")
    assert page.get_by_text("figures are kept per neighbourhood only").is_visible()
    assert page.get_by_label("Neighbourhood", exact=True).is_visible()
    assert page.get_by_label("Language", exact=True).count() == 0
    assert "language=" not in page.url
    no_violations(page)
    page.screenshot(path="/tmp/jobs17-purged-results.png", full_page=False)
