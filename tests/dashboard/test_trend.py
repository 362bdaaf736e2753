"""Trends across rounds per question and per Place Standard theme, from the published figures
of each round; charts as Plotly figures with their static SVG."""

import json
import re

from tests.dashboard.conftest import BASE, shown


def chart_data(page) -> list[dict]:
    return [json.loads(found) for found in re.findall(
        r'<script type="application/json" class="chart-data">(.*?)</script>', page.text, re.S)]


def test_a_question_over_the_rounds_shows_each_rounds_published_share(coordinator, respond):
    respond(round_key="voorjaar", count=12, first_question_to="school")
    respond(round_key="voorjaar", count=8, first_question_to="health")
    respond(round_key="najaar", count=6, first_question_to="school")
    respond(round_key="najaar", count=14, first_question_to="health")
    page = coordinator.get(f"{BASE}/najaar/trend")
    assert page.status_code == 200
    charts = {c["layout"]["title"]["text"]: c for c in chart_data(page)}
    first = next(c for c in charts.values() if c["filename"].endswith("first_question_to"))
    expected = []
    for round_key in ("voorjaar", "najaar"):
        n, counts = shown(round_key, "first_question_to")
        expected.append(round(100 * counts["school"] / n, 1))
    school = next(line for line in first["data"] if line["name"] == "The school or childcare")
    assert school["x"] == ["Voorjaar", "Najaar"]
    assert school["y"] == expected
    assert page.text.count('<figure class="chart"') == len(chart_data(page))
    assert page.text.count("<svg") >= len(chart_data(page))  # the static SVG stays


def test_themes_need_a_neighbourhood_and_another_networks_one_is_not_found(coordinator,
                                                                         respond, rounds):
    respond(count=6)
    page = coordinator.get(f"{BASE}/najaar/trend")
    assert "Choose a neighbourhood to see its Place Standard themes" in page.text
    hood = rounds["hoods"][0]
    assert coordinator.get(f"{BASE}/najaar/trend?neighbourhood={hood.id}").status_code == 200
    assert coordinator.get(f"{BASE}/najaar/trend?neighbourhood=999999").status_code == 404


def test_plotly_comes_from_the_installed_package(app, coordinator):
    import plotly

    page = coordinator.get(f"/charts/plotly-{plotly.__version__}.min.js")
    assert page.status_code == 200 and page.mimetype == "text/javascript"
    assert b"plotly.js" in page.data[:2000] and len(page.data) > 1_000_000
    assert "immutable" in page.headers["Cache-Control"]
    page.close()
    assert coordinator.get("/charts/plotly-0.0.1.min.js").status_code == 404
