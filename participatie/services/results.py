"""What a round's responses say: counts for the round overview, and per-question summaries
with the filters a coordinator uses (neighbourhood, language, children's age band).

Every figure goes through :mod:`analysis.stats`, which withholds any group of fewer than
``MIN_GROUP_SIZE`` respondents; the views only show what comes back.
"""

from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import distinct, func, select

from analysis.stats import Summary, summarise, summarise_counts, suppress_small

from ..extensions import db
from ..models import Answer, CollectionLink, QuestionnaireVersion, Response, Round
from ..questionnaire import Questionnaire
from ..vocabulary import AGE_QUESTION, FAMILY_SURVEY


@dataclass(frozen=True)
class Filters:
    neighbourhood_id: int | None = None
    language: str | None = None
    age_band: str | None = None

    def active(self) -> bool:
        return any((self.neighbourhood_id, self.language, self.age_band))


def minimum() -> int:
    return current_app.config["MIN_GROUP_SIZE"]


def response_rows(round_: Round, questionnaire_key: str | None = None) -> list[tuple]:
    """(id, neighbourhood id, questionnaire key, version, language, mode, moment) per
    response of the round (of one questionnaire, when given)."""
    query = (
        select(Response.id, CollectionLink.neighbourhood_id, QuestionnaireVersion.key,
               QuestionnaireVersion.version, Response.language, CollectionLink.mode,
               Response.submitted_at)
        .join(CollectionLink, CollectionLink.id == Response.link_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Response.questionnaire_version_id)
        .where(CollectionLink.round_id == round_.id)
    )
    if questionnaire_key:
        query = query.where(QuestionnaireVersion.key == questionnaire_key)
    return db.session.execute(query).all()


def overview(round_: Round) -> dict[str, Any]:
    """Responses per neighbourhood, questionnaire, language, mode and day; every count of
    fewer than the minimum is withheld (None)."""
    rows = response_rows(round_)
    least = minimum()

    def counted(values) -> dict:
        return suppress_small(dict(sorted(Counter(values).items())), least)

    return {
        "total": len(rows) if len(rows) >= least else None,
        "neighbourhoods": counted(row[1] for row in rows),
        "questionnaires": counted(row[2] for row in rows),
        "languages": counted(row[4] for row in rows),
        "modes": counted(row[5] for row in rows),
        "days": counted(_local_day(row[6]) for row in rows),
        "weeks": counted(_week_of(_local_day(row[6])) for row in rows),
        "families": {hood: _families_reached(rows, hood) for hood in {row[1] for row in rows}},
    }


def _local_day(moment) -> date:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _week_of(day: date) -> date:
    """The Monday of the day's week: a long round is shown per week (fewer withheld days)."""
    return day - timedelta(days=day.weekday())


def _families_reached(rows, hood_id: int) -> int:
    return sum(1 for row in rows if row[1] == hood_id and row[2] == FAMILY_SURVEY)


def answers_by_response(response_ids: list, questionnaire: Questionnaire) -> dict[Any, dict]:
    """Each response's typed answers, read back from its answer rows."""
    rows: dict[Any, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _chunks(response_ids, 500):
        found = db.session.execute(
            select(Answer.response_id, Answer.question_key, Answer.option_key, Answer.number,
                   Answer.flag, Answer.text).where(Answer.response_id.in_(chunk)))
        for response_id, key, option, number, flag, text in found:
            rows[response_id][key].append(
                {"option_key": option, "number": number, "flag": flag, "text": text})
    typed = {}
    for response_id, by_key in rows.items():
        typed[response_id] = {key: questionnaire.question(key).from_rows(found)
                              for key, found in by_key.items() if questionnaire.question(key)}
    return typed


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class Tally:
    """One question's answers, counted by the database: respondents, options, yeses, numbers."""

    respondents: int = 0
    options: dict = field(default_factory=dict)
    yes: int = 0
    numbers: list = field(default_factory=list)


def response_ids(round_: Round, questionnaire_key: str, filters: Filters = Filters()):
    """The ids of the matching responses, as a subquery (the database does the filtering)."""
    query = (select(Response.id)
             .join(CollectionLink, CollectionLink.id == Response.link_id)
             .join(QuestionnaireVersion,
                   QuestionnaireVersion.id == Response.questionnaire_version_id)
             .where(CollectionLink.round_id == round_.id,
                    QuestionnaireVersion.key == questionnaire_key))
    if filters.neighbourhood_id:
        query = query.where(CollectionLink.neighbourhood_id == filters.neighbourhood_id)
    if filters.language:
        query = query.where(Response.language == filters.language)
    if filters.age_band:
        query = query.where(Response.id.in_(select(Answer.response_id).where(
            Answer.question_key == AGE_QUESTION, Answer.option_key == filters.age_band)))
    return query


def filter_gives_away(round_: Round, key: str, filters: Filters) -> bool:
    """Whether a filter's result, set beside the result without one of its conditions, would
    show a group of 1–4 people by difference (e.g. all but the three Arabic-speaking families)."""
    least = minimum()
    total = _count(round_, key, filters)
    for condition in ("neighbourhood_id", "language", "age_band"):
        if getattr(filters, condition) is None:
            continue
        wider = _count(round_, key, Filters(**{**filters.__dict__, condition: None}))
        if 0 < wider - total < least:
            return True
    return False


def _count(round_: Round, key: str, filters: Filters) -> int:
    return db.session.scalar(select(func.count()).select_from(
        response_ids(round_, key, filters).subquery()))


CACHED_TALLIES = 64  # per app: a round's figures, for as long as its answers do not change


def tallies(round_: Round, questionnaire: Questionnaire | str,
            filters: Filters = Filters()) -> tuple[int, dict[str, Tally]]:
    """(respondents, a tally per question). Counted once for each state of the round's
    answers (its ``answers_version`` and number of responses) and kept by the app; the
    result is shared, so callers read it and never change it."""
    if isinstance(questionnaire, str):
        questionnaire = latest_questionnaire(round_, questionnaire)
    state = db.session.execute(
        select(Round.answers_version,
               select(func.count(Response.id))
               .join(CollectionLink, CollectionLink.id == Response.link_id)
               .where(CollectionLink.round_id == round_.id).scalar_subquery())
        .where(Round.id == round_.id)).one()
    key = (round_.id, *state, questionnaire.key, questionnaire.version, filters)
    cache = current_app.extensions.setdefault("participatie.tallies", OrderedDict())
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    found = _count_tallies(round_, questionnaire, filters)
    cache[key] = found
    while len(cache) > CACHED_TALLIES:
        cache.popitem(last=False)
    return found


def _count_tallies(round_: Round, questionnaire: Questionnaire,
                   filters: Filters) -> tuple[int, dict[str, Tally]]:
    """Counted by the database in one pass over the answers (and one more for the questions
    where a person picks several options)."""
    ids = response_ids(round_, questionnaire.key, filters)
    total = db.session.scalar(select(func.count()).select_from(ids.subquery()))
    found: dict[str, Tally] = defaultdict(Tally)
    mine = Answer.response_id.in_(ids)
    for key, option, flag, number, n in db.session.execute(
            select(Answer.question_key, Answer.option_key, Answer.flag, Answer.number,
                   func.count()).where(mine)
            .group_by(Answer.question_key, Answer.option_key, Answer.flag, Answer.number)):
        tally = found[key]
        tally.respondents += n  # one row per respondent, except for several options
        if option is not None:
            tally.options[option] = n
        elif number is not None:
            tally.numbers.extend([number] * n)
        elif flag:
            tally.yes = n
    several = [q.key for q in questionnaire.questions() if q.multiple]
    for key, n in db.session.execute(
            select(Answer.question_key, func.count(distinct(Answer.response_id)))
            .where(mine, Answer.question_key.in_(several)).group_by(Answer.question_key)):
        found[key].respondents = n
    return total, found


def latest_questionnaire(round_: Round, key: str) -> Questionnaire:
    versions = [v for v in round_.questionnaire_versions if v.key == key]
    return max(versions, key=lambda v: v.version).questionnaire


def summary_of(question, tally: Tally, least: int) -> Summary:
    if question.summary in ("ordinal", "numeric"):
        return summarise(question.summary, tally.numbers, least)
    counts = {True: tally.yes} if question.summary == "binary" else tally.options
    return summarise_counts(question.summary, counts, tally.respondents, least)


def summaries(round_: Round, version: QuestionnaireVersion,
              filters: Filters = Filters()) -> tuple[int, dict[str, Summary]]:
    """(respondents, a summary per question) of a questionnaire's responses in the round."""
    total, found = tallies(round_, version.questionnaire, filters)
    least = minimum()
    return total, {question.key: summary_of(question, found[question.key], least)
                   for question in version.questionnaire.questions()}
