"""A coordinator prepares a dialogue moment: opens a round's results, filters by
neighbourhood, compares with the spring, finds the themes in the open answers (merges two,
renames one, hides a quote), downloads the XLSX and opens the report."""

import io

from openpyxl import load_workbook

from participatie.extensions import db
from participatie.models import CollectionLink
from participatie.services import themes
from tests.browser.test_admin import click, log_in
from tests.conftest import published
from tests.dashboard.conftest import respond, rounds  # noqa: F401 (fixtures)
from tests.dashboard.test_themes import POOL, QUESTION


def test_a_coordinator_reads_filters_and_downloads_a_rounds_results(
        rounds, respond, serve, laptop, no_violations):  # noqa: F811
    respond(round_key="voorjaar", count=8, reachable=2)  # 8: shown whatever the blurring
    respond(round_key="najaar", count=8, reachable=5)
    respond(round_key="najaar", hood="konterdam", count=7, reachable=3)
    for text in POOL[:40]:  # what would make the neighbourhood better, in their words
        respond(round_key="najaar", hood="konterdam", **{QUESTION: text})
    base = serve()
    page = laptop()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}/dashboard/")
    no_violations(page)
    click(page, "Najaar")
    autumn, opex = rounds["autumn"].id, rounds["hoods"][0].id
    total = published(CollectionLink.round_id == autumn)  # 55, blurred
    assert page.get_by_text(f"{total} responses", exact=True).is_visible()
    no_violations(page)  # the round overview
    click(page, "Results per question")
    page.get_by_label("Neighbourhood", exact=True).select_option(label="Opex")
    click(page, "Show", role="button")
    in_opex = published(CollectionLink.round_id == autumn, CollectionLink.neighbourhood_id == opex)
    assert page.get_by_text(f"{in_opex} responses", exact=True).is_visible()
    no_violations(page)  # results with their pictograms
    page.get_by_label("Language", exact=True).select_option(label="العربية")
    click(page, "Show", role="button")
    assert page.get_by_text("too few answers to show").first.is_visible()
    click(page, "Rounds compared")
    page.get_by_label("Neighbourhood", exact=True).select_option(label="Opex")
    click(page, "Show", role="button")
    assert page.get_by_text("is rated higher than in Voorjaar: on average 2.0 → 5.0.").is_visible()
    no_violations(page)

    click(page, "Open answers")
    no_violations(page)
    click(page, "What would make the neighbourhood better for your children?")
    click(page, "Find themes", role="button")
    # The analysis runs in the background; the page follows it and shows the themes.
    page.get_by_role("button", name="Analyse again").wait_for(timeout=120_000)
    db.session.expire_all()
    analysis = themes.analysis_of(rounds["autumn"], "family", QUESTION)
    table = themes.theme_table(analysis)
    first, second = [row.theme for row in table.rows[:2]]
    big, small = first.shown_label("en"), second.shown_label("en")
    no_violations(page)

    merged = theme_section(page, small)
    merged.get_by_text("Rename, merge or confirm").click()
    merged.get_by_label("Merge into").select_option(label=big)
    no_violations(page)  # the opened coding tools
    press(page, merged.get_by_role("button", name="Merge"))
    assert page.get_by_text(f"“{small}” is merged into “{big}”.").is_visible()
    assert not page.get_by_role("heading", name=small, exact=True).count()

    theme = theme_section(page, big)
    theme.get_by_text("Rename, merge or confirm").click()
    theme.get_by_label("New name").fill("Samen spelen en veilig oversteken")
    press(page, theme.get_by_role("button", name="Rename"))
    theme = theme_section(page, "Samen spelen en veilig oversteken")
    quote = theme.locator("ul.quotes q").first.inner_text()
    press(page, theme.locator("ul.quotes li").first.get_by_role("button", name="Hide"))
    assert page.get_by_text("The answer is hidden").is_visible()
    assert quote not in page.locator("main").inner_text()
    no_violations(page)

    click(page, "Overview")
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").first.click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet.cell(row=1, column=1).value == "Buurt"  # the columns in Dutch, then the keys
    assert sheet.cell(row=2, column=1).value == "neighbourhood" and sheet.max_row > 20
    click(page, "Dialogue report")
    assert page.get_by_role("heading", name="Opex").is_visible()
    assert page.get_by_role("heading", name="Konterdam").is_visible()
    assert page.get_by_text("Samen spelen en veilig oversteken").first.is_visible()
    assert quote not in page.locator("main").inner_text()
    no_violations(page)  # the printable report


def press(page, button):
    with page.expect_navigation():
        button.click()


def theme_section(page, name):
    return page.locator("section.theme", has=page.get_by_role("heading", name=name, exact=True))
