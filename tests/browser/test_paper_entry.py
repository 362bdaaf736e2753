"""A facilitator types a stack of paper forms by keyboard, exactly as the screen says: the
number on the form, then per question the numbers printed beside the ticked boxes, Tab to the
next question; the form is read back in words before it is saved."""

import re

from sqlalchemy import select

from participatie.extensions import db
from participatie.models import PaperForm
from participatie.services.paper import paper_link, printed
from participatie.services.questionnaires import find_version
from participatie.services.responses import stored_answers
from tests.browser.test_admin import log_in

# The family's sheet as ticked and written, question by question in the printed order: the
# numbers are those printed beside the ticked boxes ("" = nothing ticked or written).
FAMILY_SHEET = [
    ("children_age", "2"),  # 3-5
    ("children_count", "2"),
    ("home_languages", "1 4"),  # Dutch and Arabic
    ("offer_used", "1 3"),
    ("offer_missed", "2"),
    ("reachable", "4"),
    ("available", "3"),
    ("affordable", "5"),
    ("understandable", "2"),
    ("usable", "4"),
    ("childcare_used", "1"),  # yes
    ("childcare_reachable", "5"),
    ("first_question_to", "1"),
    ("information_channel", "1 3"),
    ("better_neighbourhood", "Meer speelpleinen"),
    ("anything_else", ""),
]


def _in_paper_round(network, key):
    round_ = network.rounds[0]
    version = find_version(key)
    round_.questionnaire_versions.append(version)
    db.session.commit()
    link = paper_link(network, round_.id, network.neighbourhoods[0].id, version.id)
    printed(link, 20)  # the stack of sheets the families filled in
    return link, version


def test_a_family_sheet_typed_by_the_instructions_is_stored_as_ticked(
        facilitated_network, serve, laptop, no_violations):
    link, version = _in_paper_round(facilitated_network, "family")
    questionnaire = version.questionnaire
    assert [key for key, _typed in FAMILY_SHEET] == [q.key for q in questionnaire.questions()]
    base = serve()
    page = laptop()
    log_in(page, base, "buurtwerker@oostende.be")
    page.goto(f"{base}/facilitate/networks/oostende/paper/{link.code}/")
    no_violations(page)  # the paper-entry screen
    how = page.locator("#how").inner_text()
    assert "Press Tab to go to the next question" in how
    assert "type each number with a space between" in how

    # 1. Type the number of the form.
    page.get_by_label("Number on the form").fill("1")
    page.keyboard.press("Tab")  # the form's language (Nederlands): left as it is
    for key, typed in FAMILY_SHEET:
        # 2.-4. per question the box numbers, numbers and words, then Tab.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == key
        page.keyboard.type(typed)
    # The words of the typed boxes appear beside the numbers (in the screen's language).
    said = page.locator("#said-children_age").inner_text()
    assert said == questionnaire.question("children_age").options[1].label["en"]
    # 5. Tab to "Check this form" and press Enter.
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name=re.compile("Check form")).is_visible()
    no_violations(page)  # the read-back
    readback = page.locator("table.paper-readback").inner_text()
    for key, typed in FAMILY_SHEET:
        question = questionnaire.question(key)
        if typed and hasattr(question, "options"):
            for number in typed.split():
                assert question.options[int(number) - 1].label["nl"] in readback
    assert db.session.scalars(select(PaperForm)).all() == []  # not stored before the check
    with page.expect_navigation():
        page.keyboard.press("Enter")  # "… press Enter again to save it."
    assert page.get_by_text("1 form typed in so far.").is_visible()
    assert page.get_by_label("Number on the form").input_value() == "2"

    form = db.session.scalars(select(PaperForm)).one()
    assert form.serial == f"{link.code}-0001"
    assert stored_answers(form.response) == {
        "children_age": ["3-5"], "children_count": 2, "home_languages": ["nl", "ar"],
        "offer_used": ["childcare_school", "family_support_health"],
        "offer_missed": ["play_leisure"], "reachable": 4, "available": 3, "affordable": 5,
        "understandable": 2, "usable": 4, "childcare_used": True, "childcare_reachable": 5,
        "first_question_to": "school", "information_channel": ["school", "phone_message"],
        "better_neighbourhood": "Meer speelpleinen",
    }


def test_a_childrens_place_standard_sheet_is_typed_and_shown_on_the_compass(
        facilitated_network, serve, laptop, no_violations):
    link, _version = _in_paper_round(facilitated_network, "place-standard-children")
    base = serve()
    page = laptop()
    log_in(page, base, "buurtwerker@oostende.be")
    page.goto(f"{base}/facilitate/networks/oostende/paper/{link.code}/")
    page.get_by_label("Number on the form").fill("1")
    page.keyboard.press("Tab")  # the form's language
    page.keyboard.press("Tab")  # question 1: the faces
    page.keyboard.type("3")  # the box numbered 3: the happy face
    page.keyboard.press("Tab")  # 1a: the comment
    page.keyboard.type("De speeltuin")
    page.keyboard.press("Tab")
    page.keyboard.type("1")  # question 2: the sad face
    with page.expect_navigation():
        page.get_by_role("button", name="Check this form").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and type the next form").click()
    form = db.session.scalars(select(PaperForm)).one()
    assert stored_answers(form.response) == {"moving": 3, "moving_comment": "De speeltuin",
                                             "transport": 1}
    page.goto(f"{base}/facilitate/networks/oostende/compass")
    no_violations(page)  # the compass page

    # Voiding a form asks first.
    page.goto(f"{base}/facilitate/networks/oostende/paper/{link.code}/forms/{form.serial}")
    page.get_by_text("Void this form", exact=True).click()
    assert page.get_by_text(f"Void form {form.serial}?").is_visible()
    db.session.refresh(form)
    assert form.voided_at is None
    no_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name=f"Yes, void form {form.serial}").click()
    db.session.refresh(form)
    assert form.voided_at is not None
