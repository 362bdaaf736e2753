"""Paper forms: printed with a serial on every sheet, typed in once, corrected or voided.

A typed form becomes a response like any other (its link's mode is "paper"); the serial is
stored once, so a sheet typed twice is caught, and offered for correction instead.
"""

import logging
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import CollectionLink, Network, PaperForm, Response, Round
from ..models.base import to_the_hour, utcnow
from ..questionnaire import Question, Questionnaire
from .audit import record
from .networks import SetupError
from .responses import (
    InvalidSubmission,
    Submission,
    answers_changed,
    clean_answers,
    content_hash,
    forget_analysis,
    hidden_questions,
    store_answers,
    stored_answers,
)
from .rounds import find_round_link, new_code

log = logging.getLogger(__name__)


class SerialTaken(Exception):
    """This serial is typed in already; ``form`` is the stored one (to correct it)."""

    def __init__(self, form: PaperForm):
        super().__init__(form.serial)
        self.form = form


def paper_link(network: Network, round_id: int, neighbourhood_id: int,
               version_id: int) -> CollectionLink:
    """The round's paper link for a neighbourhood and questionnaire, made the first time."""
    round_ = next((r for r in network.rounds if r.id == round_id), None)
    if round_ is None:
        raise SetupError("round", _l("Choose one of the network's rounds."))
    hood = next((n for n in round_.neighbourhoods if n.id == neighbourhood_id), None)
    if hood is None:
        raise SetupError("neighbourhood", _l("This neighbourhood is not part of the round."))
    version = next((v for v in round_.questionnaire_versions if v.id == version_id), None)
    if version is None:
        raise SetupError("version", _l("This questionnaire version is not part of the round."))
    link = find_round_link(round_, hood, version, "paper")
    if link is None:
        link = CollectionLink(code=new_code(), round=round_, neighbourhood=hood,
                              questionnaire_version=version, mode="paper")
        db.session.add(link)
        db.session.commit()
        log.info("paper link %s made in round %s", link.code, round_.key)
    return link


def serial(link: CollectionLink, number: int) -> str:
    return f"{link.code}-{number:04d}"


def normalise_serial(link: CollectionLink, typed: str) -> str | None:
    """A serial as typed ("12", "0012" or "abc234-0012") in its full form, or None."""
    typed = typed.strip().lower()
    number = typed.removeprefix(f"{link.code}-")
    if not (number.isascii() and number.isdigit()) or not 0 < int(number) < 100_000:
        return None
    return serial(link, int(number))


def serial_problem(link: CollectionLink, typed: str) -> str | None:
    """Why a typed serial cannot be a sheet of this stack (None: it can): not a number, a
    number of another stack (its code differs), or a number never printed for this one."""
    typed = typed.strip().lower()
    code, dash, number = typed.rpartition("-")
    if dash and code != link.code:
        return str(_l("This form is from another stack (%(code)s): type it in there.",
                      code=code.upper() or "?"))
    full = normalise_serial(link, typed)
    if full is None:
        return str(_l("Type the number printed on the form."))
    if int(full.rsplit("-", 1)[1]) > link.printed_up_to:
        if not link.printed_up_to:
            return str(_l("No forms were printed for this stack yet: is the number right?"))
        return str(_l("Forms of this stack were printed up to number %(n)s: look at the "
                      "number again.", n=link.printed_up_to))
    return None


def numbered_questions(questionnaire: Questionnaire) -> list[tuple[str, Question]]:
    """Each question with the number printed before it on the sheet: 1, 2, … and its
    comments 1a, 1b, … (the same numbers on the sheet and on the typing screen)."""
    numbered: list[tuple[str, Question]] = []
    questions = (q for section in questionnaire.sections for q in section.questions)
    for number, question in enumerate(questions, start=1):
        numbered.append((str(number), question))
        numbered += [(f"{number}{chr(ord('a') + i)}", c) for i, c in enumerate(question.comments)]
    return numbered


def conditions(questionnaire: Questionnaire) -> dict[str, tuple[str, list]]:
    """Per question asked only after certain answers (``show_if``): the number of the question
    it depends on and the labels of the boxes that ask it. The sheet says so beside the
    question, and the typist is told when a typed answer to it is not stored."""
    numbered = numbered_questions(questionnaire)
    numbers = {question.key: number for number, question in numbered}
    found: dict[str, tuple[str, list]] = {}
    for _number, question in numbered:
        condition = question.show_if
        target = questionnaire.question(condition.question) if condition else None
        if condition is None or target is None:
            continue
        wanted = set().union(*(target.form_strings(value) for value in condition.values))
        labels = ([label for value, label, *_rest in target.choices()  # type: ignore[attr-defined]
                   if value in wanted]
                  if has_boxes(target) else sorted(wanted))
        found[question.key] = (numbers.get(target.key, "?"), labels)
    return found


def has_boxes(question: Question) -> bool:
    """Whether the sheet shows numbered tick boxes for this question (typed as box numbers)."""
    return hasattr(question, "choices")


def typed_answers(questionnaire: Questionnaire, typed: Mapping[str, str]) -> dict[str, Any]:
    """The answers of a sheet typed by the numbers printed beside its ticked boxes ("2", or
    "2 5" for two boxes), and numbers and words as written; :class:`InvalidSubmission` names
    each question typed in a way that does not fit its sheet."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for _number, question in numbered_questions(questionnaire):
        raw = (typed.get(question.key) or "").strip()
        if not raw:
            continue
        if not has_boxes(question):
            answers[question.key] = question.form_value(MultiDict({question.key: raw}))
            continue
        boxes = question.choices()  # type: ignore[attr-defined]
        numbers = [t for t in re.split(r"[\s,;.+/]+", raw) if t]
        if not all(n.isascii() and n.isdigit() and len(n) <= 3 and 1 <= int(n) <= len(boxes)
                   for n in numbers):
            errors[question.key] = str(_l(
                "Type the number printed beside a ticked box: 1 to %(n)s.", n=len(boxes)))
        elif len(numbers) > 1 and not question.multiple:
            errors[question.key] = str(_l(
                "Only one box may be ticked here. Were more ticked? Leave it empty."))
        else:
            chosen = MultiDict([(question.key, boxes[int(n) - 1][0]) for n in numbers])
            answers[question.key] = question.form_value(chosen)
    if errors:
        raise InvalidSubmission(errors)
    return answers


def as_typed(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, str]:
    """Stored answers as they are typed: box numbers, numbers and words (to correct a form)."""
    typed: dict[str, str] = {}
    for _number, question in numbered_questions(questionnaire):
        value = answers.get(question.key)
        if value is None:
            continue
        if has_boxes(question):
            chosen = question.form_strings(value)
            boxes = question.choices()  # type: ignore[attr-defined]
            typed[question.key] = " ".join(
                str(number) for number, box in enumerate(boxes, start=1) if box[0] in chosen)
        else:
            typed[question.key] = str(value)
    return typed


def check_form(link: CollectionLink, language: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as they would be stored, without storing them (to read the form back)."""
    return _clean(link, language, answers)


def find_form(link: CollectionLink, serial_: str) -> PaperForm | None:
    return db.session.scalar(select(PaperForm).where(
        PaperForm.link_id == link.id, PaperForm.serial == serial_))


def _clean(link: CollectionLink, language: str, answers: dict[str, Any]) -> dict[str, Any]:
    if link.closed_at is not None or link.round.closed_at is not None:
        # A closed round's figures stay as they were when it closed.
        raise InvalidSubmission({"serial": str(_l(
            "This round or link is closed: its forms can no longer be typed in or changed."))})
    questionnaire = link.questionnaire_version.questionnaire
    if language not in questionnaire.languages:
        raise InvalidSubmission({"language": str(_l("Choose the language of the form."))})
    return clean_answers(questionnaire, answers, require=False)


def enter_form(link: CollectionLink, serial_: str, language: str,
               answers: dict[str, Any]) -> PaperForm:
    """Store a typed form once; :class:`SerialTaken` if its serial was typed before."""
    existing = find_form(link, serial_)
    if existing is not None:
        raise SerialTaken(existing)
    cleaned = _clean(link, language, answers)
    response = _new_response(link, language)
    _set_answers(response, link, language, cleaned)
    form = PaperForm(link=link, serial=serial_, response=response)
    db.session.add(form)
    try:
        db.session.commit()
    except IntegrityError:
        # Someone typed the same serial at the same moment: theirs is the stored one.
        db.session.rollback()
        raise SerialTaken(find_form(link, serial_)) from None
    log.info("paper form %s typed in", serial_)
    return form


def correct_form(form: PaperForm, language: str, answers: dict[str, Any]) -> None:
    """Replace a typed form's answers (a typing mistake); a voided form comes back."""
    cleaned = _clean(form.link, language, answers)
    response = form.response
    if response is None:
        response = form.response = _new_response(form.link, language)
    response.language = language
    _set_answers(response, form.link, language, cleaned)
    form.voided_at = None
    form.checked_at = None  # a second typing, if any, checked other answers
    record("paper", form.link.round.network_id, form.link.round_id, 1, commit=False)
    db.session.commit()
    log.info("paper form %s corrected", form.serial)


def _new_response(link: CollectionLink, language: str) -> Response:
    return Response(id=uuid.uuid4(), link=link, questionnaire_version=link.questionnaire_version,
                    language=language, submitted_at=to_the_hour(datetime.now(UTC)))


def _set_answers(response: Response, link: CollectionLink, language: str,
                 cleaned: dict[str, Any]) -> None:
    submission = Submission(id=response.id, link=link.code, language=language, answers=cleaned)
    response.content_hash = content_hash(submission, link.questionnaire_version.version, cleaned)
    db.session.add(response)
    db.session.flush()
    store_answers(response, cleaned)


def void_form(form: PaperForm) -> None:
    """The sheet does not count (spoilt, or not from this neighbourhood): its answers are
    deleted; its serial stays used, so it is not typed in again by mistake."""
    _clean(form.link, form.link.questionnaire_version.questionnaire.languages[0], {})
    if form.response is not None:
        forget_analysis(form.response.id)
        answers_changed(form.link.round_id)
        db.session.delete(form.response)
        form.response = None
    form.voided_at = to_the_hour(utcnow())
    record("paper", form.link.round.network_id, form.link.round_id, 1, commit=False)
    db.session.commit()
    log.info("paper form %s voided", form.serial)


def not_voided(form: PaperForm) -> None:
    """:class:`InvalidSubmission` when the form was voided (maybe by someone else while this
    typist was at it): it has no answers to compare or resolve."""
    if form.response is None:
        raise InvalidSubmission({"serial": str(_l(
            "Form %(serial)s is voided: correct it before typing it a second time.",
            serial=form.serial))})


def second_typing(form: PaperForm, answers: dict[str, Any],
                  language: str) -> dict[str, tuple[Any, Any]]:
    """Double entry: compare a second typing of a sheet with the stored one. Returns, per
    question that differs, (first typing, second typing) as cleaned answers; when nothing
    differs the form is marked as checked. Hidden answers are left out of the comparison
    (their words are never shown again)."""
    link = form.link
    not_voided(form)
    second = _clean(link, language, answers)
    first = stored_answers(form.response)
    hidden = hidden_questions(form.response.id)
    keys = [q.key for q in link.questionnaire_version.questionnaire.questions()
            if q.key not in hidden]
    differences = {key: (first.get(key), second.get(key)) for key in keys
                   if first.get(key) != second.get(key)}
    if form.response.language != language:
        differences["language"] = (form.response.language, language)
    if not differences:
        form.checked_at = to_the_hour(utcnow())
        db.session.commit()
        log.info("paper form %s typed twice alike", form.serial)
    return differences


def resolve_typings(form: PaperForm, language: str, answers: dict[str, Any]) -> None:
    """The differences between two typings resolved by looking at the sheet: store the
    answers so chosen, and mark the form as checked."""
    correct_form(form, language, answers)
    form.checked_at = to_the_hour(utcnow())
    db.session.commit()
    log.info("paper form %s: two typings resolved", form.serial)


def checked_count(link: CollectionLink) -> int:
    return db.session.scalar(select(func.count()).select_from(PaperForm).where(
        PaperForm.link_id == link.id, PaperForm.voided_at.is_(None),
        PaperForm.checked_at.is_not(None)))


def next_serial_number(link: CollectionLink) -> int:
    """The number after the highest one printed or typed in so far: a new stack never
    repeats the serials of one printed before."""
    serials = db.session.scalars(select(PaperForm.serial).where(PaperForm.link_id == link.id))
    return max([link.printed_up_to, *(int(s.rsplit("-", 1)[1]) for s in serials)]) + 1


def printed(link: CollectionLink, last: int) -> None:
    """Serials up to ``last`` are printed now."""
    link.printed_up_to = max(link.printed_up_to, last)
    db.session.commit()


def typed_forms(link: CollectionLink) -> list[PaperForm]:
    return list(db.session.scalars(
        select(PaperForm).where(PaperForm.link_id == link.id).order_by(PaperForm.id.desc())))


def typed_count(link: CollectionLink) -> int:
    return db.session.scalar(select(func.count()).select_from(PaperForm).where(
        PaperForm.link_id == link.id, PaperForm.voided_at.is_(None)))


def paper_links(network: Network) -> list[CollectionLink]:
    return list(db.session.scalars(
        select(CollectionLink).join(CollectionLink.round)
        .where(Round.network_id == network.id, CollectionLink.mode == "paper")
        .order_by(CollectionLink.id)))
