"""The partners' self-evaluation: a coordinator starts one and gets one link per partner; a
partner fills the eight building blocks on one page through its link (bad input: a clear
error, nothing stored); the network's view shows the spread by partner name, the change since
the previous evaluation and the functions no partner takes up. Viewers see; they start nothing."""

import re
from datetime import UTC, datetime

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participatie.extensions import db
from participatie.models import Partner, PartnerEvaluation, PartnerEvaluationEntry
from participatie.services import evaluation as service
from participatie.vocabulary import BUILDING_BLOCKS
from tests.conftest import csrf_token, log_in

VIEW = "/dashboard/networks/oostende/evaluation/"


def full(now: int, goal: int, step: str = "") -> dict:
    answers = {}
    for block in BUILDING_BLOCKS:
        answers |= {f"{block}_now": str(now), f"{block}_goal": str(goal), f"{block}_next": step}
    return answers


@pytest.fixture
def partners(rounds):
    network = rounds["network"]
    db.session.add_all([
        Partner(network=network, name="Huis van het Kind",
                functions=["meeting", "family_support_health"]),
        Partner(network=network, name="Basisschool De Vuurtoren", functions=["childcare_school"]),
        Partner(network=network, name="OCMW", functions=["basic_rights", "advocacy"]),
    ])
    db.session.commit()
    return network


def test_an_evaluation_gives_each_partner_its_own_link_and_a_name_only_once(partners):
    evaluation = service.start_evaluation(partners, "najaar 2025")
    names = [e.partner_name for e in evaluation.entries]
    assert sorted(names) == ["Basisschool De Vuurtoren", "Huis van het Kind", "OCMW"]
    tokens = {e.token for e in evaluation.entries}
    assert len(tokens) == 3 and all(len(t) >= 32 for t in tokens)
    assert service.entry_by_token(evaluation.entries[0].token) == evaluation.entries[0]
    assert service.entry_by_token("not-a-token") is None
    with pytest.raises(service.EvaluationError):
        service.start_evaluation(partners, " najaar 2025 ")
    with pytest.raises(service.EvaluationError):
        service.start_evaluation(partners, "  ")
    assert db.session.scalar(select(func.count()).select_from(PartnerEvaluation)) == 1


def test_bad_answers_store_nothing_and_good_ones_are_kept(partners):
    entry = service.start_evaluation(partners, "najaar 2025").entries[0]
    answers = full(2, 4, "Een gezamenlijke visietekst")
    answers["time_goal"] = "6"
    del answers["resources_now"]
    errors = service.save_entry(entry, MultiDict(answers))
    assert set(errors) == {"time_goal", "resources_now"}
    db.session.refresh(entry)
    assert entry.answers == {} and entry.submitted_at is None

    errors = service.save_entry(entry, MultiDict(full(2, 4, "Een gezamenlijke visietekst")))
    assert errors == {}
    db.session.refresh(entry)
    assert entry.answers["shared_vision_now"] == 2
    assert entry.answers["monitoring_next"] == "Een gezamenlijke visietekst"
    assert entry.submitted_at is not None


def test_blocks_show_the_spread_by_partner_and_the_change_since_the_previous(partners):
    before = service.start_evaluation(partners, "najaar 2025",
                                      when=datetime(2025, 11, 1, tzinfo=UTC))
    for entry, now in zip(before.entries, (1, 2, 2), strict=True):
        service.save_entry(entry, MultiDict(full(now, 4)))
    after = service.start_evaluation(partners, "najaar 2026",
                                     when=datetime(2026, 11, 1, tzinfo=UTC))
    for entry, now in zip(after.entries[:2], (3, 4), strict=True):
        service.save_entry(entry, MultiDict(full(now, 5)))
    assert service.previous_of(after) == before
    assert service.previous_of(before) is None
    block = service.blocks(after, before)[0]
    assert block.key == "shared_vision"
    assert [(s.name, s.now, s.goal) for s in block.scores] == [
        ("Basisschool De Vuurtoren", 3, 5), ("Huis van het Kind", 4, 5)]
    assert (block.now, block.goal, block.previous_now, block.change) == (3.5, 5.0, 2.0, 1.5)


def test_the_function_map_names_the_gaps(partners):
    rows, gaps = service.function_map(partners)
    assert ("OCMW", ["basic_rights", "advocacy"]) in rows
    assert gaps == ["play_leisure", "public_space"]


def test_a_partner_that_leaves_stays_in_its_evaluations(partners):
    evaluation = service.start_evaluation(partners, "najaar 2025")
    partner = db.session.scalar(select(Partner).where(Partner.name == "OCMW"))
    from participatie.services.networks import delete_partner
    delete_partner(partner)
    db.session.expire_all()
    names = [e.partner_name for e in db.session.get(PartnerEvaluation, evaluation.id).entries]
    assert "OCMW" in names


def test_coordinator_starts_one_and_a_partner_fills_it_through_its_link(partners, coordinator,
                                                                         english_client):
    page = coordinator.post(VIEW, data={"name": "najaar 2026",
                                        "csrf_token": csrf_token(coordinator, VIEW)})
    assert page.status_code == 302
    page = coordinator.get(page.location)
    links = re.findall(r'href="(http://[^"]*/evaluatie/[^"]+)"', page.get_data(as_text=True))
    assert len(links) == 3

    partner = english_client()
    url = links[0].removeprefix("http://localhost")
    form = partner.get(url)
    assert form.status_code == 200 and "Where are we now?" in form.get_data(as_text=True)
    token = csrf_token(partner, url)
    bad = partner.post(url, data={**full(3, 4), "shared_vision_now": "", "csrf_token": token})
    assert bad.status_code == 422 and "Choose a number from 1 to 5." in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(PartnerEvaluationEntry)
                             .where(PartnerEvaluationEntry.submitted_at.is_not(None))) == 0
    good = partner.post(url, data={**full(3, 4, "Samen een visietekst"), "csrf_token": token})
    assert good.status_code == 302

    view = coordinator.get(VIEW).get_data(as_text=True)
    assert "Partners who filled in the evaluation: 1 of 3." in view
    assert "Samen een visietekst" in view
    gap = "No partner takes up the function “Play, leisure, culture and sport”."
    assert str(escape(gap)) in view
    assert partner.get("/evaluatie/forged-token").status_code == 404


def test_a_viewer_sees_the_view_without_links_and_cannot_start_one(partners, english_client):
    service.start_evaluation(partners, "najaar 2026")
    viewer = english_client()
    log_in(viewer, "viewer@example.org")
    page = viewer.get(VIEW)
    assert page.status_code == 200
    assert "/evaluatie/" not in page.get_data(as_text=True)
    refused = viewer.post(VIEW, data={"name": "x", "csrf_token": csrf_token(viewer, VIEW)})
    assert refused.status_code == 403


def test_rounds_cannot_use_the_self_evaluation(partners):
    from participatie.services.networks import SetupError, published_versions, set_questionnaires
    from participatie.services.questionnaires import find_version

    assert all(v.kind != "self_evaluation" for v in published_versions())
    with pytest.raises(SetupError):
        set_questionnaires(partners, [find_version(service.QUESTIONNAIRE).id])


def test_the_dashboard_links_to_the_network_view(partners, coordinator):
    assert VIEW in coordinator.get("/dashboard/").get_data(as_text=True)
