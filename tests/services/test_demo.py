"""Demo data: three pilot municipalities, real neighbourhoods, an open round, the `demo` link,
and enough family responses per neighbourhood to show results above the suppression threshold."""

from collections import Counter

from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Answer, CollectionLink, Network, Response
from participatie.services.demo import load_demo
from participatie.services.links import open_link
from participatie.services.questionnaires import find_version


def counts():
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (Network, CollectionLink, Response, Answer)]


def test_demo_data_is_complete_and_loaded_once(demo_app, demo_created):
    created = demo_created  # the first load, into an empty database (tests/conftest.py)
    assert "link demo" in created
    before = counts()
    assert load_demo() == []
    assert counts() == before

    networks = db.session.scalars(select(Network)).all()
    assert {n.name for n in networks} == {"Oostende", "Beringen", "Brugge"}
    for network in networks:
        assert 3 <= len(network.neighbourhoods) <= 4
        assert sorted(r.key for r in network.rounds) == ["najaar-2026", "voorjaar-2026"]
        assert [r.key for r in network.rounds if r.closed_at] == ["voorjaar-2026"]

    link = open_link("demo")
    assert (link.neighbourhood.name, link.mode) == ("Vuurtorenwijk", "kiosk")
    latest = find_version("family")  # the demo link collects the newest published version
    assert (link.questionnaire_version.key, link.questionnaire_version.version) == ("family", 4)
    assert link.questionnaire_version == latest

    responses = db.session.scalars(select(Response)).all()
    per_hood = Counter(r.link.neighbourhood.name for r in responses)
    assert len(per_hood) == 11 and min(per_hood.values()) >= 40
    assert set(Counter(r.language for r in responses)) == {"nl", "fr", "en", "ar", "tr"}

    from participatie.models import Round

    autumn = (select(Answer.text).join(Response).join(CollectionLink).join(Round)
              .where(Answer.question_key == "better_neighbourhood", Round.key == "najaar-2026"))
    texts = db.session.scalars(autumn).all()
    assert len(texts) >= 200
    assert len(set(texts)) / len(texts) > 0.5  # in a round: many different words



def test_demo_has_place_standard_ratings_in_two_rounds_and_a_finished_session(demo_app):
    from participatie.models import CollectionLink, GroupSession
    from participatie.services.compass import (
        ADULTS,
        CHILDREN,
        area_compass,
        ratings,
        session_compasses,
    )

    for network in db.session.scalars(select(Network)):
        for round_ in network.rounds:
            for hood in network.neighbourhoods:
                where = (CollectionLink.round_id == round_.id,
                         CollectionLink.neighbourhood_id == hood.id)
                assert ratings(ADULTS, *where)[0] >= 12, (network.key, hood.key)
                assert ratings(CHILDREN, *where)[0] >= 5, (network.key, hood.key)
                assert area_compass(round_.id, hood.id).shown, (network.key, hood.key)
    [session] = db.session.scalars(select(GroupSession)).all()
    assert session.finished_at and session.priorities == ["play", "traffic", "influence"]
    assert len(session.scores) == 14 and session.participants == 9
    assert session_compasses(session)[ADULTS].respondents == 7


def test_the_demos_figures_tell_the_same_story_after_blurring(demo_app):
    """Issue 14: the figures a coordinator sees change by a little. Every share of a group of 20
    or more, shown beside the real one: a few points at most (±2 on a count and on its n)."""
    from benchmarks.disclosure_story import shifts

    moved = shifts()  # sorted
    assert len(moved) > 500
    assert moved[-1] <= 0.10 and moved[int(0.95 * len(moved))] <= 0.05
    assert sum(moved) / len(moved) <= 0.02


def test_the_demos_dialogue_report_fits_a_round_page_and_two_pages_per_neighbourhood(demo_app):
    """Issue 13: the report was 31 pages, tables split across pages. Read the demo's PDF back."""
    import io

    from pypdf import PdfReader

    from tests.conftest import log_in
    from tests.dashboard.test_report_jobs import download_report

    client = demo_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the waiting page is read in English
    log_in(client, "coordinator.oostende@example.org", "buurt-demo-2026")
    pdf = download_report(demo_app, client, "/dashboard/networks/oostende/rounds/najaar-2026")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages]
    hoods = db.session.scalar(select(Network).filter_by(key="oostende")).neighbourhoods
    assert len(pages) <= 1 + 2 * len(hoods), len(pages)
    starts = [i for i, text in enumerate(pages) if text.split("\n")[1:2] in (
        [hood.name] for hood in hoods)]
    assert len(starts) == len(hoods) and starts[0] == 1  # the round's page, then one each


# The demo's network work in Oostende: three signals with evidence in different states, and
# "you said, we did" for the closed spring round, shown on that round's links (moved here from
# test_demo_network_work.py, so that the demo's tests share a worker and its demo database).
def test_the_demo_has_signals_in_three_states_and_you_said_we_did_for_the_closed_round(demo_app):
    from participatie.models import Signal
    from participatie.services.feedback import closed_round_feedback, round_feedback

    network = db.session.scalar(select(Network).where(Network.key == "oostende"))
    found = db.session.scalars(select(Signal).where(Signal.network_id == network.id)).all()
    assert len(found) == 3
    assert {s.status for s in found} == {"new", "sent", "answered"}
    assert all(s.evidence for s in found)
    assert len({e.kind for s in found for e in s.evidence}) >= 3
    closed = next(r for r in network.rounds if r.closed_at is not None)
    entries = round_feedback(closed)
    assert len(entries) == 3 and all(set(e.said) == {"nl", "fr", "en", "ar", "tr"}
                                      for e in entries)
    assert all(e.unchecked == ["ar", "tr"] for e in entries)
    assert closed_round_feedback(f"vuurtorenwijk-{closed.key[:7]}") is not None  # its kiosk
    assert load_demo() == []  # a second run adds nothing
