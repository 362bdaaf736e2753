"""Nothing about the sender is stored: no IP address, no user agent, no cookie id."""

from sqlalchemy import select

from participatie.extensions import db
from tests.api.conftest import submission

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (Tablet; SchoolGate-7731)"


def every_stored_value() -> str:
    """All values of all tables, as one text to search in."""
    values = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            values.extend(str(value) for value in row)
    return "\n".join(values)


def test_no_address_or_agent_is_stored_from_any_request(make_link, api):
    make_link("test")
    sender = {"environ_base": {"REMOTE_ADDR": ADDRESS},
              "headers": {"User-Agent": AGENT, "X-Forwarded-For": ADDRESS,
                          "Cookie": "session=tracking-4711"}}
    payload = submission()
    assert api.post("/api/v1/responses", json=payload, **sender).status_code == 201
    assert api.post("/api/v1/responses", json=payload, **sender).status_code == 200
    api.post("/api/v1/responses", json=submission(answers={}), **sender)
    stored = every_stored_value()
    assert payload["id"].replace("-", "") in stored.replace("-", "")  # the search does work
    for trace in (ADDRESS, "SchoolGate-7731", "tracking-4711"):
        assert trace not in stored


def test_the_api_sets_no_cookie(make_link, api):
    make_link("test")
    response = api.post("/api/v1/responses", json=submission())
    assert "Set-Cookie" not in response.headers
