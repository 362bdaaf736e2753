"""Demo data: three pilot municipalities, real neighbourhoods, an open round, the `demo` link."""

from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import CollectionLink, Network, QuestionnaireVersion
from participatie.services.demo import load_demo
from participatie.services.links import open_link


def counts():
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (Network, CollectionLink, QuestionnaireVersion)]


def test_demo_data_is_loaded_once(app):
    created = load_demo()
    assert "link demo" in created
    before = counts()
    assert load_demo() == []
    assert counts() == before


def test_each_network_has_three_or_four_neighbourhoods_and_an_open_round(app):
    load_demo()
    networks = db.session.scalars(select(Network)).all()
    assert {n.name for n in networks} == {"Oostende", "Beringen", "Brugge"}
    for network in networks:
        assert 3 <= len(network.neighbourhoods) <= 4
        assert len(network.rounds) == 1


def test_the_demo_link_takes_family_survey_answers_in_vuurtorenwijk(app):
    load_demo()
    link = open_link("demo")
    assert link.neighbourhood.name == "Vuurtorenwijk"
    assert link.questionnaire_version.key == "family"
    assert link.mode == "kiosk"
