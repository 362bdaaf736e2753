"""Two networks, each fully set up, and a member of each role in the first ("own") one."""

import html
import re
from dataclasses import dataclass
from datetime import date

import pytest

from participatie.extensions import db
from participatie.models import (
    CollectionLink,
    GroupSession,
    Neighbourhood,
    Network,
    Partner,
    Round,
)
from participatie.services.paper import enter_form, paper_link
from participatie.services.questionnaires import find_version, load_published_versions
from participatie.services.sessions import open_session
from participatie.services.signals import record_signal
from tests.conftest import csrf_token, log_in


@dataclass
class Side:
    """One network and one of each of its things, for building URLs."""

    network: Network
    neighbourhood: Neighbourhood
    partner: Partner
    round: Round
    link: CollectionLink
    member_id: int  # a member other than the person acting
    session: GroupSession
    paper: CollectionLink
    form_serial: str
    signal_id: int


def build_network(key: str, name: str, version, make_user) -> Side:
    network = Network(key=key, name=name, questionnaire_versions=[version])
    hood = Neighbourhood(network=network, key="centrum", name="Centrum")
    partner = Partner(network=network, name="Huis van het Kind", functions=["meeting"])
    round_ = Round(network=network, key="voorjaar", name="Voorjaar", opens_on=date(2020, 1, 1),
                   questionnaire_versions=[version], neighbourhoods=[hood])
    link = CollectionLink(code=f"{key[:3]}kiosk", round=round_, neighbourhood=hood,
                          questionnaire_version=version, mode="kiosk")
    db.session.add_all([network, hood, partner, round_, link])
    db.session.commit()
    other = make_user(f"member@{key}.example.org", network, "facilitator")
    session = open_session(network, round_id=round_.id, neighbourhood_id=hood.id,
                           held_on=date(2026, 11, 20), place="Buurthuis", participants=6,
                           kinds=["parents"])
    paper = paper_link(network, round_.id, hood.id, version.id)
    form = enter_form(paper, f"{paper.code}-0001", "nl", {"children_age": ["0-2"]})
    signal = record_signal(network, title="Schoolstraat", level="neighbourhood")
    return Side(network, hood, partner, round_, link, other.id, session, paper, form.serial,
                signal.id)


@pytest.fixture
def family_version(app):
    load_published_versions()
    return find_version("family")


@pytest.fixture
def world(app, make_user, family_version):
    """``own``: the network of the people acting; ``other``: one they have nothing to do with."""
    own = build_network("oostende", "Oostende", family_version, make_user)
    other = build_network("beringen", "Beringen", family_version, make_user)
    users = {
        "admin": make_user("admin@example.org", is_admin=True),
        "coordinator": make_user("coordinator@example.org", own.network, "coordinator"),
        "facilitator": make_user("facilitator@example.org", own.network, "facilitator"),
        "viewer": make_user("viewer@example.org", own.network, "viewer"),
    }
    return {"own": own, "other": other, "users": users}


@pytest.fixture
def coordinator_client(english_client, world):
    """A browser of the own network's coordinator, logged in."""
    client = english_client()
    log_in(client, "coordinator@example.org")
    return client


def submit(client, url: str, data: dict, form_page: str | None = None):
    """Post ``data`` to ``url`` with the form token of ``form_page`` (default: ``url``)."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, form_page or url)})


def form_errors(page) -> list[str]:
    return [html.unescape(e) for e in re.findall(r'class="form-error"[^>]*>([^<]*)<', page.text)]
