"""No figure about fewer than five people, in any view or summary export; a filter that leaves
fewer says "too few answers to show"."""

import csv
import io

import pytest

from participatie.models import Response
from tests.conftest import published
from tests.dashboard.conftest import BASE, shown

VIEWS = [
    "{base}/najaar/",
    "{base}/najaar/results",
    "{base}/najaar/results?neighbourhood={opex}",
    "{base}/najaar/compare?neighbourhood={opex}",
    "{base}/najaar/compare",
    "{base}/najaar/report",
    "{base}/najaar/themes/",
    "{base}/najaar/themes/family/better_neighbourhood",
]


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_withholds_a_group_of_four(coordinator, respond, rounds, view):
    url = view.format(base=BASE, opex=rounds["hoods"][0].id)
    # Four families in the autumn round, all in Opex, with words of their own.
    respond(count=4, reachable=2, better_neighbourhood="Meer speeltuinen in de wijk")
    respond(round_key="voorjaar", count=4, reachable=5)
    page = coordinator.get(url).text
    assert "too few answers to show" in page or "fewer than 5" in page
    for leak in ("4 responses", ">4<", "100%", "Median 2", "4 answers", "speeltuinen"):
        assert leak not in page, (url, leak)


def test_the_summary_export_withholds_a_group_of_four(coordinator, respond):
    respond(count=4)
    exported = coordinator.get(
        f"{BASE}/najaar/export?kind=summary&format=csv&keys=only&language=en")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    notes = [row.pop("neighbourhood") for row in rows if row["neighbourhood"].startswith("#")]
    rows = [row for row in rows if "neighbourhood" in row]
    assert any(note.startswith("# Figures are slightly blurred") for note in notes)
    assert rows and all(row["withheld"] == "fewer than 5" for row in rows)
    assert all(row["count"] == row["share"] == row["respondents"] == "" for row in rows)


def test_a_single_answer_chosen_by_fewer_than_five_is_withheld_in_the_summary(coordinator,
                                                                              respond):
    respond(count=9, first_question_to="school")
    respond(count=7, first_question_to="family_friends")
    respond(count=2, first_question_to="health")
    rows = list(csv.DictReader(io.StringIO(coordinator.get(
        f"{BASE}/najaar/export?kind=summary&format=csv&keys=only").data.decode("utf-8-sig"))))
    first = {r["option_key"]: r for r in rows
             if r["question_key"] == "first_question_to" and r["neighbourhood"] == ""}
    n, expected = shown("najaar", "first_question_to")
    assert first["school"]["count"] == str(expected["school"]) and 7 <= expected["school"] <= 11
    assert first["family_friends"]["count"] == str(expected["family_friends"])
    assert first["health"]["count"] == "" and expected["health"] is None
    assert first["health"]["withheld"] != "" and first["school"]["respondents"] == str(n)
    # 18 − 9 − 7 no longer gives the two: every figure may be off by up to 2.


def test_a_filter_that_leaves_fewer_than_five_says_so(coordinator, respond):
    respond(count=6, language="nl")
    respond(count=3, language="ar")
    respond(count=5, language="tr")
    page = coordinator.get(f"{BASE}/najaar/results?language=nl").text
    assert f"{published(Response.language == 'nl')} responses" in page
    narrow = coordinator.get(f"{BASE}/najaar/results?language=ar").text
    assert "too few answers to show" in narrow and "3 responses" not in narrow
    by_age = coordinator.get(f"{BASE}/najaar/results?age=6-9").text
    assert "too few answers to show" in by_age


def test_a_filter_that_would_show_the_others_by_difference_is_refused(coordinator, respond):
    respond(count=6, language="nl")
    respond(count=3, language="ar")
    everyone = coordinator.get(f"{BASE}/najaar/results").text
    assert f"{published()} responses" in everyone
    # Six Dutch-speaking families beside all nine would tell what the three others said.
    dutch = coordinator.get(f"{BASE}/najaar/results?language=nl").text
    assert "too few answers to show" in dutch and "6 responses" not in dutch


def test_a_long_round_is_shown_per_week_from_monday():
    from datetime import date

    from participatie.services.results import _week_of

    assert _week_of(date(2026, 9, 3)) == date(2026, 8, 31)  # a Thursday → its Monday
    assert _week_of(date(2026, 8, 31)) == date(2026, 8, 31)
