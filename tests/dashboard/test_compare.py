"""Rounds compared on hand-made data: the change, its interval, and the sentence."""

import pytest
from flask_babel import force_locale

from participatie.services.compare import compare, sentence


def test_a_rating_that_rose_is_found_with_its_interval_and_told_in_words(rounds, respond):
    for score in (2, 2, 3, 3, 2, 2):
        respond(round_key="voorjaar", count=1, reachable=score)
    for score in (4, 4, 5, 5, 4, 4):
        respond(round_key="najaar", count=1, reachable=score)
    opex = rounds["hoods"][0]
    items = {(i.question, i.option): i for i in compare(rounds["spring"], rounds["autumn"],
                                                        "family", opex)}
    reachable = items["reachable", None]
    assert reachable.change.before == pytest.approx(14 / 6)
    assert reachable.change.difference == pytest.approx(2.0)
    assert 0 < reachable.change.low <= 2.0 <= reachable.change.high < 4
    assert reachable.notable
    with force_locale("en"):
        line = sentence(reachable, "Opex", "Voorjaar")
    assert line.startswith("In Opex, ") and "is rated higher than in Voorjaar" in line
    assert line.endswith("on average 2.3 → 4.3.")  # the means the interval is about
    with force_locale("nl"):
        assert sentence(reachable, "Opex", "Voorjaar").endswith("gemiddeld 2,3 → 4,3.")
    unchanged = items["available", None]  # 3 in both rounds
    assert unchanged.change.difference == 0 and not unchanged.notable


def test_a_share_that_changed_uses_newcombes_interval(rounds, respond):
    respond(round_key="voorjaar", count=15, first_question_to="school")
    respond(round_key="voorjaar", count=5, first_question_to="health")
    respond(round_key="najaar", count=5, first_question_to="school")
    respond(round_key="najaar", count=15, first_question_to="health")
    items = {(i.question, i.option): i for i in compare(rounds["spring"], rounds["autumn"],
                                                        "family")}
    school = items["first_question_to", "school"]
    assert (school.change.before, school.change.after) == (0.75, 0.25)
    # By hand: Wilson 15/20 = 0.5313 … 0.8881, 5/20 = 0.1119 … 0.4687; Newcombe:
    # −0.5 − √(0.1381² + 0.1381²) = −0.695 and −0.5 + √(0.2187² + 0.2187²) = −0.191.
    assert school.change.low == pytest.approx(-0.695, abs=0.001)
    assert school.change.high == pytest.approx(-0.191, abs=0.001)
    assert school.notable
    assert items["first_question_to", "internet"].change.suppressed  # nobody, either round


def test_too_few_in_either_round_is_withheld(rounds, respond):
    respond(round_key="voorjaar", count=4, reachable=1)
    respond(round_key="najaar", count=8, reachable=5)
    [reachable] = [i for i in compare(rounds["spring"], rounds["autumn"], "family")
                   if i.question == "reachable"]
    assert reachable.change.suppressed and not reachable.notable


def test_the_page_lists_the_notable_changes(coordinator, respond):
    respond(round_key="voorjaar", count=6, reachable=2)
    respond(round_key="najaar", count=6, reachable=5)
    page = coordinator.get("/dashboard/networks/oostende/rounds/najaar/compare").text
    assert "is rated higher than in Voorjaar: on average 2.0 → 5.0." in page


def test_a_sentence_never_shows_the_same_figure_on_both_sides(app):
    from participatie.services.compare import means

    with force_locale("en"):
        assert means(3.96, 4.04) == ("3.96", "4.04")  # one decimal would say 4.0 → 4.0
        assert means(2.3333, 4.3333) == ("2.3", "4.3")
