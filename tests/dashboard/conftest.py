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
