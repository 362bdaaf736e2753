"""A response's cells (what the figures count of it) always agree with its answer rows: written
with them, rewritten with them, removed with them, filled in by the migration for responses
stored before; and the figures added up from them are the figures of the answer rows."""

import random
import uuid

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, update

from participatie.extensions import db
from participatie.models import Answer, CollectionLink, Response, Round
from participatie.services import results
from participatie.services.cells import cells_of, count_cells
from participatie.services.responses import Submission, store_answers, stored_answers, submit
from participatie.services.retention import purge_round
from participatie.vocabulary import FAMILY_SURVEY
from tests.api.conftest import VALID_ANSWERS


def _from_rows(response_id) -> str:
    rows = db.session.execute(
        select(Answer.question_key, Answer.option_key, Answer.number, Answer.flag)
        .where(Answer.response_id == response_id).order_by(Answer.id)).mappings()
    return cells_of(rows)


def _stored_cells(response_id) -> list[str]:
    return db.session.scalar(select(Response.cells).where(Response.id == response_id)).split("\n")


def _round(key: str) -> Round:
    return db.session.scalar(select(Round).where(Round.key == key))


def test_a_submission_stores_the_cells_of_its_answer_rows(app, make_link):
    make_link()
    receipt = submit(Submission(uuid.uuid4(), "test", "nl", dict(VALID_ANSWERS)))
    cells = _stored_cells(receipt.id)
    assert cells == _from_rows(receipt.id).split("\n")
    assert "o\tages\t0-2" in cells and "o\tages\t6-9" in cells
    assert "r\tages" in cells and "y\tchildcare" in cells and "n\thappy\t4.0" in cells
    assert [cell for cell in cells if "wish" in cell] == ["r\twish"]  # answered; no words


def test_a_corrected_form_rewrites_its_cells(app, make_link):
    make_link()
    receipt = submit(Submission(uuid.uuid4(), "test", "nl", dict(VALID_ANSWERS)))
    response = db.session.get(Response, receipt.id)
    store_answers(response, {**stored_answers(response), "ages": ["10-12"], "happy": 2})
    db.session.commit()
    cells = _stored_cells(receipt.id)
    assert cells == _from_rows(receipt.id).split("\n")
    assert "o\tages\t10-12" in cells and "o\tages\t0-2" not in cells
    assert "n\thappy\t2.0" in cells


def test_the_figures_from_the_cells_are_those_of_the_answer_rows(demo_app):
    round_ = _round("najaar-2026")
    hood = round_.neighbourhoods[0].id
    filters = [results.Filters(), results.Filters(language="nl"),
               results.Filters(age_band="3-5"), results.Filters(neighbourhood_id=hood)]
    ids = select(Response.id).join(CollectionLink).where(CollectionLink.round_id == round_.id)
    assert None not in db.session.scalars(select(Response.cells).where(Response.id.in_(ids)))
    from_cells = [results.tallies(round_, FAMILY_SURVEY, one) for one in filters]
    assert from_cells[0].respondents.count > 0 and from_cells[0].questions
    db.session.execute(update(Response).values(cells=None))  # as before the cells existed
    db.session.commit()
    for kept in ("participatie.tallies", "participatie.tallies_per_hood"):
        demo_app.extensions[kept].clear()
    assert [results.tallies(round_, FAMILY_SURVEY, one) for one in filters] == from_cells


def test_each_group_s_cells_are_counted_with_the_sum_of_their_record_keys():
    rng = random.Random(20)
    cells = ["r\tages", "o\tages\t0-2", "o\tages\t3-5", "n\tscore\t4.0", "y\thelp"]
    responses = [(rng.choice(["north", "south", 7]), rng.randrange(256),
                  "\n".join(rng.sample(cells, rng.randrange(len(cells) + 1))))
                 for _ in range(500)]
    expected: dict = {}
    for group, key, text in responses:
        for cell in text.split("\n") if text else []:
            n, keys = expected.setdefault(group, {}).get(cell, (0, 0))
            expected[group][cell] = (n + 1, keys + key)
    assert count_cells(responses) == expected
    assert count_cells([("north", 3, "")]) == {}


def _typed_from_rows(round_, key: str) -> dict:
    """Each response's answers read back from its answer rows, one by one (the ORM), keeping
    the questions its questionnaire's latest version still asks."""
    from participatie.services.compare import latest_version

    asked = {q.key for q in latest_version(round_, key).questionnaire.questions()}
    found = {}
    for response in db.session.scalars(
            select(Response).join(CollectionLink).where(CollectionLink.round_id == round_.id)):
        if response.questionnaire_version.key == key:
            found[response.id] = {k: v for k, v in stored_answers(response).items() if k in asked}
    return found


def test_the_export_reads_each_response_s_answers_as_its_answer_rows_hold_them(demo_app):
    from participatie.services.compare import latest_version

    round_ = _round("najaar-2026")
    keys = sorted({v.key for v in round_.questionnaire_versions})
    for key in keys:
        questionnaire = latest_version(round_, key).questionnaire
        expected = _typed_from_rows(round_, key)
        assert results.answers_by_response(round_, questionnaire) == expected
    family = latest_version(round_, FAMILY_SURVEY).questionnaire
    typed = results.answers_by_response(round_, family)
    values = [value for answers in typed.values() for value in answers.values()]
    # The demo holds every kind of answer: choices (one and several), numbers, yes and no, words.
    assert {type(value) for value in values} >= {str, list, int, bool}
    assert False in values and any(isinstance(v, str) and " " in v for v in values)
    # A response stored before the cells existed is read from its answer rows instead.
    some = list(typed)[::3]
    db.session.execute(update(Response).where(Response.id.in_(some)).values(cells=None))
    db.session.commit()
    assert results.answers_by_response(round_, family) == typed


def test_a_purge_removes_the_cells_with_the_answers(demo_app):
    round_ = _round("najaar-2026")
    purge_round(round_)
    ids = select(Response.id).join(CollectionLink).where(CollectionLink.round_id == round_.id)
    assert db.session.scalar(select(Response.id).where(Response.id.in_(ids)))  # responses kept
    assert set(db.session.scalars(select(Response.cells).where(Response.id.in_(ids)))) == {None}


def test_the_migration_fills_in_the_cells_of_responses_stored_before(app, make_link):
    make_link()
    ids = [submit(Submission(uuid.uuid4(), "test", "nl", answers)).id
           for answers in (dict(VALID_ANSWERS), {**VALID_ANSWERS, "ages": ["3-5"]})]
    expected = {rid: _stored_cells(rid) for rid in ids}
    db.session.remove()
    downgrade(revision="0017")
    upgrade()
    assert {rid: _stored_cells(rid) for rid in ids} == expected
