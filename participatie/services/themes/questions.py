"""Which open questions a round has, and which answers they were given (the rows every part
of the theme work reads)."""

from sqlalchemy import func, select

from analysis import disclosure
from analysis.disclosure import Cell

from ...extensions import db
from ...models import (
    Answer,
    Coding,
    CollectionLink,
    QuestionnaireVersion,
    Response,
    Round,
    ThemeAnalysis,
)
from ..compare import latest_version
from ..results import minimum


def open_questions(round_: Round) -> list[tuple[str, object]]:
    """(questionnaire key, question) of every open question in the round's questionnaires,
    the comments of the Place Standard included."""
    return [(key, q) for key, q, _parent in open_questions_with_parents(round_)]


def open_questions_with_parents(round_: Round) -> list[tuple[str, object, object]]:
    """(questionnaire key, question, the question it comments on or None)."""
    found = []
    for key in sorted({v.key for v in round_.questionnaire_versions}):
        questionnaire = latest_version(round_, key).questionnaire
        for question in (q for section in questionnaire.sections for q in section.questions):
            if question.type == "open_text":
                found.append((key, question, None))
            found.extend((key, comment, question) for comment in question.comments)
    return found


def find_question(round_: Round, questionnaire_key: str, question_key: str):
    return next((q for key, q in open_questions(round_)
                 if key == questionnaire_key and q.key == question_key), None)


def parent_of(round_: Round, questionnaire_key: str, question_key: str):
    """The question an open comment belongs to (e.g. a Place Standard theme), or None."""
    return next((parent for key, q, parent in open_questions_with_parents(round_)
                 if key == questionnaire_key and q.key == question_key), None)


def _answers_query(round_id: int, questionnaire_key: str, question_key: str):
    return (select(Answer.id, Answer.text)
            .join(Response, Response.id == Answer.response_id)
            .join(CollectionLink, CollectionLink.id == Response.link_id)
            .join(QuestionnaireVersion,
                  QuestionnaireVersion.id == Response.questionnaire_version_id)
            .where(CollectionLink.round_id == round_id,
                   QuestionnaireVersion.key == questionnaire_key,
                   Answer.question_key == question_key, Answer.text.is_not(None),
                   Answer.text != "")
            .order_by(Answer.id))


def answer_count(round_: Round, questionnaire_key: str, question_key: str) -> int:
    return db.session.scalar(select(func.count()).select_from(
        _answers_query(round_.id, questionnaire_key, question_key).subquery()))


def answers_shown(round_: Round, questionnaire_key: str, question_key: str) -> int | None:
    """How many answered the question, as published: perturbed, and without the
    neighbourhoods with too few answers to show (as the theme tables count them)."""
    answers = (_answers_query(round_.id, questionnaire_key, question_key)
               .add_columns(Response.record_key, CollectionLink.neighbourhood_id)).subquery()
    groups = {hood: Cell.of(n, keys) for hood, n, keys in db.session.execute(
        select(answers.c.neighbourhood_id, func.count(), func.sum(answers.c.record_key))
        .group_by(answers.c.neighbourhood_id))}
    least = minimum()
    kept = disclosure.included(groups, least)
    return disclosure.shown(disclosure.total(groups[hood] for hood in kept), least) or None


def new_since(analysis: ThemeAnalysis) -> int:
    """How many answers came in after the analysis (they are in no theme yet)."""
    answers = _answers_query(analysis.round_id, analysis.questionnaire_key,
                             analysis.question_key).subquery()
    coded = select(Coding.answer_id).where(Coding.analysis_id == analysis.id)
    return db.session.scalar(select(func.count()).select_from(answers)
                             .where(answers.c.id.not_in(coded)))


def analysis_of(round_: Round, questionnaire_key: str, question_key: str):
    return db.session.scalar(select(ThemeAnalysis).where(
        ThemeAnalysis.round_id == round_.id, ThemeAnalysis.questionnaire_key == questionnaire_key,
        ThemeAnalysis.question_key == question_key))




def same_words(text: str) -> str:
    """Answers with the same words, whatever their spacing or capitals, are one quote."""
    return " ".join(text.split()).casefold()
