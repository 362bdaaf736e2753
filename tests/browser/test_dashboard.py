"""A coordinator prepares a dialogue moment: opens a round's results, filters by
neighbourhood, compares with the spring, downloads the XLSX and opens the report."""

import io

from openpyxl import load_workbook

from tests.browser.test_admin import click, log_in
from tests.dashboard.conftest import respond, rounds  # noqa: F401 (fixtures)


def test_a_coordinator_reads_filters_and_downloads_a_rounds_results(
        rounds, respond, serve, laptop, no_violations):  # noqa: F811
    respond(round_key="voorjaar", count=6, reachable=2)
    respond(round_key="najaar", count=6, reachable=5)
    respond(round_key="najaar", hood="konterdam", count=7, reachable=3)
    base = serve()
    page = laptop()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}/dashboard/")
    no_violations(page)
    click(page, "Najaar")
    assert page.get_by_text("13 responses").is_visible()
    no_violations(page)  # the round overview
    click(page, "Results per question")
    page.get_by_label("Neighbourhood", exact=True).select_option(label="Opex")
    click(page, "Show", role="button")
    assert page.get_by_text("6 responses").is_visible()
    no_violations(page)  # results with their pictograms
    page.get_by_label("Language", exact=True).select_option(label="العربية")
    click(page, "Show", role="button")
    assert page.get_by_text("too few answers to show").first.is_visible()
    click(page, "Rounds compared")
    page.get_by_label("Neighbourhood", exact=True).select_option(label="Opex")
    click(page, "Show", role="button")
    assert page.get_by_text("is rated higher than in Voorjaar: median 2 → 5.").is_visible()
    no_violations(page)
    click(page, "Overview")
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").first.click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.cell(row=1, column=1).value == "neighbourhood" and sheet.max_row > 20
    click(page, "Dialogue report")
    assert page.get_by_role("heading", name="Opex").is_visible()
    assert page.get_by_role("heading", name="Konterdam").is_visible()
    no_violations(page)  # the printable report
