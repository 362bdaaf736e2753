"""The disclosure layer through the pages and exports: a lone family is in no figure, every
page says the figures are blurred, and the figures still tell the same story."""

import csv
import io

from tests.dashboard.conftest import BASE


def summary_rows(client, language="en") -> list[dict]:
    return [row for row in csv.DictReader(io.StringIO(client.get(
        f"{BASE}/najaar/export?kind=summary&format=csv&language={language}&keys=only")
        .data.decode("utf-8-sig"))) if not row["neighbourhood"].startswith("#")]


def figures(rows, hood: str) -> dict:
    return {(r["question_key"], r["option_key"]): (r["respondents"], r["count"], r["share"],
                                                   r["median"])
            for r in rows if r["neighbourhood"] == hood}


def test_the_lone_family_of_a_neighbourhood_is_in_no_figure(coordinator, respond):
    """The audit: Opex 10, Konterdam 1; the round's export minus Opex's gave the lone family
    (school, not Dutch at home, a child of 3–5). Now the round leaves Konterdam out, so the
    round's figures are Opex's own, to the last cell."""
    respond(count=10, first_question_to="school", home_languages=["nl"], children_age=["0-2"])
    respond(hood="konterdam", count=1, first_question_to="health", home_languages=["ar"],
            children_age=["3-5"], reachable=5)
    rows = summary_rows(coordinator)
    assert figures(rows, "") == figures(rows, "Opex") and figures(rows, "Opex")
    assert all(r["count"] == "" and r["withheld"]
               for r in rows if r["neighbourhood"] == "Konterdam")
    for page in ("/", "/results", "/results?language=nl"):
        text = coordinator.get(f"{BASE}/najaar{page}").text
        assert "Left out of these figures, as too few answered there: Konterdam." in text, page
    overview = coordinator.get(f"{BASE}/najaar/").text
    assert "Figures are slightly blurred so that nobody can be recognised" in overview


def test_the_same_people_get_the_same_figure_on_every_page_and_export(coordinator, respond,
                                                                      rounds):
    respond(count=9, first_question_to="school", reachable=4)
    respond(count=8, first_question_to="health", reachable=2)
    rows = summary_rows(coordinator)
    school = next(r for r in rows if r["neighbourhood"] == "" and r["option_key"] == "school")
    page = coordinator.get(f"{BASE}/najaar/results").text
    assert f"<td>{school['count']}</td>" in page
    again = summary_rows(coordinator)  # asked again: the same noise, nothing averages away
    assert rows == again
    # The report's Opex page, the round's results and Opex's filter agree with the export.
    opex = rounds["hoods"][0].id
    opex_page = coordinator.get(f"{BASE}/najaar/results?neighbourhood={opex}").text
    assert f"<td>{school['count']}</td>" in opex_page


def test_every_figure_page_export_and_report_says_figures_are_blurred(coordinator, respond,
                                                                       rounds):
    respond(count=12)
    respond(round_key="voorjaar", count=12)
    for page in ("/", "/results", "/compare", "/themes/family/better_neighbourhood",
                 "/report"):
        text = coordinator.get(f"{BASE}/najaar{page}").text
        assert "slightly blurred" in text, page
    nl = coordinator.get(f"{BASE}/najaar/export?kind=summary&format=csv&language=nl")
    *_rows, last = csv.reader(io.StringIO(nl.data.decode("utf-8-sig")))
    assert last[0].startswith("# ") and "wat vervaagd" in last[0]
    compass = coordinator.get("/facilitate/networks/oostende/compass").text
    assert "slightly blurred" in compass
