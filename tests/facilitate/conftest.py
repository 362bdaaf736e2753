"""A network with a round and a neighbourhood, the Place Standard published, and its staff."""

import uuid
from datetime import date

import pytest

from participatie.extensions import db
from participatie.models import Neighbourhood, Network, Round
from participatie.services.compass import DIMENSIONS
from participatie.services.questionnaires import load_published_versions
from participatie.services.responses import Submission, submit
from tests.conftest import log_in


@pytest.fixture
def network(app, make_user):
    load_published_versions()
    network = Network(key="oostende", name="Oostende")
    hood = Neighbourhood(network=network, key="opex", name="Opex")
    round_ = Round(network=network, key="voorjaar", name="Voorjaar", opens_on=date(2020, 1, 1),
                   neighbourhoods=[hood])
    db.session.add_all([network, hood, round_])
    db.session.commit()
    make_user("facilitator@example.org", network, "facilitator")
    make_user("viewer@example.org", network, "viewer")
    return network


@pytest.fixture
def open_a_session(network):
    from participatie.services.sessions import open_session

    def open_(place="Buurthuis"):
        return open_session(network, round_id=network.rounds[0].id,
                            neighbourhood_id=network.neighbourhoods[0].id,
                            held_on=date(2026, 11, 20), place=place, participants=8,
                            kinds=["parents"])

    return open_


def link_of(session, questionnaire="place-standard"):
    return next(link for link in session.links
                if link.questionnaire_version.key == questionnaire)


def rate(link, language="nl", **scores):
    """One person's ratings through the one path for responses; unnamed themes are skipped."""
    answers = dict(scores)
    if link.questionnaire_version.key == "place-standard":
        answers.setdefault("priorities", ["play"])
    return submit(Submission(id=uuid.uuid4(), link=link.code, language=language,
                             answers=answers))


@pytest.fixture
def facilitator(english_client, network):
    client = english_client()
    log_in(client, "facilitator@example.org")
    return client


ALL_FOURS = dict.fromkeys(DIMENSIONS, 4)
