"""The family room stores nothing about the family's device either."""

from sqlalchemy import select

from participatie.extensions import db
from tests.api.test_privacy import ADDRESS, AGENT, every_stored_value


def test_no_address_or_agent_is_stored_from_the_family_pages(make_link, client):
    make_link("test")
    sender = {"environ_base": {"REMOTE_ADDR": ADDRESS},
              "headers": {"User-Agent": AGENT, "X-Forwarded-For": ADDRESS}}
    from tests.survey.conftest import Family

    family = Family(client)
    family.client.environ_base.update(sender["environ_base"])
    family.client.environ_base["HTTP_USER_AGENT"] = AGENT
    family.client.environ_base["HTTP_X_FORWARDED_FOR"] = ADDRESS
    family.start()
    for key, value in [("transport", "walk"), ("ages", ["0-2"]), ("happy", "4"),
                       ("childcare", "no"), ("children", "2"), ("wish", "")]:
        family.answer(value, key=key)
    family.post()  # send
    stored = every_stored_value()
    assert "walk" in stored  # the search does work
    for trace in (ADDRESS, "SchoolGate-7731"):
        assert trace not in stored
    assert db.session.execute(select(1)).scalar() == 1


def test_the_log_never_names_a_stored_response(make_link, client, caplog):
    """A response keeps only the hour it came in; its id beside the log line's exact time
    would give the minute, and so who held the tablet (the id is in the coordinator's
    export)."""
    import logging

    from participatie.models import Response
    from tests.survey.conftest import Family

    make_link("test")
    family = Family(client)
    caplog.set_level(logging.INFO)
    family.start()
    for key, value in [("transport", "walk"), ("ages", ["0-2"]), ("happy", "4"),
                       ("childcare", "no"), ("children", "2"), ("wish", "")]:
        family.answer(value, key=key)
    family.post()  # send
    [response] = db.session.scalars(select(Response)).all()
    assert any("stored a response" in record.getMessage() for record in caplog.records)
    assert not any(str(response.id) in record.getMessage() for record in caplog.records)
