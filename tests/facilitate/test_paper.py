"""Paper forms: the serial on every sheet, typed in once, corrected, voided; by keyboard."""

import io
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
    numbered_questions,
    paper_link,
    printed,
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


def test_a_typed_form_keeps_the_hour_only_and_gets_a_record_key_from_the_server(paper):
    """The order in which sheets were typed would say whose sheet it was."""
    form = enter_form(paper, f"{paper.code}-0003", "nl", {"play": 3})
    void_form(form)
    db.session.expire_all()
    for moment in (form.entered_at, form.voided_at):
        assert (moment.minute, moment.second, moment.microsecond) == (0, 0, 0)
    correct_form(form, "nl", {"play": 4})
    assert 0 <= form.response.record_key < 256


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


def box(paper, question: str, option: str) -> str:
    """The number printed beside ``option``'s box of ``question`` on the sheet."""
    questionnaire = paper.questionnaire_version.questionnaire
    return str(questionnaire.question(question).option_keys().index(option) + 1)


def test_typing_a_stack_by_form_with_a_running_count(facilitator, paper):
    printed(paper, 20)  # a stack of 20 sheets came back from the school gate
    url = f"/facilitate/networks/oostende/paper/{paper.code}/"
    priorities = f"{box(paper, 'priorities', 'play')} {box(paper, 'priorities', 'safety')}"
    typed = {"serial": "1", "language": "nl", "play": "2", "priorities": priorities}
    check = submit_form(facilitator, url, typed)
    assert check.status_code == 200 and typed_count(paper) == 0  # read back, not yet stored
    said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", check.text))
    assert "1a. Wat is er nu goed?" not in said  # comments left empty read back as empty
    first = submit_form(facilitator, url, {**typed, "step": "save"}, form_page=url)
    assert first.status_code == 302 and first.location.endswith("next=2")
    [response] = db.session.scalars(select(Response)).all()
    assert stored_answers(response) == {"play": 2, "priorities": ["play", "safety"]}
    page = facilitator.get(first.location)
    assert "1 form typed in so far." in page.text and 'value="2"' in page.text
    again = submit_form(facilitator, url, {"serial": "1", "language": "nl", "play": "6"})
    assert again.status_code == 409
    assert f"/paper/{paper.code}/forms/{paper.code}-0001" in again.text  # offered to correct
    wrong = submit_form(facilitator, url, {"serial": "2", "language": "nl", "play": "8",
                                           "step": "save"})
    assert wrong.status_code == 422 and "1 to 7" in wrong.text
    assert typed_count(paper) == 1


def test_the_check_screen_reads_the_form_back_in_words(facilitator, paper):
    printed(paper, 20)
    url = f"/facilitate/networks/oostende/paper/{paper.code}/"
    facilitator.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    check = submit_form(facilitator, url, {
        "serial": "3", "language": "nl", "play": "5", "play_good": "Het park",
        "priorities": box(paper, "priorities", "play")})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", check.text))
    label = paper.questionnaire_version.questionnaire.question("priorities").options
    play_label = next(o.label["nl"] for o in label if o.key == "play")
    assert "Het park" in text and play_label in text
    assert typed_count(paper) == 0
    changed = submit_form(facilitator, url, {"serial": "3", "language": "nl", "play": "5",
                                             "step": "change"})
    assert changed.status_code == 200 and 'name="play" value="5"' in changed.text


def test_a_single_answer_takes_one_box_and_a_number_must_be_printed(facilitator, paper):
    printed(paper, 20)
    url = f"/facilitate/networks/oostende/paper/{paper.code}/"
    two = submit_form(facilitator, url, {"serial": "4", "language": "nl", "play": "2 3"})
    assert two.status_code == 422 and "Only one box" in two.text
    far = submit_form(facilitator, url, {"serial": "4", "language": "nl", "priorities": "15"})
    assert far.status_code == 422 and "1 to 14" in far.text
    huge = submit_form(facilitator, url, {"serial": "4", "language": "nl", "play": "9" * 4400})
    assert huge.status_code == 422 and "1 to 7" in huge.text
    assert typed_count(paper) == 0


def test_correcting_and_voiding_through_the_screen(facilitator, paper):
    enter_form(paper, f"{paper.code}-0005", "nl", {"play": 2, "priorities": ["safety"]})
    url = f"/facilitate/networks/oostende/paper/{paper.code}/forms/{paper.code}-0005"
    page = facilitator.get(url)
    assert 'name="play" value="2"' in page.text
    assert f'name="priorities" value="{box(paper, "priorities", "safety")}"' in page.text
    submit_form(facilitator, url, {"language": "nl", "play": "4", "step": "save"})
    db.session.expire_all()
    [response] = db.session.scalars(select(Response)).all()
    assert stored_answers(response) == {"play": 4}
    submit_form(facilitator, url + "/void", {}, form_page=url)
    assert responses() == 0


def pdf_pages(response) -> list[str]:
    """The text of each page of a PDF answer."""
    from pypdf import PdfReader

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_every_printed_page_carries_its_serial_and_page_x_of_y(facilitator, paper, language):
    url = f"/facilitate/networks/oostende/paper/{paper.code}/print"
    choose = facilitator.get(url)
    assert choose.status_code == 200 and 'name="count"' in choose.text  # chosen in a form
    pages = pdf_pages(facilitator.get(f"{url}?language={language}&first=11&count=3"))
    per_form = len(pages) // 3
    assert len(pages) == 3 * per_form and per_form >= 2
    for index, text in enumerate(pages):
        number, page = 11 + index // per_form, index % per_form + 1
        assert f"{paper.code}-{number:04d}" in text, (index, text[:200])
        if language == "nl":  # every sheet fits its page: none runs over onto a page of its own
            assert f"pagina {page} van {per_form}" in text
    again = facilitator.get(url)  # the next stack starts after the printed one
    assert 'name="first"' in again.text and 'value="14"' in again.text


def test_a_family_form_prints_the_box_numbers_that_are_typed_in(facilitator, network):
    round_ = network.rounds[0]
    version = find_version("family")
    round_.questionnaire_versions.append(version)
    db.session.commit()
    link = paper_link(network, round_.id, network.neighbourhoods[0].id, version.id)
    url = f"/facilitate/networks/oostende/paper/{link.code}/print"
    text = " ".join(pdf_pages(facilitator.get(f"{url}?language=nl&first=1&count=1")))
    ages = version.questionnaire.question("children_age")
    for number, option in enumerate(ages.options, start=1):
        assert f"{number} {option.label['nl']}" in " ".join(text.split())


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
    too_far = facilitator.get(f"{url}print?language=nl&first=99998&count=5")
    assert too_far.status_code == 422 and "99999" in too_far.text
    last = pdf_pages(facilitator.get(f"{url}print?language=nl&first=99999&count=1"))
    assert f"{paper.code}-99999" in last[0]
    assert facilitator.get(f"{url}print?language=xx&first=1&count=1").status_code == 422


def test_double_entry_checks_a_form_typed_alike_twice(facilitator, paper):
    form = enter_form(paper, f"{paper.code}-0020", "nl", {"play": 2, "play_good": "Het park"})
    url = f"/facilitate/networks/oostende/paper/{paper.code}/again"
    page = facilitator.get(url)
    assert "Het park" not in page.text  # blind: the first typing is not shown
    same = submit_form(facilitator, url, {"serial": "20", "language": "nl", "play": "2",
                                          "play_good": "Het park"})
    assert same.status_code == 302 and same.location.endswith("next=21")
    db.session.expire_all()
    assert form.checked_at is not None
    assert "1 of them typed twice and checked." in facilitator.get(same.location).text


def test_double_entry_shows_the_differences_and_stores_what_is_chosen(facilitator, paper):
    form = enter_form(paper, f"{paper.code}-0021", "nl", {"play": 2, "safety": 5})
    url = f"/facilitate/networks/oostende/paper/{paper.code}/again"
    second = {"serial": "21", "language": "nl", "play": "3", "safety": "5", "moving": "4"}
    differ = submit_form(facilitator, url, second)
    assert differ.status_code == 200
    assert differ.text.count('name="pick-') == 4  # play and moving, each two choices
    assert 'name="pick-safety"' not in differ.text
    unchosen = submit_form(facilitator, url, {**second, "step": "resolve"}, form_page=url)
    assert unchosen.status_code == 422 and "which typing is right" in unchosen.text
    db.session.expire_all()
    assert stored_answers(form.response) == {"play": 2, "safety": 5} and not form.checked_at
    chosen = submit_form(facilitator, url, {**second, "step": "resolve", "pick-play": "second",
                                            "pick-moving": "first"}, form_page=url)
    assert chosen.status_code == 302
    db.session.expire_all()
    assert stored_answers(form.response) == {"play": 3, "safety": 5}
    assert form.checked_at is not None and responses() == 1


def test_double_entry_of_a_form_not_typed_in_yet_is_refused(facilitator, paper):
    url = f"/facilitate/networks/oostende/paper/{paper.code}/again"
    refused = submit_form(facilitator, url, {"serial": "30", "language": "nl", "play": "3"})
    assert refused.status_code == 422 and "not typed in yet" in refused.text
    assert responses() == 0


def test_a_form_voided_while_its_second_typing_is_resolved_says_so(facilitator, paper):
    """A coordinator voids a sheet while a second typist is choosing between two typings:
    the typist is told, nothing is stored (a 500 before)."""
    form = enter_form(paper, f"{paper.code}-0022", "nl", {"play": 2})
    url = f"/facilitate/networks/oostende/paper/{paper.code}/again"
    second = {"serial": "22", "language": "nl", "play": "3"}
    assert submit_form(facilitator, url, second).status_code == 200  # the differences
    void_form(form)
    resolved = submit_form(facilitator, url, {**second, "step": "resolve",
                                              "pick-play": "second"}, form_page=url)
    assert resolved.status_code == 422 and "is voided" in resolved.text
    assert responses() == 0


def test_a_serial_must_be_one_printed_for_this_stack(facilitator, paper, network):
    """A number never printed, or a sheet of another neighbourhood's stack, is not typed in
    here: the typist is told what to look at."""
    url = f"/facilitate/networks/oostende/paper/{paper.code}/"
    typed = {"language": "nl", "play": "2", "step": "save"}
    nothing_printed = submit_form(facilitator, url, {**typed, "serial": "9999"})
    assert nothing_printed.status_code == 422
    assert "No forms were printed for this stack yet" in nothing_printed.text
    printed(paper, 20)
    beyond = submit_form(facilitator, url, {**typed, "serial": "21"})
    assert beyond.status_code == 422 and "printed up to number 20" in beyond.text
    other = submit_form(facilitator, url, {**typed, "serial": "zz9zz9-0003"})
    assert other.status_code == 422 and "from another stack (ZZ9ZZ9)" in other.text
    assert responses() == 0
    full = submit_form(facilitator, url, {**typed, "serial": f"{paper.code.upper()}-0020"})
    assert full.status_code == 302 and responses() == 1


def test_numbers_printed_before_are_printed_again_only_when_asked(facilitator, paper):
    """Two sheets with one number would be typed as one form: a stack printed again is a
    choice (the printer jammed), never a slip."""
    url = f"/facilitate/networks/oostende/paper/{paper.code}/print"
    pdf_pages(facilitator.get(f"{url}?language=en&first=1&count=2"))
    pdf_pages(facilitator.get(f"{url}?language=en&first=1&count=2"))  # the PDF loaded again
    twice = facilitator.get(f"{url}?language=en&first=2&count=2")
    assert twice.status_code == 422 and twice.mimetype == "text/html"
    assert "printed up to number 2: start at 3" in twice.text
    assert pdf_pages(facilitator.get(f"{url}?language=en&first=2&count=2&again=y"))


def test_a_question_asked_only_after_an_answer_says_so_on_the_sheet_and_when_typed(
        facilitator, network):
    """The family sheet prints, beside "is the childcare easy to reach?", that it is only for
    those who use childcare; an answer typed to it on a sheet that says they do not is shown
    as not stored, never dropped without a word."""
    round_ = network.rounds[0]
    version = find_version("family")
    round_.questionnaire_versions.append(version)
    db.session.commit()
    link = paper_link(network, round_.id, network.neighbourhoods[0].id, version.id)
    numbers = {q.key: n for n, q in numbered_questions(version.questionnaire)}
    used, reachable = numbers["childcare_used"], numbers["childcare_reachable"]
    sheet = " ".join(" ".join(pdf_pages(facilitator.get(
        f"/facilitate/networks/oostende/paper/{link.code}/print?language=en&first=1&count=1")))
        .split())
    assert f"Only if you ticked “Yes” at {used}." in sheet
    choices = version.questionnaire.question("childcare_used").choices()
    no = str([value for value, *_rest in choices].index("no") + 1)
    check = submit_form(facilitator, f"/facilitate/networks/oostende/paper/{link.code}/", {
        "serial": "1", "language": "en", "childcare_used": no, "childcare_reachable": "4"})
    assert check.status_code == 200
    row = re.search(rf">{reachable}\.</span>.*?</tr>", check.text, re.S).group(0)
    assert f"Typed, but not stored: this question is only for those who ticked “Yes” at " \
           f"{used}." in row
