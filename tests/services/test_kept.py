"""Figures kept between requests are those a fresh count gives: a questionnaire's figures are
counted again when its own responses change, and stay as they were when another
questionnaire's responses come in."""

import copy
import random
import uuid

from sqlalchemy import select

from participatie.extensions import db
from participatie.models import CollectionLink, QuestionnaireVersion, Round
from participatie.services import results
from participatie.services.compass import ADULTS, area_compass, compass
from participatie.services.demo_places import _ratings
from participatie.services.demo_responses import _answers, open_answers
from participatie.services.responses import Submission, submit
from participatie.vocabulary import FAMILY_SURVEY


def test_a_compass_is_counted_again_when_its_ratings_change_and_only_then(demo_app):
    family_link = db.session.scalar(select(CollectionLink).where(CollectionLink.code == "demo"))
    round_, hood = family_link.round, family_link.neighbourhood
    ratings_link = db.session.scalar(
        select(CollectionLink).join(QuestionnaireVersion)
        .where(CollectionLink.round_id == round_.id, CollectionLink.neighbourhood_id == hood.id,
               QuestionnaireVersion.key == ADULTS))
    where = (CollectionLink.round_id == round_.id, CollectionLink.neighbourhood_id == hood.id)
    compass_before = area_compass(round_.id, hood.id)
    family_before = results.tallies(round_, FAMILY_SURVEY)

    pools = {q: {lang: list(texts) for lang, texts in by_lang.items()}
             for q, by_lang in open_answers().items()}
    submit(Submission(uuid.uuid4(), "demo", "nl", _answers(random.Random(3), "nl", pools, 0.0)))
    family_after = results.tallies(round_, FAMILY_SURVEY)
    assert family_after.respondents.count == family_before.respondents.count + 1
    assert area_compass(round_.id, hood.id) is compass_before  # kept: no rating came in

    db.session.expire_all()
    assert _ratings(ratings_link, ADULTS, 6, seed="kept-figures") == 6
    compass_after = area_compass(round_.id, hood.id)
    assert compass_after is not compass_before
    assert compass_after == compass(ADULTS, *where)  # what a fresh count gives
    assert compass_after.respondents > compass_before.respondents
    assert results.tallies(round_, FAMILY_SURVEY) is family_after


def test_an_edit_of_the_round_counts_every_figure_again(demo_app):
    round_ = db.session.scalar(select(Round).where(Round.key == "najaar-2026"))
    hood = round_.neighbourhoods[0]
    kept_compass = area_compass(round_.id, hood.id)
    kept_family = results.tallies(round_, FAMILY_SURVEY)
    round_.answers_version += 1  # as an edit, a void or a purge does
    db.session.commit()
    assert area_compass(round_.id, hood.id) is not kept_compass
    assert results.tallies(round_, FAMILY_SURVEY) is not kept_family


def test_a_comparison_of_two_rounds_follows_either_round_s_answers(demo_app):
    from participatie.services.compare import _compare, compare, latest_version

    rounds = {r.key: r for r in db.session.scalars(select(Round))
              if r.network.key == "oostende"}
    before, after = rounds["voorjaar-2026"], rounds["najaar-2026"]
    with demo_app.test_request_context():
        kept = compare(before, after, FAMILY_SURVEY)
        assert kept and compare(before, after, FAMILY_SURVEY) is kept
        pools = {q: {lang: list(texts) for lang, texts in by_lang.items()}
                 for q, by_lang in open_answers().items()}
        for seed in range(5):
            submit(Submission(uuid.uuid4(), "demo", "nl",
                              _answers(random.Random(seed), "nl", pools, 1.0)))
        again = compare(before, after, FAMILY_SURVEY)
        assert again is not kept
        assert again == _compare(before, after, latest_version(before, FAMILY_SURVEY),
                                 latest_version(after, FAMILY_SURVEY), FAMILY_SURVEY,
                                 None)  # a fresh comparison


def _family_without(question_key: str, round_: Round):
    """A new version of the family survey without one question, moved into the round (its
    links follow it): the questions change, no answer does."""
    from participatie.models import QuestionnaireVersion
    from participatie.questionnaire import Questionnaire
    from participatie.services.questionnaires import find_version, store_version
    from participatie.services.versions import move_links

    current = max((v for v in round_.questionnaire_versions if v.key == FAMILY_SURVEY),
                  key=lambda v: v.version)
    definition = copy.deepcopy(current.definition)
    definition["version"] = current.version + 1
    for section in definition["sections"]:
        section["questions"] = [q for q in section["questions"] if q["key"] != question_key]
    store_version(Questionnaire.model_validate(definition))
    db.session.commit()
    newer = find_version(FAMILY_SURVEY, current.version + 1)
    assert isinstance(newer, QuestionnaireVersion)
    round_.network.questionnaire_versions.append(newer)
    db.session.commit()
    assert move_links(round_, current.id, newer.id) > 0
    return newer


def test_a_comparison_follows_the_questions_a_round_asks(demo_app):
    from participatie.services.compare import compare

    rounds = {r.key: r for r in db.session.scalars(select(Round))
              if r.network.key == "oostende"}
    before, after = rounds["voorjaar-2026"], rounds["najaar-2026"]
    with demo_app.test_request_context():
        assert "reachable" in {item.question for item in compare(before, after, FAMILY_SURVEY)}
        _family_without("reachable", after)
        assert "reachable" not in {item.question
                                   for item in compare(before, after, FAMILY_SURVEY)}


def test_a_kept_pdf_report_is_made_again_when_its_questions_or_smallest_group_change(demo_app):
    from participatie.services.reports import fingerprint

    round_ = db.session.scalar(select(Round).where(Round.key == "najaar-2026"))
    made = fingerprint(round_)
    demo_app.config["MIN_GROUP_SIZE"] = 10
    assert fingerprint(round_) != made
    demo_app.config["MIN_GROUP_SIZE"] = 5
    assert fingerprint(round_) == made
    _family_without("reachable", round_)
    assert fingerprint(round_) != made
