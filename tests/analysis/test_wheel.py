"""The Place Standard wheel: 14 segments shaded to their score, every dimension named."""

import re

from analysis.wheel import wheel_figure, wheel_svg

DIMENSIONS = [f"Dimension number {i}" for i in range(14)]


def scores(value):
    return {dimension: value for dimension in DIMENSIONS}


def test_the_wheel_has_a_ground_and_a_shaded_segment_per_dimension():
    series = [("Opex", {**scores(4.0), DIMENSIONS[3]: None}, {DIMENSIONS[0]: (3.0, 5.0)})]
    svg = wheel_svg(series)
    assert svg.count('class="segment-ground"') == 14
    assert svg.count('class="segment"') == 13  # the withheld dimension is left empty
    assert svg.count('class="dimension-label"') == 14
    assert svg.count('class="spread"') == 1
    for dimension in DIMENSIONS:
        assert dimension.split()[0] in svg


def test_a_segment_reaches_its_score_on_the_1_to_7_scale():
    svg = wheel_svg([("Opex", {**scores(7.0), DIMENSIONS[0]: 3.5}, None)], 700, 700)
    polygons = re.findall(r'<polygon points="([^"]+)"[^>]*class="segment"', svg)
    centre = tuple(map(float, polygons[0].split()[0].split(",")))
    def reach(points):
        far = [tuple(map(float, p.split(","))) for p in points.split()[1:]]
        return max(((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** .5 for x, y in far)
    assert abs(reach(polygons[0]) / reach(polygons[1]) - 0.5) < 0.01


def test_further_series_are_lines_with_a_legend():
    svg = wheel_svg([("Najaar", scores(4.0), None), ("Voorjaar", scores(3.0), None)])
    assert svg.count('class="segment-line"') == 14
    assert "Najaar" in svg and "Voorjaar" in svg and "stroke-dasharray" in svg


def test_the_plotly_wheel_is_a_barpolar_per_series_clockwise_from_the_top():
    figure = wheel_figure([("Najaar", scores(4.0), None), ("Voorjaar", scores(3.0), None)])
    assert [t.type for t in figure.data] == ["barpolar"] * 3  # the ground, then each series
    assert list(figure.data[0].r) == [7] * 14 and figure.data[0].hoverinfo == "skip"
    assert list(figure.data[1].r) == [4.0] * 14
    assert figure.layout.polar.angularaxis.direction == "clockwise"
    assert figure.data[1].width is None  # each bar fills its dimension's slot: one segment
    assert figure.layout.polar.barmode == "overlay" and figure.layout.polar.bargap == 0
    assert tuple(figure.layout.polar.radialaxis.range) == (0, 7)
