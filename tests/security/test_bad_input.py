"""No server error on odd input: the audit's cases each answer 4xx with a clear message (JSON for
the API), never a 500 (issue 16)."""

import json
import uuid
from datetime import UTC, date, datetime

import pytest

from participatie.extensions import db
from participatie.models import CollectionLink, Neighbourhood, Network, Round, ThemeAnalysis
from participatie.services.questionnaires import find_version, load_published_versions
from tests.conftest import csrf_token, log_in

HUGE = "99999999999999999999"


@pytest.fixture
def api_link(make_link):
    return make_link("test")


def test_a_huge_version_is_refused_as_json(client, api_link):
    answer = client.get(f"/api/v1/questionnaires/all_types?version={HUGE}")
    assert answer.status_code == 400 and answer.json["error"] == "bad_request"


@pytest.mark.parametrize("where", ["link", "language", "answer", "key"])
def test_a_lone_surrogate_is_refused(client, api_link, where):
    body = {"id": str(uuid.uuid4()), "link": "test", "language": "nl", "answers": {}}
    if where == "answer":
        body["answers"] = {"wish": "\ud800"}
    elif where == "key":
        body["answers"] = {"\ud800": "x"}
    else:
        body[where] = "\ud800"
    raw = json.dumps(body)  # ASCII, with the surrogate as an escape, as a device could send
    answer = client.post("/api/v1/responses", data=raw, content_type="application/json")
    assert answer.status_code == 400 and answer.json["error"] == "bad_request"
    assert "Unicode" in answer.json["message"] or answer.json["message"]


def test_json_nested_too_deep_is_refused(client, api_link):
    deep = "[" * 100_000 + "]" * 100_000
    answer = client.post("/api/v1/responses", data=deep, content_type="application/json")
    assert answer.status_code == 400 and answer.json["error"] == "bad_request"


def test_errors_of_the_api_are_json(app, client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.is_json and missing.json["error"] == "not_found"
    method = client.delete("/api/v1/responses")
    assert method.status_code == 405 and method.is_json and "POST" in method.headers["Allow"]
    big = client.post("/api/v1/responses", data="x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                      content_type="application/json")
    assert big.status_code == 413 and big.is_json
    # A page outside the API keeps its HTML page.
    assert not client.get("/no-such-page").is_json


def test_an_api_server_error_is_json(app, api_link, monkeypatch):
    from participatie import api

    def broken(_key, _version=None):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "find_version", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    answer = app.test_client().get("/api/v1/questionnaires/all_types")
    assert answer.status_code == 500 and answer.is_json and answer.json["error"] == "server_error"


def test_huge_ids_on_staff_routes_are_not_found(matrix_ready):
    client, world = matrix_ready
    own = world["own"]
    base = f"/admin/networks/{own.network.key}"
    token = csrf_token(client, f"{base}/members/")
    for method, url in [
        ("GET", f"{base}/neighbourhoods/{HUGE}"),
        ("POST", f"{base}/neighbourhoods/{HUGE}"),
        ("GET", f"{base}/partners/{HUGE}"),
        ("POST", f"{base}/partners/{HUGE}/delete"),
        ("POST", f"{base}/members/{HUGE}/role"),
        ("POST", f"{base}/members/{HUGE}/remove"),
        ("POST", f"{base}/members/{HUGE}/reset-link"),
        ("GET", f"/facilitate/networks/{own.network.key}/sessions/{HUGE}/"),
        ("GET", f"/facilitate/networks/{own.network.key}/sessions/{HUGE}/live"),
        ("GET", f"/facilitate/networks/{own.network.key}/sessions/{HUGE}/results"),
        ("GET", f"/dashboard/networks/{own.network.key}/rounds/{own.round.key}/results"
                f"?neighbourhood={HUGE}"),
    ]:
        answer = client.open(url, method=method, data={"csrf_token": token, "role": "viewer"})
        assert answer.status_code == 404, (method, url, answer.status_code)


@pytest.fixture
def matrix_ready(world, english_client):
    client = english_client()
    log_in(client, "admin@example.org")
    return client, world


def test_huge_theme_and_answer_ids_are_not_found(app, make_user, english_client):
    load_published_versions()
    family = find_version("family")
    network = Network(key="oostende", name="Oostende", questionnaire_versions=[family])
    hood = Neighbourhood(network=network, key="opex", name="Opex")
    round_ = Round(network=network, key="najaar", name="Najaar", opens_on=date(2020, 9, 1),
                   questionnaire_versions=[family], neighbourhoods=[hood])
    db.session.add_all([network, hood, round_, CollectionLink(
        code="najaar-opex", round=round_, neighbourhood=hood, questionnaire_version=family,
        mode="kiosk")])
    db.session.commit()
    make_user("coordinator@example.org", network, "coordinator")
    # A finished analysis (without running one: the ids asked for exist nowhere anyway).
    db.session.add(ThemeAnalysis(round=round_, questionnaire_key="family",
                                 question_key="better_neighbourhood", status="done",
                                 finished_at=datetime.now(UTC)))
    db.session.commit()
    client = english_client()
    log_in(client, "coordinator@example.org")
    page = "/dashboard/networks/oostende/rounds/najaar/themes/family/better_neighbourhood"
    token = csrf_token(client, page)
    assert client.get(f"{page}?theme={HUGE}").status_code in (200, 404)
    for action, data in [("rename", {"theme": HUGE, "label": "x"}),
                         ("merge", {"theme": HUGE, "into": HUGE}),
                         ("move", {"answer": HUGE, "to": HUGE}),
                         ("hide", {"answer": HUGE})]:
        answer = client.post(f"{page}/{action}", data={**data, "csrf_token": token})
        assert answer.status_code == 404, (action, answer.status_code)
