"""Group sessions: one join code for two versions, compasses with hand-computed medians and
quartiles, withheld themes, the group's own results kept apart, two sessions never mixed."""

from datetime import date

import pytest
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import CollectionLink, GroupScore
from participatie.services.compass import (
    ADULTS,
    CHILDREN,
    DIMENSIONS,
    area_compass,
    ratings,
    session_compasses,
)
from participatie.services.networks import SetupError
from participatie.services.sessions import finish_session, save_group_results
from tests.admin.conftest import submit as submit_form
from tests.conftest import published
from tests.facilitate.conftest import link_of, rate


def test_a_session_owns_an_adults_and_a_childrens_link_behind_one_code(open_a_session, client):
    session = open_a_session()
    assert sorted(link.questionnaire_version.key for link in session.links) == [ADULTS, CHILDREN]
    assert all(link.mode == "group" for link in session.links)
    join = client.get(f"/s/{session.code}")
    assert join.status_code == 200
    for link in session.links:
        assert f'href="/s/{link.code}"' in join.text
    assert "Voor kinderen (6 tot 11 jaar)" in join.text  # each version, in each language
    assert 'lang="ar" dir="rtl"' in join.text and "Voor volwassenen en jongeren" in join.text


def test_medians_and_quartiles_are_the_hand_computed_ones(open_a_session, app):
    session = open_a_session()
    adults = link_of(session)
    for play, nature in [(1, 7), (2, 7), (3, 6), (5, None), (6, 5), (7, None)]:
        rate(adults, play=play, **({"nature": nature} if nature else {}))
    compass = session_compasses(session)[ADULTS]
    play = compass.scores["play"]
    # 1 2 3 5 6 7: median (3 + 5) / 2 = 4; quartiles at positions 1.25 and 3.75 (linear).
    assert (play.n, play.values["median"], play.values["q1"], play.values["q3"]) == (
        6, 4.0, 2.25, 5.75)
    nature = compass.scores["nature"]
    assert nature.n == 4 and nature.suppressed  # four people: withheld
    assert compass.medians()["nature"] is None and "nature" not in compass.spreads()
    assert compass.respondents == 6


def test_childrens_faces_sit_at_1_4_and_7_on_their_own_compass(open_a_session):
    session = open_a_session()
    children = link_of(session, CHILDREN)
    for face in (1, 2, 3, 3, 2):
        rate(children, play=face)
    compasses = session_compasses(session)
    assert compasses[CHILDREN].scores["play"].values["median"] == 4.0  # faces 1 4 7 7 4
    assert compasses[CHILDREN].scores["play"].values["q3"] == 7.0
    assert not compasses[ADULTS].shown  # never mixed into the adults' compass


def test_two_sessions_at_once_never_mix(open_a_session):
    first, second = open_a_session("School"), open_a_session("Buurthuis")
    for _ in range(5):
        rate(link_of(first), play=2)
    rate(link_of(second), play=7)
    assert session_compasses(first)[ADULTS].scores["play"].values["median"] == 2.0
    assert session_compasses(second)[ADULTS].scores["play"].suppressed
    # The neighbourhood's compass holds everyone's individual ratings of the round.
    hood_compass = area_compass(first.round_id, first.neighbourhood_id)
    assert hood_compass.scores["play"].n == published(
        CollectionLink.round_id == first.round_id,
        CollectionLink.neighbourhood_id == first.neighbourhood_id)  # six people, perturbed
    assert len(ratings(ADULTS, CollectionLink.neighbourhood_id == first.neighbourhood_id)[1][
        "play"]) == 6


def test_the_groups_scores_are_its_own(open_a_session):
    session = open_a_session()
    save_group_results(session, {"play": (3, "Te weinig speelruimte"), "safety": (None, "")},
                       ["play", "traffic"], 9, "Goede sfeer")
    assert {(s.dimension, s.score, s.notes) for s in session.scores} == {
        ("play", 3, "Te weinig speelruimte"), ("safety", None, None)}
    assert (session.priorities, session.participants) == (["play", "traffic"], 9)
    assert session_compasses(session)[ADULTS].scores["play"].n == 0  # not an individual rating


@pytest.mark.parametrize(("scores", "priorities"), [
    ({"play": (8, "")}, []),
    ({"play": (0, "")}, []),
    ({"nonsense": (3, "")}, []),
    ({}, ["play", "play"]),
    ({}, ["nonsense"]),
])
def test_impossible_group_results_are_refused_and_nothing_is_stored(open_a_session, scores,
                                                                    priorities):
    session = open_a_session()
    with pytest.raises(SetupError):
        save_group_results(session, scores, priorities, 5, "")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(GroupScore)) == 0


def test_a_finished_session_takes_no_more_ratings(open_a_session, client):
    session = open_a_session()
    finish_session(session)
    assert client.get(f"/s/{session.code}").status_code == 410
    assert client.get(f"/s/{link_of(session).code}").status_code == 410


def test_the_facilitator_opens_a_session_through_the_form(facilitator, network):
    made = submit_form(facilitator, "/facilitate/networks/oostende/sessions/new", {
        "round": network.rounds[0].id, "neighbourhood": network.neighbourhoods[0].id,
        "held_on": date.today().isoformat(), "place": "Buurthuis De Schakel",
        "participants": "8", "kinds": ["parents", "children"]})
    assert made.status_code == 302
    page = facilitator.get(made.location)
    assert "Buurthuis De Schakel" in page.text and "<svg" in page.text


def test_the_live_screen_shows_medians_once_five_adults_rated(facilitator, open_a_session):
    session = open_a_session()
    url = f"/facilitate/networks/oostende/sessions/{session.id}/live?part=body"
    for score in (2, 4, 4, 6):
        rate(link_of(session), play=score)
    waiting = facilitator.get(url).text
    assert "The compass appears once 5 people" in waiting and "<polygon" not in waiting
    rate(link_of(session), play=5)
    shown = facilitator.get(url).text
    assert "<polygon" in shown and "5 people rated" in shown


def test_the_live_compass_moves_only_in_steps_of_five_people(open_a_session):
    session = open_a_session()
    for score in (2, 2, 4, 4, 4):
        rate(link_of(session), play=score)
    assert session_compasses(session, live=True)[ADULTS].scores["play"].values["median"] == 4
    rate(link_of(session), play=1)  # the sixth person: the room sees no change
    rate(link_of(session), play=1)
    live = session_compasses(session, live=True)[ADULTS]
    assert (live.respondents, live.scores["play"].values["median"]) == (5, 4.0)
    assert session_compasses(session)[ADULTS].scores["play"].values["median"] == 2.0


def test_the_same_priority_twice_is_refused_on_the_page(open_a_session, facilitator):
    """A facilitator picks one theme as priority 1 and 2 by mistake: the page says so (a 500
    before), and nothing is stored."""
    session = open_a_session()
    url = f"/facilitate/networks/oostende/sessions/{session.id}/"
    blank = {f"dimensions-{n}-score": "" for n in range(len(DIMENSIONS))}
    page = submit_form(facilitator, url, {**blank, "priority_1": "play", "priority_2": "play",
                                          "priority_3": ""})
    assert page.status_code == 200 and 'class="flash"' in page.text
    db.session.expire_all()
    assert session.priorities in (None, [])


def test_medians_are_written_as_the_reader_writes_numbers(open_a_session, english_client):
    """On a Dutch projector a half is "3,5", not "3.5"."""
    from tests.conftest import log_in

    session = open_a_session()
    for score in (2, 3, 3, 3, 3, 4, 4, 4, 4, 5):  # ten: two whole steps of five
        rate(link_of(session), play=score)
    dutch = english_client()
    dutch.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    log_in(dutch, "facilitator@example.org")
    page = dutch.get(f"/facilitate/networks/oostende/sessions/{session.id}/results")
    assert page.status_code == 200
    assert "<td>3,5 (3–4)</td>" in page.text  # median (middle half)


def test_every_page_of_a_session_moves_in_steps_of_five(open_a_session, facilitator):
    """The projected screen counts whole steps of five people; the facilitator's page and the
    results do too, or beside the screen they would tell what the sixth person thought."""
    session = open_a_session()
    for score in (2, 2, 2, 2, 2):
        rate(link_of(session), play=score)
    rate(link_of(session), play=7)  # the sixth person
    base = f"/facilitate/networks/oostende/sessions/{session.id}"
    page = facilitator.get(f"{base}/").text
    assert "n = 5" in page and "n = 6" not in page
    results = facilitator.get(f"{base}/results").text
    assert "5 adults rated on their own." in results and "<td>2 (2–2)</td>" in results
    assert "6 adults" not in results
