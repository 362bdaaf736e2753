"""Who we do not reach: a neighbourhood's answers against its families per age band and home
language, with the figures the disclosure module publishes."""

import pytest
from sqlalchemy import select

from analysis import disclosure
from analysis.reach import representation
from participatie.extensions import db
from participatie.models import CollectionLink, PopulationFigure
from participatie.services.paper import enter_form
from participatie.services.population import Entry, PopulationError, save_population
from participatie.services.reach import reach
from tests.dashboard.conftest import BASE, family_answers, shown


@pytest.fixture
def population(rounds):
    opex = rounds["hoods"][0]
    save_population(opex, 200, [
        Entry("age_band", "0-2", 60), Entry("age_band", "6-9", 80),
        Entry("home_language", "nl", 150), Entry("home_language", "ar", 60),
        Entry("home_language", "not-nl", percent=35.0)], "Kind en Gezin 2025")
    return opex


def test_a_group_with_fewer_answers_than_families_gets_its_sentence(coordinator, respond,
                                                                     population):
    respond(count=60, home_languages=["nl"], children_age=["0-2"])
    respond(count=7, home_languages=["ar", "nl"], children_age=["6-9"])
    n, counts = shown("najaar", "home_languages", "opex")
    arabic = representation(counts["ar"], n, 0.30)
    assert arabic.under_reached
    page = coordinator.get(f"{BASE}/najaar/reach?neighbourhood={population.id}")
    assert page.status_code == 200
    percent = f"{round(100 * counts['ar'] / n)}%"
    assert ("Families who speak Arabic at home: about 30% of families here, "
            f"{percent} of answers.") in page.text
    assert "Kind en Gezin 2025" in page.text
    assert "plotly-" in page.text and "charts.js" in page.text  # a chart page


def test_the_figures_come_from_the_published_counts_per_way_of_answering(rounds, respond,
                                                                         population):
    respond(count=30, home_languages=["nl"], children_age=["0-2"])
    respond(count=8, home_languages=["ar"], children_age=["0-2", "6-9"])
    found = reach(rounds["autumn"], population)
    n, counts = shown("najaar", "home_languages", "opex")
    assert found.respondents == n
    groups = {g.key: g.figure for g in found.groups}
    assert groups[("home_language", "ar")] == representation(counts["ar"], n, 0.30)
    # Those who do not speak Dutch at home: who answered the question minus who chose Dutch.
    rows = db.session.execute(select(PopulationFigure.group)).scalars().all()
    assert "not-nl" in rows
    not_dutch = groups[("home_language", "not-nl")]
    assert not_dutch.population == pytest.approx(0.35)
    assert set(found.modes) == {"kiosk"} and found.mode_respondents["kiosk"] == n


def test_too_few_answers_show_nothing_but_that(coordinator, respond, population):
    respond(count=3, home_languages=["ar"])
    page = coordinator.get(f"{BASE}/najaar/reach?neighbourhood={population.id}")
    assert "too few answers to show" in page.text
    assert "Families who speak Arabic" not in page.text


def test_a_withheld_group_is_told_as_fewer_than_five(coordinator, respond, population):
    respond(count=40, home_languages=["nl"])
    respond(count=2, home_languages=["ar"])
    n, counts = shown("najaar", "home_languages", "opex")
    assert counts["ar"] is None
    page = coordinator.get(f"{BASE}/najaar/reach?neighbourhood={population.id}")
    assert (f"Families who speak Arabic at home: about 30% of families here, fewer than 5 of "
            f"{n} answers.") in page.text


def test_earlier_rounds_are_compared(coordinator, respond, population):
    respond(round_key="voorjaar", count=20, home_languages=["ar"])
    respond(count=20, home_languages=["nl"])
    page = coordinator.get(f"{BASE}/najaar/reach?neighbourhood={population.id}")
    assert "Compared with earlier rounds" in page.text and "Voorjaar" in page.text
    n, counts = shown("voorjaar", "home_languages", "opex")
    assert f"{round(100 * counts['ar'] / n)}%" in page.text


def test_a_neighbourhood_without_figures_says_where_to_enter_them(coordinator, respond, rounds):
    page = coordinator.get(f"{BASE}/najaar/reach?neighbourhood={rounds['hoods'][1].id}")
    assert "No population figures for Konterdam yet" in page.text


def test_another_networks_neighbourhood_is_not_found(coordinator, rounds):
    assert coordinator.get(f"{BASE}/najaar/reach?neighbourhood=999999").status_code == 404


@pytest.mark.parametrize("entry", [
    Entry("home_language", "ar", 60, 30.0), Entry("home_language", "xx", 6),
    Entry("age_band", "0-2", percent=130.0), Entry("age_band", "0-2", 260)])
def test_bad_figures_store_nothing(rounds, entry):
    hood = rounds["hoods"][0]
    save_population(hood, 200, [Entry("age_band", "3-5", 50)], "")
    with pytest.raises(PopulationError):
        save_population(hood, 200, [Entry("age_band", "6-9", 70), entry], "")
    db.session.rollback()
    groups = db.session.scalars(select(PopulationFigure.group)).all()
    assert groups == ["3-5"]


def test_the_mode_figures_leave_out_a_small_way_of_answering(rounds, respond, population):
    paper = CollectionLink(code="najaar-opex-paper", round=rounds["autumn"],
                           neighbourhood=population,
                           questionnaire_version=rounds["autumn"].questionnaire_versions[0],
                           mode="paper")
    db.session.add(paper)
    db.session.commit()
    respond(count=30, home_languages=["nl"])
    for number in (1, 2):  # two paper forms typed in
        enter_form(paper, f"{paper.code}-{number:04d}", "nl",
                   family_answers(home_languages=["ar"]))
    found = reach(rounds["autumn"], population)
    assert "paper" not in found.modes
    assert disclosure.MIN_GROUP == 5


def test_the_demo_gives_every_neighbourhood_population_figures_once(rounds):
    from participatie.services.demo_population import load_demo_population
    from participatie.services.population import shares

    done = load_demo_population()
    assert len(done) == 2 and load_demo_population() == []
    for hood in rounds["hoods"]:
        found = {(s.dimension, s.group): s.share for s in shares(hood)}
        assert {("age_band", "0-2"), ("home_language", "ar")} <= set(found)
        assert all(0 < share <= 1 for share in found.values())
