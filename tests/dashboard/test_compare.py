"""Rounds compared on hand-made data: the change, its interval, and the sentence."""

from statistics import mean

import pytest
from flask_babel import force_locale

from analysis.disclosure import expanded
from analysis.stats import change_in_share
from participatie.services.compare import compare, means, sentence
from tests.dashboard.conftest import BASE, shown


def test_a_rating_that_rose_is_found_with_its_interval_and_told_in_words(rounds, respond):
    for score, count in ((2, 6), (3, 6)):
        respond(round_key="voorjaar", count=count, reachable=score)
    for score, count in ((4, 6), (5, 6)):
        respond(round_key="najaar", count=count, reachable=score)
    opex = rounds["hoods"][0]
    items = {(i.question, i.option): i for i in compare(rounds["spring"], rounds["autumn"],
                                                        "family", opex)}
    reachable = items["reachable", None]
    # The means are those of the shown (perturbed) distributions, as the results page shows.
    before = mean(expanded(shown("voorjaar", "reachable", "opex")[1]))
    after = mean(expanded(shown("najaar", "reachable", "opex")[1]))
    assert 2.3 < before < 2.7 and 4.3 < after < 4.7  # about 2.5 and 4.5: the same story
    assert reachable.change.before == pytest.approx(before)
    assert reachable.change.difference == pytest.approx(after - before)
    assert 0 < reachable.change.low <= after - before <= reachable.change.high < 4
    assert reachable.notable
    with force_locale("en"):
        line = sentence(reachable, "Opex", "Voorjaar")
    assert line.startswith("In Opex, ") and "is rated higher than in Voorjaar" in line
    with force_locale("en"):
        shown_en = means(before, after)
    assert line.endswith(f"on average {shown_en[0]} → {shown_en[1]}.")  # the means compared
    with force_locale("nl"):
        assert sentence(reachable, "Opex", "Voorjaar").endswith(
            f"gemiddeld {shown_en[0].replace('.', ',')} → {shown_en[1].replace('.', ',')}.")
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
    (n_before, before), (n_after, after) = (shown(key, "first_question_to")
                                            for key in ("voorjaar", "najaar"))
    expected = change_in_share(before["school"], n_before, after["school"], n_after)
    assert (school.change.before, school.change.after) == (expected.before, expected.after)
    assert abs(school.change.before - 0.75) < 0.15 and abs(school.change.after - 0.25) < 0.15
    assert (school.change.low, school.change.high) == pytest.approx((expected.low, expected.high))
    assert "Newcombe" in school.change.method and school.notable
    assert items["first_question_to", "internet"].change.suppressed  # nobody, either round


def test_too_few_in_either_round_is_withheld(rounds, respond):
    respond(round_key="voorjaar", count=4, reachable=1)
    respond(round_key="najaar", count=8, reachable=5)
    [reachable] = [i for i in compare(rounds["spring"], rounds["autumn"], "family")
                   if i.question == "reachable"]
    assert reachable.change.suppressed and not reachable.notable


def test_the_page_lists_the_notable_changes(coordinator, respond):
    respond(round_key="voorjaar", count=8, reachable=2)  # 8: shown, whatever the noise
    respond(round_key="najaar", count=8, reachable=5)
    page = coordinator.get("/dashboard/networks/oostende/rounds/najaar/compare").text
    assert "is rated higher than in Voorjaar: on average 2.0 → 5.0." in page


def test_a_sentence_never_shows_the_same_figure_on_both_sides(app):
    from participatie.services.compare import means

    with force_locale("en"):
        assert means(3.96, 4.04) == ("3.96", "4.04")  # one decimal would say 4.0 → 4.0
        assert means(2.3333, 4.3333) == ("2.3", "4.3")


def test_a_round_is_not_compared_with_itself(rounds, coordinator):
    assert coordinator.get(f"{BASE}/najaar/compare?with=najaar").status_code == 404
    assert coordinator.get(f"{BASE}/najaar/compare?with=voorjaar").status_code == 200
