"""Summaries against values computed by hand; nothing about fewer than 5 people is shown."""

import pytest

from analysis.stats import (
    change_in_mean,
    change_in_share,
    place_standard_scores,
    summarise,
    suppress_small,
    wilson,
)


def test_an_ordinal_summary_matches_the_hand_computation():
    summary = summarise("ordinal", [1, 2, 2, 4, 5, None], min_group=1)
    assert summary.n == 5
    assert summary.values == {"mean": 2.8, "median": 2.0, "q1": 2.0, "q3": 4.0, "min": 1.0,
                              "max": 5.0, "distribution": {1: 1, 2: 2, 4: 1, 5: 1}}


def test_categorical_and_multiple_choice_count_each_family_once_per_option():
    single = summarise("categorical", ["bus", "walk", "bus", "bus", "car"], min_group=1)
    assert single.values["counts"] == {"bus": 3, "car": 1, "walk": 1}
    assert single.values["shares"]["bus"] == pytest.approx(0.6)
    multi = summarise("multi_categorical", [["a", "b"], ["a"], ["b", "b"], ["c"], ["a"]],
                      min_group=1)
    assert multi.values["counts"] == {"a": 3, "b": 2, "c": 1}
    assert multi.values["shares"]["a"] == pytest.approx(0.6)


def test_an_answer_chosen_by_fewer_than_5_people_is_withheld_with_what_would_give_it_away():
    summary = summarise("categorical", ["bus"] * 9 + ["walk"] * 6 + ["car"] * 2)
    # n = 17 is shown: car alone withheld would be 17 - 9 - 6; so walk goes too.
    assert summary.values["counts"] == {"bus": 9, "car": None, "walk": None}
    assert summary.values["shares"] == {"bus": pytest.approx(9 / 17), "car": None, "walk": None}
    assert summary.values["withheld"] == ["car", "walk"]
    two = summarise("categorical", ["bus"] * 6 + ["car"] * 2)
    assert two.values["counts"] == {"bus": None, "car": None}
    several = summarise("multi_categorical", [["a", "b"]] * 6 + [["c"]] * 2)
    assert several.values["counts"] == {"a": 6, "b": 6, "c": None}  # they do not add up to n


def test_binary_share_and_a_yes_or_no_of_fewer_than_5_withheld():
    assert summarise("binary", [True] * 6 + [False] * 5).values == {
        "yes": 6, "no": 5, "share_yes": pytest.approx(6 / 11)}
    assert summarise("binary", [True, False, True, True, True, False]).suppressed
    assert summarise("binary", [True] * 9).suppressed  # "no" is 0 … yet "yes" is everyone


def test_an_ordinal_distribution_withholds_its_small_cells():
    summary = summarise("ordinal", [1] * 6 + [2] * 7 + [3] * 2)
    assert summary.values["distribution"] == {1: None, 2: 7, 3: None}
    assert summary.values["median"] == 2.0


def test_a_group_under_the_threshold_is_withheld_and_says_so():
    summary = summarise("numeric", [3, 4, 5, 6])
    assert summary.suppressed and summary.values == {}
    assert summary.as_dict() == {"kind": "numeric", "n": 4, "suppressed": True}
    assert not summarise("numeric", [3, 4, 5, 6], min_group=3).suppressed
    assert suppress_small({"Opex": 12, "Paal": 4}) == {"Opex": None, "Paal": None}
    assert suppress_small({"Opex": 12, "Beverlo": 9, "Paal": 4}) == {
        "Opex": 12, "Beverlo": None, "Paal": None}


def test_place_standard_scores_show_the_whole_1_to_7_distribution():
    scores = place_standard_scores({"safety": [1, 2, 2, 6, 7], "play": [4, 4]}, min_group=1)
    assert scores["safety"].values["distribution"] == {1: 1, 2: 2, 3: 0, 4: 0, 5: 0, 6: 1, 7: 1}
    assert scores["safety"].values["median"] == 2
    scores = place_standard_scores({"safety": [1, 2, 2, 6, 7], "play": [4, 4]})
    assert scores["play"].suppressed


def test_wilson_interval_matches_the_textbook_value():
    # 10 of 40: Wilson 95% interval 0.1419 .. 0.4019 (Newcombe 1998, table I style computation)
    low, high = wilson(10, 40)
    assert (round(low, 4), round(high, 4)) == (0.1419, 0.4019)


def test_change_in_share_brackets_the_difference_and_names_its_method():
    change = change_in_share(10, 40, 20, 40)
    assert change.difference == pytest.approx(0.25)
    assert change.low < 0.25 < change.high
    assert change.low > 0  # a real improvement at this size
    assert "Newcombe" in change.method
    assert change_in_share(1, 4, 3, 40).suppressed


def test_change_in_mean_is_deterministic_for_a_random_state():
    before, after = [3, 4, 4, 5, 3, 4], [5, 6, 5, 6, 7, 5]
    first = change_in_mean(before, after, random_state=1)
    assert first == change_in_mean(before, after, random_state=1)
    assert first.difference == pytest.approx(5.6667 - 3.8333, abs=1e-3)
    assert first.low < first.difference < first.high
    assert "bootstrap" in first.method


@pytest.mark.parametrize(("kind", "answers"), [
    ("categorical", ["a"] * 6 + ["b"] * 3 + ["c"] * 5),
    ("multi_categorical", [["a", "b"]] * 3 + [["a"]] * 4 + [["c"]] * 5),
    ("binary", [True] * 4 + [False] * 3),
    ("text", ["x"] * 7),
    ("categorical", ["a"] * 4),
])
def test_summaries_from_counts_equal_summaries_from_answers(kind, answers):
    from collections import Counter

    from analysis.stats import summarise_counts

    if kind == "multi_categorical":
        counts = Counter(option for chosen in answers for option in chosen)
    elif kind == "binary":
        counts = {True: sum(answers)}
    else:
        counts = Counter(answers)
    assert summarise_counts(kind, dict(counts), len(answers)) == summarise(kind, answers)


def test_large_groups_get_the_normal_interval_which_agrees_with_the_bootstrap():
    import random

    from analysis.stats import LARGE_GROUP, change_in_mean

    rng = random.Random(1)
    before = [rng.randint(1, 5) for _ in range(LARGE_GROUP)]
    after = [min(5, v + rng.choice([0, 1])) for v in before]
    normal = change_in_mean(before, after)
    boot = change_in_mean(before[:-1], after[:-1])  # one fewer each: the bootstrap
    assert normal.method.startswith("normal approximation")
    assert boot.method.startswith("percentile bootstrap")
    assert normal.low == pytest.approx(boot.low, abs=0.05)
    assert normal.high == pytest.approx(boot.high, abs=0.05)
