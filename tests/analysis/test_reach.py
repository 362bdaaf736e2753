"""Representation of a group among the answers against its share of the families."""

import pytest

from analysis.reach import population_share, reach_figure, reach_svg, representation
from analysis.stats import wilson


def test_a_group_with_fewer_answers_than_families_is_clearly_under_reached():
    found = representation(12, 100, 0.30)
    assert found.answers == pytest.approx(0.12)
    assert found.ratio == pytest.approx(0.4)
    assert (found.low, found.high) == pytest.approx(wilson(12, 100))
    assert found.ratio_high == pytest.approx(wilson(12, 100)[1] / 0.30)
    assert found.under_reached and not found.over_reached


def test_a_group_within_its_interval_is_not_called_under_reached():
    found = representation(25, 100, 0.30)
    assert found.low < 0.30 < found.high
    assert not found.under_reached and not found.over_reached


def test_a_withheld_count_gives_the_interval_of_every_count_it_may_stand_for():
    found = representation(None, 80, 0.30, least=5)
    assert found.answers is None and found.ratio is None and found.count is None
    assert found.low == pytest.approx(0.0, abs=1e-9)
    assert found.high == pytest.approx(wilson(4, 80)[1])
    assert found.under_reached  # even 4 of 80 is far below 30%


def test_nothing_to_compare_without_answers_or_a_population_share():
    assert representation(3, 0, 0.3) is None
    assert representation(3, 10, 0.0) is None


def test_a_perturbed_count_above_its_total_is_taken_as_the_total():
    assert representation(52, 50, 0.5).answers == 1.0


@pytest.mark.parametrize(("families", "percent", "total", "share"), [
    (105, None, 420, 0.25), (None, 21.0, None, 0.21), (None, 21.0, 420, 0.21),
    (105, None, None, None), (None, None, 420, None), (500, None, 420, 1.0),
])
def test_a_population_share_comes_from_families_and_total_or_a_percentage(families, percent,
                                                                          total, share):
    assert population_share(families, percent, total) == share


def test_the_reach_chart_shows_families_and_answers_per_group():
    rows = [("Arabic", representation(12, 100, 0.30)), ("Dutch", representation(None, 100, 0.5))]
    figure = reach_figure(rows, ("families", "answers"))
    assert [trace.name for trace in figure.data] == ["families", "answers"]
    assert list(figure.data[0].x) == pytest.approx([30, 50])
    assert list(figure.data[1].x) == pytest.approx([12, 0])
    svg = reach_svg(rows, ("families", "answers"))
    assert svg.startswith("<svg") and "Arabic" in svg and "Dutch" in svg
    assert svg.count('fill="#0072B2"') == 2  # the legend and Arabic's bar; Dutch is withheld
