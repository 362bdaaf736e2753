"""GET /api/v1/questionnaires/<key>: the published definitions, for devices and offline use."""

import copy

from participatie.questionnaire import parse
from participatie.services.questionnaires import store_version
from tests.conftest import read_definition


def publish_versions(*versions):
    for version in versions:
        data = copy.deepcopy(read_definition())
        data["version"] = version
        data["title"]["nl"] = f"Alle types {version}"
        store_version(parse(data, "all_types"))


def test_the_latest_version_is_served(app, api):
    publish_versions(1, 2)
    response = api.get("/api/v1/questionnaires/all_types")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["key"], body["version"], body["title"]["nl"]) == ("all_types", 2, "Alle types 2")
    assert [q["key"] for q in body["sections"][0]["questions"]][:2] == ["transport", "ages"]


def test_a_given_version_is_served(app, api):
    publish_versions(1, 2)
    body = api.get("/api/v1/questionnaires/all_types?version=1").get_json()
    assert (body["version"], body["title"]["nl"]) == (1, "Alle types 1")


def test_unknown_questionnaire_or_version_is_404(app, api):
    publish_versions(1)
    assert api.get("/api/v1/questionnaires/nope").status_code == 404
    missing = api.get("/api/v1/questionnaires/all_types?version=7")
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "not_found"


def test_a_version_that_is_no_number_is_400(app, api):
    response = api.get("/api/v1/questionnaires/all_types?version=latest")
    assert response.status_code == 400


def test_the_served_definition_parses_back_into_the_same_questionnaire(app, api):
    store_version(parse(read_definition(), "all_types"))
    body = api.get("/api/v1/questionnaires/all_types").get_json()
    assert parse(body, "api").checksum() == parse(read_definition(), "file").checksum()


def test_the_openapi_document_describes_both_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/questionnaires/{key}", "/api/v1/responses"} <= set(document["paths"])
