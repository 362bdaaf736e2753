"""A network with a spring and an autumn round over two neighbourhoods, the family survey, and
a factory for family responses with chosen answers."""

import uuid
from datetime import date

import pytest

from participatie.extensions import db
from participatie.models import CollectionLink, Neighbourhood, Network, Round
from participatie.services.questionnaires import find_version, load_published_versions
from participatie.services.responses import Submission, submit
from tests.conftest import log_in

BASE = "/dashboard/networks/oostende/rounds"


def family_answers(**changes) -> dict:
    answers = {
        "children_age": ["0-2"], "children_count": 1, "home_languages": ["nl"],
        "offer_used": ["childcare_school"], "offer_missed": ["nothing"], "reachable": 3,
        "available": 3, "affordable": 3, "understandable": 3, "usable": 3,
        "childcare_used": False, "first_question_to": "school", "information_channel": ["school"],
    }
    return {**answers, **changes}


@pytest.fixture
def rounds(app, make_user):
    load_published_versions()
    family = find_version("family")
    network = Network(key="oostende", name="Oostende", questionnaire_versions=[family])
    hoods = [Neighbourhood(network=network, key=k, name=n, population={"families": 200})
             for k, n in (("opex", "Opex"), ("konterdam", "Konterdam"))]
    spring = Round(network=network, key="voorjaar", name="Voorjaar",
                   opens_on=date(2020, 3, 1), questionnaire_versions=[family], neighbourhoods=hoods)
    autumn = Round(network=network, key="najaar", name="Najaar", opens_on=date(2020, 9, 1),
                   questionnaire_versions=[family], neighbourhoods=hoods)
    db.session.add_all([network, *hoods, spring, autumn])
    for round_ in (spring, autumn):
        for hood in hoods:
            db.session.add(CollectionLink(code=f"{round_.key}-{hood.key}", round=round_,
                                          neighbourhood=hood, questionnaire_version=family,
                                          mode="kiosk"))
    db.session.commit()
    make_user("coordinator@example.org", network, "coordinator")
    make_user("viewer@example.org", network, "viewer")
    return {"network": network, "spring": spring, "autumn": autumn, "hoods": hoods}


@pytest.fixture
def respond(rounds):
    """Factory: ``count`` responses in a round and neighbourhood, with these answers."""

    def make(round_key="najaar", hood="opex", count=1, language="nl", **answers):
        for _ in range(count):
            submit(Submission(uuid.uuid4(), f"{round_key}-{hood}", language,
                              family_answers(**answers)))

    return make


@pytest.fixture
def coordinator(english_client, rounds):
    client = english_client()
    log_in(client, "coordinator@example.org")
    return client


def shown(round_key: str, question: str, hood: str | None = None) -> tuple[int, dict]:
    """The expected published figures of a question, from the stored record keys through the
    disclosure module: (respondents, count per option or value), as the pages must show."""
    from sqlalchemy import select

    from analysis import disclosure
    from participatie.models import Answer, Response

    query = (select(Response.id, Response.record_key, Answer.option_key, Answer.number,
                    Answer.flag)
             .join(Answer, Answer.response_id == Response.id)
             .join(CollectionLink, CollectionLink.id == Response.link_id)
             .join(Round, Round.id == CollectionLink.round_id)
             .where(Round.key == round_key, Answer.question_key == question))
    if hood:
        query = query.join(Neighbourhood, Neighbourhood.id == CollectionLink.neighbourhood_id)
        query = query.where(Neighbourhood.key == hood)
    rows = db.session.execute(query).all()
    people = {row.id: row.record_key for row in rows}
    cells: dict = {}
    for row in rows:
        value = row.option_key if row.option_key is not None else (
            int(row.number) if row.number is not None else row.flag)
        cells[value] = cells.get(value, disclosure.Cell()) + disclosure.Cell(1, row.record_key)
    n = disclosure.shown(disclosure.Cell.of(len(people), sum(people.values())))
    return n or 0, {value: disclosure.shown(cell) for value, cell in cells.items()}
