"""A coordinator takes the dashboard's bar charts into a slide: the answers per question, two
rounds side by side and the themes' sizes are Plotly charts (hover, legend, the mode bar's PNG
download); on an Arabic page the labels sit whole on the right; without JavaScript the tables and
static SVG stay. Every page axe-clean."""

import pytest

from tests.browser.test_admin import log_in
from tests.conftest import PASSWORD
from tests.dashboard.conftest import respond, rounds  # noqa: F401 (fixtures)
from tests.dashboard.test_charts import QUESTION, coded  # noqa: F401 (fixture)

BASE = "/dashboard/networks/oostende/rounds/najaar"
PNG = b"\x89PNG\r\n\x1a\n"
PAGES = {"results": "results", "compare": "compare", "themes": f"themes/family/{QUESTION}"}


@pytest.fixture
def answered(coded, respond):  # noqa: F811
    respond(round_key="voorjaar", count=9, offer_used=["play_leisure"], reachable=2)
    respond(round_key="najaar", count=9, offer_used=["childcare_school", "play_leisure"],
            reachable=4)
    return coded


@pytest.mark.parametrize("name", PAGES)
def test_a_chart_hovers_and_downloads_as_a_png(answered, serve, laptop, no_violations, name,
                                               tmp_path):
    base = serve()
    page = laptop()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}{BASE}/{PAGES[name]}")
    chart = page.locator("figure.chart.is-live").first
    chart.locator(".js-plotly-plot").wait_for()
    static = chart.locator(".chart-static")
    # Out of sight: gone, or (a table) kept for screen readers in a 1-pixel box.
    assert not static.is_visible() or static.bounding_box()["width"] <= 1
    no_violations(page)
    bar = chart.locator(".barlayer .point path").first.bounding_box()  # under Plotly's drag layer
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    hover = chart.locator(".hoverlayer .hovertext")
    hover.wait_for()
    words = hover.text_content()
    assert ": " in words and any(c.isdigit() for c in words), words  # what, and its figure
    with page.expect_download() as download:
        chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    found = download.value
    assert found.suggested_filename.startswith(f"{name}-oostende-")
    assert found.suggested_filename.endswith(".png")
    with open(found.path(), "rb") as png:
        content = png.read()
    assert content[:8] == PNG and len(content) > 10_000  # a real drawing, twice the size
    found.save_as(tmp_path / f"{name}-download.png")  # to look at
    page.screenshot(path=tmp_path / f"{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 768, "height": 1024})
    page.wait_for_timeout(300)  # Plotly redraws at the new width
    page.screenshot(path=tmp_path / f"{name}-768.png", full_page=True)


def test_an_arabic_chart_keeps_its_labels_whole_on_the_right(answered, serve, browser,
                                                             no_violations):
    base = serve()
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="ar")
    page = context.new_page()
    page.goto(f"{base}/login")  # in Arabic
    page.locator("#email").fill("coordinator@example.org")
    page.locator("#password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#submit").click()
    page.goto(f"{base}{BASE}/results")
    assert page.locator("html").get_attribute("dir") == "rtl"
    chart = page.locator("figure.chart.is-live .js-plotly-plot").first
    chart.wait_for()
    no_violations(page)
    box = chart.bounding_box()
    ticks = chart.locator(".ytick text")
    assert ticks.count() > 2
    for index in range(ticks.count()):
        tick = ticks.nth(index).bounding_box()
        assert tick["width"] > 0
        assert box["x"] + box["width"] / 2 < tick["x"]  # on the right, beside the bars' start
        assert tick["x"] + tick["width"] <= box["x"] + box["width"] + 1  # not cut off
    context.close()


def test_without_javascript_the_tables_and_static_charts_stay(answered, serve, browser):
    base = serve()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB",
                                  java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "coordinator@example.org")
    page.goto(f"{base}{BASE}/results")
    assert page.locator("figure.chart .chart-static table.bars").first.is_visible()
    for name in ("compare", "themes"):
        page.goto(f"{base}{BASE}/{PAGES[name]}")
        assert page.locator("figure.chart .chart-static svg").first.is_visible()
    assert page.locator(".js-plotly-plot").count() == 0
    context.close()
