"""A facilitator types a stack of paper forms by keyboard: the serial, Tab, number keys."""

from sqlalchemy import select

from participatie.extensions import db
from participatie.models import PaperForm
from participatie.services.paper import paper_link
from participatie.services.questionnaires import find_version
from participatie.services.responses import stored_answers
from tests.browser.test_admin import log_in


def test_paper_forms_are_typed_by_keyboard(facilitated_network, serve, laptop, no_violations):
    oostende = facilitated_network
    round_ = oostende.rounds[0]
    version = find_version("place-standard-children")
    round_.questionnaire_versions.append(version)
    db.session.commit()
    link = paper_link(oostende, round_.id, oostende.neighbourhoods[0].id, version.id)
    base = serve()
    page = laptop()
    log_in(page, base, "buurtwerker@oostende.be")
    page.goto(f"{base}/facilitate/networks/oostende/paper/{link.code}/")
    no_violations(page)  # the paper-entry screen
    page.get_by_label("Number on the form").fill("1")
    page.keyboard.press("Tab")  # the form's language
    page.keyboard.press("Tab")  # the first question's faces
    page.keyboard.press("3")  # the happy face; the cursor moves on to the comment
    page.keyboard.type("De speeltuin")
    page.keyboard.press("Tab")
    page.keyboard.press("1")  # second question: the sad face
    with page.expect_navigation():
        page.get_by_role("button", name="Save and type the next form").click()
    assert page.get_by_text("1 form typed in so far.").is_visible()
    assert page.get_by_label("Number on the form").input_value() == "2"
    form = db.session.scalars(select(PaperForm)).one()
    assert form.serial == f"{link.code}-0001"
    assert stored_answers(form.response) == {"moving": 3, "moving_comment": "De speeltuin",
                                             "transport": 1}
    page.goto(f"{base}/facilitate/networks/oostende/compass")
    no_violations(page)  # the compass page
