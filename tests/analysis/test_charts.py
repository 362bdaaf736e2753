"""Charts contain what they claim, as Plotly figures and as static SVG."""

import re

import pytest

from analysis import charts

SCORES = {"Vuurtorenwijk": {"Groen": 3.0, "Spelen": 4.5, "Veilig": 2.0},
          "Opex": {"Groen": 5.0, "Spelen": 2.0, "Veilig": 4.0}}


def test_the_compass_has_one_closed_line_per_neighbourhood_on_the_1_to_7_scale():
    figure = charts.compass(SCORES, "Kompas")
    assert [trace.name for trace in figure.data] == ["Vuurtorenwijk", "Opex"]
    first = figure.data[0]
    assert list(first.theta) == ["Groen", "Spelen", "Veilig", "Groen"]
    assert list(first.r) == [3.0, 4.5, 2.0, 3.0]
    assert tuple(figure.layout.polar.radialaxis.range) == (0, 7)
    assert figure.data[0].line.dash != figure.data[1].line.dash  # apart in black and white too


def test_the_compass_as_svg_draws_each_neighbourhood_and_names_each_theme():
    svg = charts.to_svg(charts.compass(SCORES, "Kompas"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polygon") == 2
    for word in ("Groen", "Spelen", "Veilig", "Vuurtorenwijk", "Opex", "Kompas"):
        assert word in svg
    assert 'stroke-dasharray="8 4"' in svg


def test_theme_sizes_show_each_theme_largest_first_with_the_previous_round():
    figure = charts.theme_sizes({"Kosten": 12, "Spelen": 40}, {"Spelen": 30})
    assert list(figure.data[-1].y) == ["Spelen", "Kosten"]
    assert list(figure.data[0].x) == [30, 0]
    svg = charts.to_svg(figure)
    assert svg.count("<rect") == 4
    assert re.search(r">40</text>", svg)


def test_distribution_and_trend_svg_carry_their_values():
    assert ">7</text>" in charts.to_svg(charts.distribution({"Ja": 7, "Nee": 3}))
    svg = charts.to_svg(charts.trend(["2026", "2027"], {"Opex": [3.0, 4.0]}))
    assert "<polyline" in svg and "2027" in svg


def test_analysis_is_a_plain_library():
    from pathlib import Path

    for path in Path(charts.__file__).parent.rglob("*.py"):
        source = path.read_text()
        assert "import flask" not in source and "from flask" not in source, path
        assert "participatie" not in re.sub(r'""".*?"""', "", source, flags=re.S), path


def test_the_compass_svg_places_scores_by_theme_name_and_leaves_withheld_ones_out():
    scores = {"A": {"Groen": 7.0, "Veilig": 7.0}, "B": {"Veilig": 7.0, "Groen": None}}
    svg = charts.to_svg(charts.compass(scores))
    polygons = re.findall(r'<polygon points="([^"]+)"', svg)
    first, second = (p.split() for p in polygons)
    assert second == [first[1]]  # B's Veilig sits on A's Veilig point; no point for Groen


def test_the_trend_svg_shows_its_scale_and_breaks_at_a_missing_round():
    svg = charts.to_svg(charts.trend(["2025", "2026", "2027", "2028"],
                                     {"Opex": [3.0, 3.5, None, 4.0]}))
    assert ">3</text>" in svg and ">4</text>" in svg
    assert svg.count("<polyline") == 2


def test_the_compass_shows_the_middle_half_of_the_answers_along_each_spoke():
    figure = charts.compass({"Volwassenen": {"Groen": 4.0, "Spelen": 5.0, "Veilig": None}},
                            spreads={"Volwassenen": {"Groen": (3.0, 5.0), "Spelen": (5.0, 6.0)}})
    assert [list(point) for point in figure.data[0].customdata][:2] == [[3.0, 5.0], [5.0, 6.0]]
    svg = charts.to_svg(figure, width=700, height=700)
    bars = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"[^>]*'
                      r'class="spread"', svg)
    assert len(bars) == 2  # none for the withheld theme
    cx, cy, radius = charts.polar_geometry(700, 700, 1, ["Groen", "Spelen", "Veilig"])
    x1, y1, x2, y2 = map(float, bars[0])  # Groen points straight up: from q1 = 3 to q3 = 5
    assert (x1, x2) == (pytest.approx(cx), pytest.approx(cx))
    assert y1 == pytest.approx(cy - radius * 3 / 7, abs=0.1)
    assert y2 == pytest.approx(cy - radius * 5 / 7, abs=0.1)
