"""The disclosure layer on its own (no database): the perturbation table's promises, cells,
and the summaries made from published counts only."""

from statistics import mean

import pytest

from analysis import disclosure
from analysis.disclosure import MAX_CHANGE, RECORD_KEYS, Cell, shown, summary

COUNTS = range(1, 300)


def test_no_count_moves_by_more_than_two_and_nobody_stays_nobody():
    changes = {disclosure.change(count, key) for count in COUNTS for key in range(RECORD_KEYS)}
    assert changes == {-2, -1, 0, 1, 2}
    assert all(disclosure.perturbed(Cell(count, key)) >= 1
               for count in COUNTS for key in range(RECORD_KEYS))
    assert shown(Cell(0, 17)) == 0 and disclosure.perturbed(Cell(0, 200)) == 0


@pytest.mark.parametrize("count", [3, 5, 7, 12, 40, 63, 64, 100, 1000])
def test_the_table_is_unbiased_and_symmetric_from_three_up(count):
    changes = [disclosure.change(count, key) for key in range(RECORD_KEYS)]
    assert sum(changes) == 0
    assert sorted(changes) == sorted(-c for c in changes)
    assert changes.count(0) == 128 and changes.count(2) == changes.count(-2) == 13


def test_rows_differ_so_one_key_is_not_one_change_at_every_count():
    rows = {tuple(disclosure.change(count, key) for key in range(RECORD_KEYS))
            for count in range(3, 40)}
    assert len(rows) == 37


@pytest.mark.parametrize("least", [3, 5, 10])
def test_a_shown_count_is_about_at_least_the_minimum_really_and_after_perturbation(least):
    for count in range(1, 3 * least):
        for key in range(RECORD_KEYS):
            value = shown(Cell(count, key), least)
            if count < least:
                assert value is None
            elif value is not None:
                assert value >= least and abs(value - count) <= MAX_CHANGE
            else:
                assert count < least + MAX_CHANGE  # only those close to the line go under it


def test_the_same_people_always_get_the_same_figure():
    a, b, c = Cell(1, 200), Cell(6, 100), Cell(4, 10)
    assert (a + b) + c == a + (b + c) == Cell(11, 54)  # 310 modulo 256
    assert shown((a + b) + c) == shown(Cell(11, 310 % 256))
    assert (a + b + c) - a == b + c  # those who did not say yes, from n and yes
    assert disclosure.total([a, b, c]) == a + b + c and disclosure.total([]) == Cell()


def test_a_record_key_is_within_the_range():
    keys = {disclosure.new_record_key() for _ in range(2000)}
    assert keys <= set(range(RECORD_KEYS)) and len(keys) > 200


def test_small_groups_are_left_out_and_counted_groups_are_published():
    groups = {"opex": Cell(10, 3), "konterdam": Cell(1, 77), "leeg": Cell()}
    assert disclosure.included(groups) == {"opex"}
    counted = disclosure.counted(groups)
    assert counted["konterdam"] is None and counted["leeg"] == 0
    assert counted["opex"] == shown(Cell(10, 3))


def test_a_categorical_summary_is_made_of_shown_counts():
    cells = {"school": Cell(9, 40), "health": Cell(2, 5), "friends": Cell(7, 99)}
    n = disclosure.total(cells.values())
    result = summary("categorical", n, cells)
    assert result.n == shown(n)
    assert result.values["counts"] == {k: shown(c) for k, c in sorted(cells.items())}
    assert result.values["shares"]["school"] == shown(cells["school"]) / shown(n)
    assert result.values["withheld"] == ["health"] and result.values["shares"]["health"] is None


def test_too_few_respondents_withhold_the_whole_question():
    assert summary("categorical", Cell(4, 9), {"school": Cell(4, 9)}).suppressed
    assert summary("ordinal", Cell(3, 9), {2: Cell(3, 9)}).n == 0


def test_a_quartile_never_tells_how_many_gave_a_withheld_answer():
    """The audit: n = 7, "median 5 (middle half 3–5)" gave away that two answered 1. From
    shown counts, whatever the withheld count is (1 to 4), every derived figure is the same."""
    fives = Cell(9, 31)
    seen = set()
    for ones in range(1, 5):
        cells = {1: Cell(ones, 8), 5: fives}
        result = summary("ordinal", fives + cells[1], cells)
        values = result.values
        assert values["distribution"][1] is None
        seen.add((values["median"], values["q1"], values["q3"], values["mean"]))
    assert len(seen) == 1


def test_a_median_and_mean_come_from_the_shown_distribution():
    cells = {2: Cell(6, 1), 3: Cell(8, 2), 4: Cell(10, 3)}
    result = summary("ordinal", disclosure.total(cells.values()), cells)
    values = [v for v, c in cells.items() for _ in range(shown(c))]
    assert result.values["mean"] == pytest.approx(mean(values))
    assert result.values["distribution"] == {v: shown(c) for v, c in cells.items()}


def test_a_place_standard_summary_keeps_the_scale_from_one_to_seven():
    cells = {2: Cell(9, 1), 6: Cell(8, 2)}
    result = summary("place_standard", disclosure.total(cells.values()), cells)
    assert list(result.values["distribution"]) == [1, 2, 3, 4, 5, 6, 7]
    assert result.values["distribution"][1] == 0


def test_only_withheld_values_show_no_median():
    cells = {1: Cell(3, 1), 2: Cell(4, 2)}
    assert summary("ordinal", disclosure.total(cells.values()), cells).suppressed


def test_yes_or_no_of_fewer_than_five_withholds_a_binary_question():
    assert summary("binary", Cell(12, 50), {True: Cell(10, 20)}).suppressed  # two said no
    result = summary("binary", Cell(20, 50), {True: Cell(10, 20)})
    yes, no = shown(Cell(10, 20)), shown(Cell(10, 30))
    assert result.values == {"yes": yes, "no": no, "share_yes": yes / (yes + no)}


def test_a_share_compared_needs_enough_people_in_and_outside_it():
    assert disclosure.share(Cell(3, 1), Cell(20, 5)) is None
    assert disclosure.share(Cell(17, 1), Cell(20, 5)) is None  # three did not choose it
    assert disclosure.share(Cell(0, 0), Cell(20, 5)) is None  # nobody: the counts tell it
    assert disclosure.share(Cell(10, 1), Cell(20, 5)) == (shown(Cell(10, 1)), shown(Cell(20, 5)))


def test_the_room_moves_in_whole_steps():
    assert disclosure.in_steps(list(range(12)), 5) == list(range(10))
    assert disclosure.in_steps([1, 2, 3], 5) == []
