"""A coordinator and a viewer read who the round does not reach, and the trends across rounds
as Plotly charts: hover, legend and the mode bar's PNG download; without JavaScript the static
SVG. Every page axe-clean."""

import pytest

from participatie.services.population import Entry, save_population
from tests.browser.test_admin import click, log_in
from tests.dashboard.conftest import respond, rounds  # noqa: F401 (fixtures)


@pytest.fixture
def reached(rounds, respond):  # noqa: F811
    opex = rounds["hoods"][0]
    save_population(opex, 200, [
        Entry("age_band", "0-2", 60), Entry("age_band", "6-9", 80),
        Entry("home_language", "nl", 150), Entry("home_language", "ar", 60),
        Entry("home_language", "not-nl", percent=35.0)], "Kind en Gezin 2025")
    respond(round_key="voorjaar", count=20, home_languages=["ar"], reachable=2)
    respond(round_key="najaar", count=60, home_languages=["nl"], children_age=["0-2"],
            reachable=4)
    respond(round_key="najaar", count=7, home_languages=["ar", "nl"], children_age=["6-9"])
    return opex


@pytest.mark.parametrize("who", ["coordinator", "viewer"])
def test_the_reach_page_names_the_under_reached_groups(reached, serve, laptop, no_violations,
                                                       who, tmp_path):
    base = serve()
    page = laptop()
    log_in(page, base, f"{who}@example.org")
    page.goto(f"{base}/dashboard/networks/oostende/rounds/najaar/")
    click(page, "Who we do not reach")
    page.get_by_label("Neighbourhood", exact=True).select_option(label="Opex")
    click(page, "Show", role="button")
    assert page.get_by_text("Families who speak Arabic at home: about 30% of families here"
                            ).is_visible()
    page.locator("figure.chart.is-live .js-plotly-plot").wait_for()
    assert page.get_by_role("cell", name="Voorjaar").count() == 0  # a column, not a cell
    assert page.get_by_role("columnheader", name="Voorjaar").is_visible()
    no_violations(page)
    if who == "coordinator":
        page.screenshot(path=tmp_path / "reach.png", full_page=True)  # to look at


def test_a_trend_chart_hovers_and_downloads_as_png(reached, serve, laptop, no_violations,
                                                   tmp_path):
    base = serve()
    page = laptop()
    log_in(page, base, "viewer@example.org")
    page.goto(f"{base}/dashboard/networks/oostende/rounds/najaar/")
    click(page, "Trends")
    chart = page.locator("figure.chart.is-live").first
    chart.wait_for()
    assert not page.locator("figure.chart.is-live .chart-static").first.is_visible()
    no_violations(page)
    chart.hover()
    button = chart.locator('.modebar-btn[data-title="Download plot as a PNG"]')
    with page.expect_download() as download:
        button.click()
    found = download.value
    assert found.suggested_filename.startswith("trend-oostende-")
    assert found.suggested_filename.endswith(".png")
    with open(found.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    found.save_as(tmp_path / "downloaded-chart.png")  # to look at
    page.screenshot(path=tmp_path / "trend.png")


def test_without_javascript_the_charts_are_static_svg(reached, serve, browser):
    base = serve()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB",
                                  java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}/dashboard/networks/oostende/rounds/najaar/trend")
    assert page.locator("figure.chart .chart-static svg").first.is_visible()
    assert page.locator(".js-plotly-plot").count() == 0
    context.close()
