"""A coordinator sets up a round on an office laptop: neighbourhoods, a round, a kiosk link and
its QR code; a family answers through that QR code on a tablet; closing the round stops the
link. A facilitator of the network cannot open the admin screens. axe-core checks each page."""

import io
import uuid
from datetime import date

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from participatie.extensions import db
from participatie.models import Network, Response
from participatie.services.questionnaires import find_version, load_published_versions
from tests.browser.conftest import LANDSCAPE
from tests.conftest import PASSWORD

LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def oostende(app, make_user):
    load_published_versions()
    network = Network(key="oostende", name="Oostende",
                      questionnaire_versions=[find_version("family")])
    db.session.add(network)
    db.session.commit()
    make_user("trekker@oostende.be", network, "coordinator")
    make_user("buurtwerker@oostende.be", network, "facilitator")
    return network


def log_in(page, base, email):
    if "/login" not in page.url:
        page.goto(f"{base}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def click(page, name, role="link"):
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()


def add_neighbourhood(page, name, families):
    click(page, "Add neighbourhood")
    page.get_by_label("Name of the neighbourhood").fill(name)
    page.get_by_label("Families with children (0–12)").fill(families)
    page.get_by_label("Main home languages").fill("nl, ar, tr")
    click(page, "Save neighbourhood", role="button")


def answer_every_screen(page):
    """A family taps the first choice of each screen and sends."""
    while "/q/" in page.url:
        if page.locator("label.card").count():
            page.locator("label.card").first.tap()
        elif page.locator("input.number").count():
            page.locator("input.number").fill("2")
        else:
            page.get_by_role("textbox").fill("Een speeltuin dichtbij")
        with page.expect_navigation():
            page.locator("button.next").tap()
    with page.expect_navigation():
        page.locator("button.next").tap()  # send


def test_a_coordinator_sets_up_a_round_and_a_family_answers_through_its_qr_code(
        oostende, serve, laptop, tablet, no_violations):
    base = serve()
    page = laptop()
    page.goto(f"{base}/admin/")
    assert "/login" in page.url
    no_violations(page)  # login
    log_in(page, base, "trekker@oostende.be")
    assert page.url.endswith("/admin/")
    no_violations(page)  # admin index
    click(page, "Oostende")
    add_neighbourhood(page, "Vuurtorenwijk", "410")
    no_violations(page)  # the network's overview
    add_neighbourhood(page, "Westerkwartier", "380")
    assert page.get_by_role("cell", name="Westerkwartier", exact=True).is_visible()

    click(page, "New round")
    no_violations(page)  # round form
    page.get_by_label("Name of the round").fill("Voorjaar 2027")
    page.get_by_label("First day").fill(date.today().isoformat())
    assert page.get_by_label("Vuurtorenwijk").is_checked()
    page.get_by_label("Westerkwartier").uncheck()
    click(page, "Save round", role="button")
    no_violations(page)  # round page with its link form

    page.get_by_label("Neighbourhood").select_option(label="Vuurtorenwijk")
    page.get_by_label("How families answer").select_option("kiosk")
    click(page, "Make link", role="button")
    no_violations(page)  # link page with its QR code
    with page.expect_download() as download:
        page.get_by_role("link", name="QR code (PNG)").click()
    image = Image.open(io.BytesIO(download.value.path().read_bytes()))
    [barcode] = zxingcpp.read_barcodes(image)
    code = page.url.rsplit("/", 1)[-1]
    assert barcode.text == f"{base}/s/{code}"

    family = tablet(LANDSCAPE)
    family.goto(barcode.text)
    with family.expect_navigation():
        family.get_by_role("link", name="Nederlands").tap()
    with family.expect_navigation():
        family.get_by_role("button", name="Beginnen").tap()
    answer_every_screen(family)
    assert "/thanks" in family.url
    [response] = db.session.scalars(select(Response)).all()
    assert response.link.code == code and response.link.neighbourhood.name == "Vuurtorenwijk"

    click(page, "Voorjaar 2027")
    page.get_by_text("Close the round", exact=True).click()  # asks first: nothing is sent yet
    assert page.get_by_text("Close this round? Its links take no more answers").is_visible()
    click(page, "Yes, close the round", role="button")
    assert page.get_by_text("its links take no more answers").is_visible()
    family.goto(barcode.text)
    assert family.get_by_text("Je kan hier niet meer antwoorden").is_visible()
    api = family.request.post(f"{base}/api/v1/responses", data={
        "id": str(uuid.uuid4()), "link": code, "language": "nl", "answers": {}})
    assert api.status == 410
    db.session.expire_all()
    assert len(db.session.scalars(select(Response)).all()) == 1


def test_a_facilitator_cannot_open_the_admin_screens(oostende, serve, laptop, no_violations):
    base = serve()
    page = laptop()
    log_in(page, base, "buurtwerker@oostende.be")
    assert page.get_by_role("heading", name="My networks").is_visible()
    assert page.get_by_role("link", name="Set up this network").count() == 0
    for path in ("/admin/", "/admin/networks/oostende/", "/admin/networks/oostende/members/"):
        response = page.goto(f"{base}{path}")
        assert response.status == 403
        assert page.get_by_role("heading", name="Not for your role").is_visible()
    no_violations(page)


def test_the_members_partner_and_password_pages_pass_axe(oostende, serve, laptop, no_violations):
    base = serve()
    page = laptop()
    log_in(page, base, "trekker@oostende.be")
    page.goto(f"{base}/admin/networks/oostende/members/")
    page.get_by_label("E-mail address").fill("nieuw@oostende.be")
    click(page, "Add member", role="button")
    assert page.get_by_text("this one-time link to choose a password").is_visible()
    no_violations(page)
    page.goto(f"{base}/admin/networks/oostende/partners/new")
    no_violations(page)
    page.goto(f"{base}/account/password")
    no_violations(page)
