"""Collection links: short codes, QR codes that scan back to the link, posters, switching links
and rounds off (web and API alike), and a preview for staff that stores nothing."""

import io
import re
import uuid

import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import CollectionLink, Draft, Response
from participatie.services.rounds import CODE_ALPHABET, new_code
from tests.admin.conftest import submit

BASE = "/admin/networks/oostende"


def make_link(client, world, family_version, mode="personal"):
    made = submit(client, f"{BASE}/rounds/voorjaar/", {
        "neighbourhood": world["own"].neighbourhood.id, "version": family_version.id,
        "mode": mode})
    assert made.status_code == 302, made.text
    return made.location.rsplit("/", 1)[-1]


def test_codes_are_short_and_easy_to_type(app):
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == 6 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("0o1li") & set(CODE_ALPHABET)


def test_a_link_is_made_once_per_neighbourhood_questionnaire_and_mode(
        coordinator_client, world, family_version):
    code = make_link(coordinator_client, world, family_version, mode="personal")
    again = submit(coordinator_client, f"{BASE}/rounds/voorjaar/", {
        "neighbourhood": world["own"].neighbourhood.id, "version": family_version.id,
        "mode": "personal"})
    assert again.status_code == 422 and f"This link exists already: {code}" in again.text
    count = db.session.scalar(select(func.count()).select_from(CollectionLink)
                              .where(CollectionLink.mode == "personal"))
    assert count == 1


def test_the_qr_code_scans_back_to_the_link(app, coordinator_client, world, family_version):
    app.config["PUBLIC_URL"] = "https://participatie.example.be"
    code = make_link(coordinator_client, world, family_version)
    png = coordinator_client.get(f"{BASE}/links/{code}/qr.png")
    assert png.mimetype == "image/png" and "attachment" in png.headers["Content-Disposition"]
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))
    assert [barcode.text for barcode in found] == [f"https://participatie.example.be/s/{code}"]
    svg = coordinator_client.get(f"{BASE}/links/{code}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<svg")


def test_the_poster_shows_the_short_link_in_each_language(app, coordinator_client, world,
                                                          family_version):
    app.config["PUBLIC_URL"] = "https://participatie.example.be/"
    code = make_link(coordinator_client, world, family_version)
    poster = coordinator_client.get(f"{BASE}/links/{code}/poster").text
    assert f"participatie.example.be/s/{code}" in poster
    assert "<svg" in poster and 'lang="ar" dir="rtl"' in poster
    assert "Uw mening telt" in poster or "Jouw mening telt" in poster


def test_a_link_page_warns_when_the_qr_code_points_at_this_computer(coordinator_client, world):
    page = coordinator_client.get(f"{BASE}/links/oosk")
    assert page.status_code == 404  # codes are per network, and this one does not exist
    page = coordinator_client.get(f"{BASE}/links/{world['own'].link.code}")
    assert "PARTICIPATIE_PUBLIC_URL" in page.text


def answer_through_api(client, code):
    return client.post("/api/v1/responses", json={
        "id": str(uuid.uuid4()), "link": code, "language": "nl",
        "answers": {"children_age": ["0-2"]}})


def test_closing_the_round_stops_its_links_on_the_web_and_the_api(coordinator_client, world):
    code = world["own"].link.code
    family = coordinator_client.application.test_client()
    assert family.get(f"/s/{code}").status_code == 200
    submit(coordinator_client, f"{BASE}/rounds/voorjaar/close", {},
           form_page=f"{BASE}/rounds/voorjaar/")
    closed = family.get(f"/s/{code}")
    assert closed.status_code == 410 and "niet meer antwoorden" in closed.text
    assert answer_through_api(family, code).status_code == 410
    submit(coordinator_client, f"{BASE}/rounds/voorjaar/reopen", {},
           form_page=f"{BASE}/rounds/voorjaar/")
    assert family.get(f"/s/{code}").status_code == 200


def test_a_switched_off_link_takes_no_answers(coordinator_client, world):
    code = world["own"].link.code
    family = coordinator_client.application.test_client()
    submit(coordinator_client, f"{BASE}/links/{code}/disable", {}, form_page=f"{BASE}/links/{code}")
    assert family.get(f"/s/{code}").status_code == 410
    assert answer_through_api(family, code).status_code == 410
    assert db.session.scalar(select(func.count()).select_from(Response)
                              .where(Response.link_id == world['own'].link.id)) == 0


def test_a_code_typed_in_capitals_finds_its_link(client, world):
    code = world["own"].link.code
    moved = client.get(f"/s/{code.upper()}")
    assert moved.status_code == 308 and moved.location == f"/s/{code}"


def test_a_preview_walks_the_real_screens_of_a_closed_link_and_stores_nothing(
        coordinator_client, world):
    code = world["own"].link.code
    submit(coordinator_client, f"{BASE}/links/{code}/disable", {}, form_page=f"{BASE}/links/{code}")
    started = coordinator_client.get(f"/s/{code}/preview")
    assert started.location == f"/s/{code}?preview=1"
    first = coordinator_client.get(started.location)
    assert first.status_code == 200 and "wordt niet bewaard" in first.text  # in Dutch
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      coordinator_client.get(f"/s/{code}/nl?preview=1").text).group(1)
    question = coordinator_client.post(f"/s/{code}/nl?preview=1", data={"csrf_token": token})
    assert "/q/" in question.location
    draft = db.session.scalar(select(Draft))
    assert draft.preview
    draft.answers = {"children_age": ["0-2"]}  # shortcut: the screens are tested elsewhere
    coordinator_client.post(f"/s/{code}/send", data={"csrf_token": token})
    assert db.session.scalar(select(func.count()).select_from(Response)
                              .where(Response.link_id == world['own'].link.id)) == 0
    coordinator_client.post(f"/s/{code}/stop", data={"csrf_token": token})
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert coordinator_client.get("/staff/").status_code == 200  # still logged in


def test_sending_a_valid_preview_stores_nothing(app, make_link):
    from participatie.services.drafts import send_draft, start_draft
    from tests.api.conftest import VALID_ANSWERS

    draft = start_draft(make_link("prev"), "nl", preview=True)
    draft.answers = dict(VALID_ANSWERS)
    assert send_draft(draft) is None
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_preview_needs_a_role_in_the_links_network(english_client, world):
    stranger = english_client()
    from tests.conftest import log_in

    log_in(stranger, "viewer@example.org")
    assert stranger.get(f"/s/{world['other'].link.code}/preview").status_code == 404
    assert stranger.get(f"/s/{world['own'].link.code}/preview").status_code == 302


def test_a_purged_round_is_not_opened_again(coordinator_client, world):
    """Its answers are removed and its figures kept as cells: answers taken after would count
    on the overview and nowhere else."""
    from participatie.extensions import db
    from participatie.models import PurgedRound

    submit(coordinator_client, f"{BASE}/rounds/voorjaar/close", {},
           form_page=f"{BASE}/rounds/voorjaar/")
    round_ = world["own"].link.round
    db.session.add(PurgedRound(round_id=round_.id))
    db.session.commit()
    page = submit(coordinator_client, f"{BASE}/rounds/voorjaar/reopen", {},
                  form_page=f"{BASE}/rounds/voorjaar/")
    assert page.status_code == 302
    db.session.expire_all()
    assert round_.closed_at is not None
    family = coordinator_client.application.test_client()
    assert family.get(f"/s/{world['own'].link.code}").status_code == 410
