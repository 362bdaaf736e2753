"""A file of answers saved on a tablet, imported on the dashboard or with the command line:
importing twice stores each response once; other networks' links and bad files are refused."""

import json
import uuid

import pytest
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Response
from tests.conftest import csrf_token, log_in


def saved_file(*bodies) -> bytes:
    return json.dumps({"format": "participatie-responses", "version": 1,
                       "responses": list(bodies)}).encode()


def body(code="test", answers=None):
    return {"id": str(uuid.uuid4()), "link": code, "language": "nl",
            "answers": answers or {"transport": "bus", "ages": ["3-5"], "happy": 5,
                                   "childcare": False, "children": 3}}


def count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


@pytest.fixture
def link(make_link):
    return make_link("test")


def test_the_command_imports_a_file_twice_and_stores_once(link, app, tmp_path):
    path = tmp_path / "tablet.json"
    path.write_bytes(saved_file(body(), body(), body(answers={"transport": "teleport"})))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import", str(path)])
    assert "stored 2, stored before 0, refused 1" in first.output
    assert first.exit_code == 1  # a refusal is listed and fails the command
    again = runner.invoke(args=["import", str(path)])
    assert "stored 0, stored before 2, refused 1" in again.output
    assert count() == 2


def test_the_command_says_when_a_file_is_not_a_saved_file(app, tmp_path):
    path = tmp_path / "photo.json"
    path.write_text("[1, 2, 3]")
    result = app.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code != 0
    assert "not a file of saved answers" in result.output


def upload(client, network_key, data: bytes):
    url = f"/dashboard/networks/{network_key}/import"
    return client.post(url, data={"csrf_token": csrf_token(client, url),
                                  "file": (__import__("io").BytesIO(data), "tablet.json")},
                       content_type="multipart/form-data")


def test_a_coordinator_imports_on_the_dashboard_twice_and_it_is_stored_once(
        link, make_link, english_client, make_user):
    other = make_link("elders")
    make_user("trekker@example.org", link.round.network, "coordinator")
    client = english_client()
    log_in(client, "trekker@example.org")
    file = saved_file(body(), body("elders"))
    first = upload(client, link.round.network.key, file)
    assert first.status_code == 200
    assert "Stored now: 1." in first.text and "Refused: 1." in first.text
    second = upload(client, link.round.network.key, file)
    assert "Stored now: 0." in second.text and "Stored before: 1." in second.text
    assert count() == 1
    assert other.code == "elders"


def test_a_bad_file_gets_a_clear_error_and_stores_nothing(link, english_client, make_user):
    make_user("trekker@example.org", link.round.network, "coordinator")
    client = english_client()
    log_in(client, "trekker@example.org")
    refused = upload(client, link.round.network.key, b"\x89PNG not json")
    assert refused.status_code == 422
    assert "not a file of saved answers" in refused.text
    assert count() == 0
