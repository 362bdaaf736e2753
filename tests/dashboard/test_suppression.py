"""No figure about fewer than five people, in any view or summary export; a filter that leaves
fewer says "too few answers to show"."""

import csv
import io

import pytest

from tests.dashboard.conftest import BASE

VIEWS = [
    f"{BASE}/najaar/",
    f"{BASE}/najaar/results",
    f"{BASE}/najaar/results?neighbourhood=1",
    f"{BASE}/najaar/compare",
    f"{BASE}/najaar/report",
]


@pytest.mark.parametrize("url", VIEWS)
def test_every_view_withholds_a_group_of_four(coordinator, respond, url):
    respond(count=4, reachable=2)  # four families in the autumn round, all in Opex
    respond(round_key="voorjaar", count=4, reachable=5)
    page = coordinator.get(url).text
    assert "too few answers to show" in page or "fewer than 5" in page
    for leak in ("4 responses", ">4<", "100%", "Median 2"):
        assert leak not in page, (url, leak)


def test_the_summary_export_withholds_a_group_of_four(coordinator, respond):
    respond(count=4)
    exported = coordinator.get(f"{BASE}/najaar/export?kind=summary&format=csv")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows and all(row["withheld"] == "fewer than the minimum" for row in rows)
    assert all(row["count"] == row["share"] == row["respondents"] == "" for row in rows)


def test_a_single_answer_chosen_by_fewer_than_five_is_withheld_in_the_summary(coordinator,
                                                                              respond):
    respond(count=6, first_question_to="school")
    respond(count=2, first_question_to="health")
    rows = list(csv.DictReader(io.StringIO(coordinator.get(
        f"{BASE}/najaar/export?kind=summary&format=csv").data.decode("utf-8-sig"))))
    first = {r["option_key"]: r for r in rows
             if r["question_key"] == "first_question_to" and r["neighbourhood"] == ""}
    assert first["school"]["count"] == "6" and first["health"]["count"] == ""
    assert first["health"]["withheld"] == "fewer than the minimum"


def test_a_filter_that_leaves_fewer_than_five_says_so(coordinator, respond):
    respond(count=6, language="nl")
    respond(count=3, language="ar")
    shown = coordinator.get(f"{BASE}/najaar/results?language=nl").text
    assert "6 responses" in shown
    narrow = coordinator.get(f"{BASE}/najaar/results?language=ar").text
    assert "too few answers to show" in narrow and "3 responses" not in narrow
    by_age = coordinator.get(f"{BASE}/najaar/results?age=6-9").text
    assert "too few answers to show" in by_age
