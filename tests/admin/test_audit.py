"""The audit log: every staff action that touches a network's data is on the record (who,
what, in which network and round, how many rows; never the data itself)."""

import uuid

from sqlalchemy import select

from participatie.extensions import db
from participatie.models import AuditEntry, Partner, QuestionnaireVersion
from participatie.services.imports import import_responses
from participatie.services.paper import void_form
from participatie.services.versions import move_links
from tests.admin.conftest import submit
from tests.dashboard.conftest import family_answers

BASE = "/admin/networks/oostende"


def entries() -> list[tuple]:
    db.session.expire_all()
    return [(e.action, e.network_id, e.round_id, e.rows, e.user_id)
            for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_adding_and_removing_a_partner_is_on_the_record(coordinator_client, world):
    own, coordinator = world["own"].network, world["users"]["coordinator"].id
    before = entries()
    submit(coordinator_client, f"{BASE}/partners/new", {"name": "Speelpleinwerking",
                                                        "functions": ["play_leisure"]})
    partner = db.session.scalar(select(Partner).filter_by(name="Speelpleinwerking"))
    removed = submit(coordinator_client, f"{BASE}/partners/{partner.id}/delete", {},
                     form_page=f"{BASE}/")
    assert removed.status_code == 302 and db.session.get(Partner, partner.id) is None
    assert entries()[len(before):] == [("partner", own.id, None, 1, coordinator)] * 2


def test_a_new_member_is_on_the_record(coordinator_client, world):
    before = entries()
    submit(coordinator_client, f"{BASE}/members/", {"email": "nieuw@example.org",
                                                    "role": "viewer"})
    assert entries()[len(before):] == [
        ("role", world["own"].network.id, None, 1, world["users"]["coordinator"].id)]


def test_moved_links_voided_paper_forms_and_imports_are_on_the_record(app, world):
    own = world["own"]
    before = entries()
    void_form(_form(own))
    current = own.round.questionnaire_versions[0]
    newer = QuestionnaireVersion(key=current.key, version=current.version + 1,
                                 kind=current.kind, definition=current.definition,
                                 checksum="audit-test")
    db.session.add(newer)
    db.session.commit()
    moved = move_links(own.round, current.id, newer.id)
    report = import_responses([{
        "id": str(uuid.uuid4()), "link": own.link.code, "language": "nl",
        "answers": family_answers()}])
    assert report.stored == 1, report.refused
    net, round_id = own.network.id, own.round.id
    assert entries()[len(before):] == [("paper", net, round_id, 1, None),
                                       ("links", net, round_id, moved, None),
                                       ("import", net, None, 1, None)]


def _form(side):
    from participatie.services.paper import find_form

    return find_form(side.paper, side.form_serial)
