"""Paper forms: the serial on every sheet, typed in once, corrected, voided; by keyboard."""

import re

import pytest
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import PaperForm, Response
from participatie.services.paper import (
    SerialTaken,
    correct_form,
    enter_form,
    normalise_serial,
    paper_link,
    typed_count,
    void_form,
)
from participatie.services.questionnaires import find_version
from participatie.services.responses import InvalidSubmission, stored_answers
from tests.admin.conftest import submit as submit_form


@pytest.fixture
def paper(network):
    round_ = network.rounds[0]
    version = find_version("place-standard")
    round_.questionnaire_versions.append(version)
    db.session.commit()
    return paper_link(network, round_.id, network.neighbourhoods[0].id, version.id)


def responses() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def test_a_serial_is_typed_in_once(paper):
    form = enter_form(paper, f"{paper.code}-0007", "nl", {"play": 3, "play_good": "Het park"})
    assert stored_answers(form.response) == {"play": 3, "play_good": "Het park"}
    with pytest.raises(SerialTaken) as taken:
        enter_form(paper, f"{paper.code}-0007", "nl", {"play": 6})
    assert taken.value.form.id == form.id
    assert responses() == 1 and typed_count(paper) == 1


def test_a_typed_form_can_be_corrected(paper):
    form = enter_form(paper, f"{paper.code}-0001", "nl", {"play": 3})
    correct_form(form, "fr", {"play": 5, "safety": 2})
    db.session.expire_all()
    assert stored_answers(form.response) == {"play": 5, "safety": 2}
    assert form.response.language == "fr" and responses() == 1


def test_a_voided_form_no_longer_counts_but_keeps_its_serial(paper):
    form = enter_form(paper, f"{paper.code}-0002", "nl", {"play": 3})
    void_form(form)
    assert responses() == 0 and typed_count(paper) == 0
    with pytest.raises(SerialTaken):
        enter_form(paper, f"{paper.code}-0002", "nl", {"play": 4})
    correct_form(form, "nl", {"play": 4})  # brought back by a correction
    assert responses() == 1 and form.voided_at is None


def test_a_paper_form_may_leave_questions_blank_but_not_give_impossible_answers(paper):
    enter_form(paper, f"{paper.code}-0003", "nl", {})  # the family ticked nothing: typed as is
    with pytest.raises(InvalidSubmission) as refused:
        enter_form(paper, f"{paper.code}-0004", "nl", {"play": 9})
    assert set(refused.value.errors) == {"play"}
    assert db.session.scalar(select(func.count()).select_from(PaperForm)) == 1


@pytest.mark.parametrize(("typed", "full"), [("12", "-0012"), (" 0012 ", "-0012"),
                                             ("CODE-7", "-0007"), ("x", None), ("0", None)])
def test_serials_can_be_typed_short(paper, typed, full):
    typed = typed.replace("CODE", paper.code)
    assert normalise_serial(paper, typed) == (full and paper.code + full)


def test_typing_a_stack_by_form_with_a_running_count(facilitator, paper):
    url = f"/facilitate/networks/oostende/paper/{paper.code}/"
    first = submit_form(facilitator, url, {"serial": "1", "language": "nl", "play": "2",
                                           "priorities": ["play", "safety"]})
    assert first.status_code == 302 and first.location.endswith("next=2")
    page = facilitator.get(first.location)
    assert "1 form typed in so far." in page.text and 'value="2"' in page.text
    again = submit_form(facilitator, url, {"serial": "1", "language": "nl", "play": "6"})
    assert again.status_code == 409
    assert f"/paper/{paper.code}/forms/{paper.code}-0001" in again.text  # offered to correct
    wrong = submit_form(facilitator, url, {"serial": "2", "language": "nl", "play": "8"})
    assert wrong.status_code == 422 and 'value="8"' not in wrong.text
    assert typed_count(paper) == 1


def test_correcting_and_voiding_through_the_screen(facilitator, paper):
    enter_form(paper, f"{paper.code}-0005", "nl", {"play": 2})
    url = f"/facilitate/networks/oostende/paper/{paper.code}/forms/{paper.code}-0005"
    page = facilitator.get(url)
    assert 'name="play" value="2" checked' in page.text
    submit_form(facilitator, url, {"language": "nl", "play": "4"})
    db.session.expire_all()
    [response] = db.session.scalars(select(Response)).all()
    assert stored_answers(response) == {"play": 4}
    submit_form(facilitator, url + "/void", {}, form_page=url)
    assert responses() == 0


def test_printed_forms_carry_the_serial_on_every_sheet(facilitator, paper):
    page = facilitator.get(f"/facilitate/networks/oostende/paper/{paper.code}/print"
                           "?first=11&count=2&language=ar").text
    sheets = page.count('class="sheet"')
    assert sheets >= 4 and sheets % 2 == 0  # each form spans the same number of sheets
    for serial in ("0011", "0012"):
        headers = re.findall(rf'class="serial">[^<]*{paper.code}-{serial} · ', page)
        assert len(headers) == sheets // 2
    assert 'dir="rtl"' in page and "☐" in page


def test_a_closed_round_keeps_its_paper_forms_as_they_were(paper, facilitator):
    from participatie.models.base import utcnow

    form = enter_form(paper, f"{paper.code}-0009", "nl", {"play": 3})
    paper.round.closed_at = utcnow()
    db.session.commit()
    with pytest.raises(InvalidSubmission):
        enter_form(paper, f"{paper.code}-0010", "nl", {"play": 4})
    with pytest.raises(InvalidSubmission):
        correct_form(form, "nl", {"play": 6})
    with pytest.raises(InvalidSubmission):
        void_form(form)
    db.session.expire_all()
    assert stored_answers(form.response) == {"play": 3}


def test_odd_serials_and_print_ranges_are_handled(facilitator, paper):
    url = f"/facilitate/networks/oostende/paper/{paper.code}/"
    assert submit_form(facilitator, url, {"serial": "²", "language": "nl"}).status_code == 422
    page = facilitator.get(f"{url}print?first=99998&count=5").text
    assert f"{paper.code}-99999" in page and f"{paper.code}-100000" not in page
