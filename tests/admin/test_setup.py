"""Setting a network up through the admin room's forms; bad input is refused, nothing stored."""

from datetime import date

import pytest
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Membership, Neighbourhood, Network, Partner, Round, User
from tests.admin.conftest import form_errors, submit
from tests.conftest import log_in

BASE = "/admin/networks/oostende"


def count(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_the_administrator_creates_a_network_and_its_first_coordinator(app, english_client, world):
    client = english_client()
    log_in(client, "admin@example.org")
    made = submit(client, "/admin/networks/new",
                  {"name": "Sint-Niklaas", "coordinator_email": "Trekker@Sint-Niklaas.be"})
    assert made.status_code == 302 and made.location == "/admin/networks/sint-niklaas/"
    page = client.get(made.location)
    assert "one-time link" in page.text and "/reset/" in page.text
    network = db.session.scalar(select(Network).filter_by(key="sint-niklaas"))
    coordinator = db.session.scalar(select(User).filter_by(email="trekker@sint-niklaas.be"))
    assert coordinator.role_in(network.id) == "coordinator"
    assert coordinator.password_hash is None  # chosen by the person, through the link


@pytest.mark.parametrize(("data", "field_error"), [
    ({"name": "Oostende", "coordinator_email": "x@example.org"}, "already a network"),
    ({"name": "", "coordinator_email": "x@example.org"}, "This field is required."),
    ({"name": "Gent", "coordinator_email": "not-an-address"}, "valid e-mail address"),
])
def test_a_bad_network_is_refused_and_nothing_is_stored(english_client, world, data,
                                                        field_error):
    client = english_client()
    log_in(client, "admin@example.org")
    networks, users = count(Network), count(User)
    page = submit(client, "/admin/networks/new", data)
    assert page.status_code == 200
    assert any(field_error in error for error in form_errors(page)), form_errors(page)
    assert (count(Network), count(User)) == (networks, users)


def test_a_neighbourhood_keeps_its_population_figures(coordinator_client, world):
    made = submit(coordinator_client, f"{BASE}/neighbourhoods/new", {
        "name": "Vuurtorenwijk", "families": "410", "children_0_2": "120", "children_6_9": "95",
        "languages": "nl, AR tr ber other"})
    assert made.status_code == 302
    hood = db.session.scalar(select(Neighbourhood).filter_by(name="Vuurtorenwijk"))
    assert hood.key == "vuurtorenwijk"
    assert hood.population == {"families": 410, "children": {"0-2": 120, "6-9": 95},
                               "languages": ["nl", "ar", "tr", "ber", "other"]}
    edit = coordinator_client.get(f"{BASE}/neighbourhoods/{hood.id}")
    assert 'value="410"' in edit.text and "nl, ar, tr, ber, other" in edit.text


@pytest.mark.parametrize(("data", "field_error"), [
    ({"name": "Centrum"}, "already has a neighbourhood"),
    ({"name": ""}, "This field is required."),
    ({"name": "Nieuw", "families": "-3"}, "between 0 and"),
    ({"name": "Nieuw", "languages": "nl, Arabisch"}, "Not a language code: arabisch"),
])
def test_a_bad_neighbourhood_is_refused(coordinator_client, world, data, field_error):
    before = count(Neighbourhood)
    page = submit(coordinator_client, f"{BASE}/neighbourhoods/new", data)
    assert any(field_error in error for error in form_errors(page)), form_errors(page)
    assert count(Neighbourhood) == before


def test_a_partner_names_its_essential_functions(coordinator_client, world):
    submit(coordinator_client, f"{BASE}/partners/new",
           {"name": "Speelpleinwerking", "functions": ["public_space", "play_leisure"]})
    partner = db.session.scalar(select(Partner).filter_by(name="Speelpleinwerking"))
    assert partner.functions == ["play_leisure", "public_space"]  # in the framework's order
    overview = coordinator_client.get(f"{BASE}/")
    assert "No partner takes up yet" in overview.text and "Advocacy" in overview.text
    page = submit(coordinator_client, f"{BASE}/partners/new",
                  {"name": "Speelpleinwerking", "functions": ["nonsense"]})
    assert count(Partner, name="Speelpleinwerking") == 1
    assert form_errors(page)


def test_a_coordinator_adds_a_member_who_gets_a_password_link(coordinator_client, world):
    added = submit(coordinator_client, f"{BASE}/members/",
                   {"email": "buurtwerker@example.org", "role": "facilitator"})
    assert added.status_code == 302
    page = coordinator_client.get(added.location)
    assert "buurtwerker@example.org" in page.text and "/reset/" in page.text
    again = submit(coordinator_client, f"{BASE}/members/",
                   {"email": "buurtwerker@example.org", "role": "viewer"})
    assert "already a member" in " ".join(form_errors(again))


def test_the_last_coordinator_cannot_be_removed_or_demoted(coordinator_client, world):
    me = world["users"]["coordinator"]
    submit(coordinator_client, f"{BASE}/members/{me.id}/role", {"role": "viewer"},
           form_page=f"{BASE}/members/")
    assert db.session.get(Membership, (me.id, world["own"].network.id)).role == "coordinator"


def test_a_coordinator_cannot_reset_someone_who_is_also_elsewhere(coordinator_client, world):
    """A password link for a person with a role in another network would hand over that too."""
    shared = world["users"]["viewer"]
    from participatie.services.accounts import grant_role

    grant_role(shared, world["other"].network, "coordinator")
    refused = submit(coordinator_client, f"{BASE}/members/{shared.id}/reset-link", {},
                     form_page=f"{BASE}/members/")
    assert refused.status_code == 403


def test_a_round_covers_chosen_neighbourhoods_and_questionnaires(coordinator_client, world,
                                                                 family_version):
    hood = world["own"].neighbourhood
    made = submit(coordinator_client, f"{BASE}/rounds/new", {
        "name": "Voorjaar 2027", "opens_on": "2027-03-01", "closes_on": "2027-05-31",
        "versions": [str(family_version.id)], "neighbourhoods": [str(hood.id)]})
    assert made.status_code == 302
    round_ = db.session.scalar(select(Round).filter_by(name="Voorjaar 2027"))
    assert (round_.key, round_.opens_on, round_.closes_on) == (
        "voorjaar-2027", date(2027, 3, 1), date(2027, 5, 31))
    assert round_.neighbourhoods == [hood] and round_.questionnaire_versions == [family_version]


@pytest.mark.parametrize(("change", "field_error"), [
    ({"closes_on": "2027-02-01"}, "cannot end before it starts"),
    ({"name": "Voorjaar"}, "already has a round"),
    ({"name": ""}, "This field is required."),
    ({"versions": ["99999"]}, "is not a valid choice"),
    ({"versions": []}, "Choose at least one."),
    ({"neighbourhoods": []}, "Choose at least one."),
    ({"opens_on": "1 maart"}, "Not a valid date value."),
])
def test_a_bad_round_is_refused_and_nothing_is_stored(coordinator_client, world, family_version,
                                                     change, field_error):
    data = {"name": "Voorjaar 2027", "opens_on": "2027-03-01", "closes_on": "2027-05-31",
            "versions": [str(family_version.id)],
            "neighbourhoods": [str(world["own"].neighbourhood.id)], **change}
    rounds = count(Round)
    page = submit(coordinator_client, f"{BASE}/rounds/new", data)
    assert page.status_code == 200
    assert any(field_error in error for error in form_errors(page)), form_errors(page)
    assert count(Round) == rounds


def test_another_networks_neighbourhood_cannot_be_slipped_into_a_round(coordinator_client, world,
                                                                      family_version):
    foreign = world["other"].neighbourhood
    page = submit(coordinator_client, f"{BASE}/rounds/new", {
        "name": "Sluiproute", "versions": [str(family_version.id)],
        "neighbourhoods": [str(foreign.id)]})
    assert form_errors(page) and count(Round, name="Sluiproute") == 0


def test_a_neighbourhood_with_links_stays_in_its_round(coordinator_client, world, family_version):
    hood = world["own"].neighbourhood
    extra = submit(coordinator_client, f"{BASE}/neighbourhoods/new", {"name": "Westerkwartier"})
    assert extra.status_code == 302
    westerkwartier = db.session.scalar(select(Neighbourhood).filter_by(name="Westerkwartier"))
    page = submit(coordinator_client, f"{BASE}/rounds/voorjaar/edit", {
        "name": "Voorjaar", "versions": [str(family_version.id)],
        "neighbourhoods": [str(westerkwartier.id)]})
    assert "Centrum has links in this round" in " ".join(form_errors(page))
    db.session.expire_all()
    assert hood in db.session.scalar(select(Round).filter_by(key="voorjaar")).neighbourhoods
