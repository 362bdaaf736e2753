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
