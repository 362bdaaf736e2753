"""Demo data: three pilot municipalities, real neighbourhoods, an open round, the `demo` link,
and enough family responses per neighbourhood to show results above the suppression threshold."""

from collections import Counter

from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Answer, CollectionLink, Network, Response
from participatie.services.demo import load_demo
from participatie.services.links import open_link


def counts():
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (Network, CollectionLink, Response, Answer)]


def test_demo_data_is_complete_and_loaded_once(app):
    created = load_demo()
    assert "link demo" in created
    before = counts()
    assert load_demo() == []
    assert counts() == before

    networks = db.session.scalars(select(Network)).all()
    assert {n.name for n in networks} == {"Oostende", "Beringen", "Brugge"}
    for network in networks:
        assert 3 <= len(network.neighbourhoods) <= 4
        assert len(network.rounds) == 1

    link = open_link("demo")
    assert (link.neighbourhood.name, link.mode) == ("Vuurtorenwijk", "kiosk")
    assert (link.questionnaire_version.key, link.questionnaire_version.version) == ("family", 2)

    responses = db.session.scalars(select(Response)).all()
    per_hood = Counter(r.link.neighbourhood.name for r in responses)
    assert len(per_hood) == 11 and min(per_hood.values()) >= 40
    assert set(Counter(r.language for r in responses)) == {"nl", "fr", "en", "ar", "tr"}

    texts = db.session.scalars(
        select(Answer.text).where(Answer.question_key == "better_neighbourhood")
    ).all()
    assert len(texts) >= 200
    assert len(set(texts)) / len(texts) > 0.5  # many different words, not a few repeated
