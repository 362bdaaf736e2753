"""What a round's responses say: counts for the round overview, and per-question summaries
with the filters a coordinator uses (neighbourhood, language, children's age band).

The database counts cells (how many, and the sum of their record keys) per neighbourhood;
every published figure is made from them by :mod:`analysis.disclosure`: perturbed, withheld
below ``MIN_GROUP_SIZE``, and without the neighbourhoods (or neighbourhood × filter groups)
too small to be shown, which are named instead. The views only show what comes back.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Unicode, func, select, type_coerce

from analysis import disclosure
from analysis.disclosure import Cell, Summary

from ..extensions import db
from ..models import Answer, CollectionLink, QuestionnaireVersion, Response, Round
from ..questionnaire import Questionnaire
from ..vocabulary import AGE_QUESTION, FAMILY_SURVEY
from .cells import cells_from_answers, count_cells, read_cell, split_cells
from .kept import kept_per_state


@dataclass(frozen=True)
class Filters:
    neighbourhood_id: int | None = None
    language: str | None = None
    age_band: str | None = None

    def active(self) -> bool:
        return any((self.neighbourhood_id, self.language, self.age_band))


def minimum() -> int:
    return current_app.config["MIN_GROUP_SIZE"]


def _cells(rows, group) -> dict[Any, Cell]:
    """Cells of ``rows`` (groups of responses, each with its count ``n`` and ``keys``, the sum
    of their record keys) per ``group(row)``."""
    found: dict[Any, Cell] = defaultdict(Cell)
    for row in rows:
        found[group(row)] += Cell.of(row.n, row.keys)
    return dict(sorted(found.items(), key=lambda item: str(item[0])))


def overview(round_: Round) -> dict[str, Any]:
    """Responses per neighbourhood, questionnaire, language, mode and day, published by the
    disclosure layer. A neighbourhood with too few responses to show is left out of the
    others (and of the total), so the total minus the neighbourhoods is never a small group.
    Counted once per state of the round's answers (see :func:`tallies`)."""
    hoods = tuple(sorted(hood.id for hood in round_.neighbourhoods))  # named when left out
    return kept_per_state("participatie.overview", round_.id, hoods, lambda: _overview(round_))


def _overview(round_: Round) -> dict[str, Any]:
    # The database groups the responses; Python sees a row per group (neighbourhood,
    # questionnaire, language, way of answering, hour), however many families answered.
    rows = db.session.connection().execute(
        select(CollectionLink.neighbourhood_id.label("hood"), QuestionnaireVersion.key,
               Response.language, CollectionLink.mode, Response.submitted_at,
               func.count().label("n"), func.sum(Response.record_key).label("keys"))
        .join(CollectionLink, CollectionLink.id == Response.link_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Response.questionnaire_version_id)
        .where(CollectionLink.round_id == round_.id)
        .group_by(CollectionLink.neighbourhood_id, QuestionnaireVersion.key, Response.language,
                  CollectionLink.mode, Response.submitted_at)).all()
    least = minimum()
    hoods = _cells(rows, lambda row: row.hood)
    kept = disclosure.included(hoods, least)
    shown = [row for row in rows if row.hood in kept]
    days = {moment: local_day(moment) for moment in {row.submitted_at for row in shown}}

    def counted(group) -> dict:
        return disclosure.counted(_cells(shown, group), least)

    families = _cells([row for row in rows if row.key == FAMILY_SURVEY], lambda row: row.hood)
    return {
        "total": disclosure.shown(disclosure.total(_cells(shown, lambda row: 1).values()),
                                  least) or None,
        "neighbourhoods": disclosure.counted(hoods, least),
        # Every neighbourhood of the round not in the figures, also one where nobody answered:
        # which are named must not depend on who answered in a small group.
        "left_out": sorted({hood.id for hood in round_.neighbourhoods} - kept),
        "questionnaires": counted(lambda row: row.key),
        "languages": counted(lambda row: row.language),
        "modes": counted(lambda row: row.mode),
        "days": counted(lambda row: days[row.submitted_at]),
        "weeks": counted(lambda row: _week_of(days[row.submitted_at])),
        "families": disclosure.counted(families, least),
    }


def local_day(moment) -> date:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _week_of(day: date) -> date:
    """The Monday of the day's week: a long round is shown per week (fewer withheld days)."""
    return day - timedelta(days=day.weekday())


def answers_by_response(round_: Round, questionnaire: Questionnaire) -> dict[Any, dict]:
    """The typed answers of each response of the round to ``questionnaire`` (any version of
    its key), by response id: see :func:`response_answers`."""
    return {uuid_of(row[0]): answers for row, answers in response_answers(round_, questionnaire)}


def response_answers(round_: Round, questionnaire: Questionnaire) -> Iterator[tuple]:
    """(response row, typed answers) of each response of the round to ``questionnaire`` (any
    version of its key); the row is (id, neighbourhood id, questionnaire key, version,
    language, mode, moment), its id as the driver gives it (hex text on SQLite). Read from
    each response's cells (services/cells.py), one row per response, streamed, and the open
    answers' words from their answer rows (the only values cells do not hold). A key no
    longer asked is left out."""
    questions = {q.key: q for q in questionnaire.questions()}
    connection = db.session.connection()
    made = {str(rid): cells for rid, cells in cells_from_answers(db.session.scalars(
        response_ids(round_, questionnaire.key).where(Response.cells.is_(None))).all()).items()}
    texts = [key for key, question in questions.items() if question.column == "text"]
    words: dict[tuple, str | None] = {}  # (response id, question key) → the first words stored
    if texts:
        for rid, key, text in connection.execute(
                select(type_coerce(Answer.response_id, Unicode), Answer.question_key,
                       Answer.text)
                .join(Response, Response.id == Answer.response_id)
                .join(CollectionLink, CollectionLink.id == Response.link_id)
                .join(QuestionnaireVersion,
                      QuestionnaireVersion.id == Response.questionnaire_version_id)
                .where(CollectionLink.round_id == round_.id,
                       QuestionnaireVersion.key == questionnaire.key,
                       Answer.text.is_not(None)).order_by(Answer.id.desc())):
            words[rid, key] = text  # read last to first: the first one stays
    # Each distinct cell read and its value restored once (a round has a few hundred of them);
    # a response's answers are put together with as few new objects as it takes.
    read = _ReadCells(questions)
    for row in connection.execute(response_ids(
            round_, questionnaire.key, Filters(), type_coerce(Response.id, Unicode),
            CollectionLink.neighbourhood_id, QuestionnaireVersion.key,
            QuestionnaireVersion.version, Response.language, CollectionLink.mode,
            Response.submitted_at, Response.cells)):
        *fields, cells = row
        rid = fields[0]
        if cells is None:
            cells = made[str(uuid_of(rid))]
        answers: dict[str, Any] = {}
        # A question's "r" cell comes before its values (cells_of writes them so).
        for key, value, how in map(read.__getitem__, split_cells(cells)):
            if how is _SET:
                answers[key] = value
            elif how is _ADD:
                answers[key].append(value)
            else:
                answers[key] = []  # this response's own list of choices
        answers.pop(_NOT_ASKED, None)
        for key in texts:
            if answers.get(key) is _WORDS:
                answers[key] = words.get((rid, key))
        if None in answers.values():
            answers = {key: value for key, value in answers.items() if value is not None}
        yield tuple(fields), answers


_SET, _ADD, _LIST = "set", "add", "list"  # what a cell does to its answer
_NOT_ASKED = "\t"  # the key of cells about a question no longer asked (no key holds a tab)
_WORDS = object()  # an open answer, its words read apart


class _ReadCells(dict):
    """Cell → (question key, value, what it does): the "answered" cell starts the answer (a
    new list for several choices, "no" for a yes/no question, None until its value comes for
    the others), each value cell sets its typed value or adds it to the list."""

    def __init__(self, questions: dict):
        super().__init__()
        self.questions = questions

    def __missing__(self, cell: str) -> tuple[str, Any, str]:
        kind, key, value = read_cell(cell)
        question = self.questions.get(key)
        if question is None:
            found: tuple[str, Any, str] = (_NOT_ASKED, None, _SET)
        elif kind == "r":
            found = ((key, None, _LIST) if question.multiple else
                     (key, {"flag": False, "text": _WORDS}.get(question.column), _SET))
        else:
            value = question.restore(True if kind == "y" else value)
            found = (key, value, _ADD if question.multiple else _SET)
        self[cell] = found
        return found


def uuid_of(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


@dataclass
class Tally:
    """One question's answers as cells: those who answered it, per option, who said yes, per
    number given."""

    respondents: Cell = Cell()
    options: dict = field(default_factory=dict)
    yes: Cell = Cell()
    numbers: dict = field(default_factory=dict)

    def add(self, other: "Tally") -> None:
        self.respondents += other.respondents
        self.yes += other.yes
        for mine, theirs in ((self.options, other.options), (self.numbers, other.numbers)):
            for key, cell in theirs.items():
                mine[key] = mine.get(key, Cell()) + cell


@dataclass(frozen=True)
class Tallies:
    """A questionnaire's cells in the round (under filters): who answered, a tally per
    question, and the neighbourhoods left out because their group is too small to show."""

    respondents: Cell
    questions: dict[str, Tally]
    left_out: tuple[int, ...] = ()

    def __getitem__(self, key: str) -> Tally:
        return self.questions.get(key) or Tally()


def response_ids(round_: Round, questionnaire_key: str, filters: Filters = Filters(),
                 *columns):
    """The matching responses (their ids, or ``columns``), as a query the database filters."""
    query = (select(*(columns or (Response.id,)))
             .join(CollectionLink, CollectionLink.id == Response.link_id)
             .join(QuestionnaireVersion,
                   QuestionnaireVersion.id == Response.questionnaire_version_id)
             .where(CollectionLink.round_id == round_.id,
                    QuestionnaireVersion.key == questionnaire_key))
    if filters.neighbourhood_id:
        query = query.where(CollectionLink.neighbourhood_id == filters.neighbourhood_id)
    if filters.language:
        query = query.where(Response.language == filters.language)
    if filters.age_band:  # looked up per response of the round (its answers' unique index),
        # never over the answers of every round and network
        query = query.where(select(Answer.id).where(
            Answer.response_id == Response.id, Answer.question_key == AGE_QUESTION,
            Answer.option_key == filters.age_band).exists())
    return query


def filter_gives_away(round_: Round, key: str, filters: Filters) -> bool:
    """Whether a filter's result, set beside the result without one of its conditions, would
    show a group of 1–4 people by difference (e.g. all but the three Arabic-speaking families).
    Decided on the published (perturbed) respondents only, so that the refusal itself says
    nothing about anyone left out of the figures."""
    least = minimum()
    shown = disclosure.shown(tallies(round_, key, filters).respondents, least) or 0
    for condition in ("neighbourhood_id", "language", "age_band"):
        if getattr(filters, condition) is None:
            continue
        wider_filters = Filters(**{**filters.__dict__, condition: None})
        wider = disclosure.shown(tallies(round_, key, wider_filters).respondents, least) or 0
        if 0 < wider - shown < least:
            return True
    return False


def tallies(round_: Round, questionnaire: Questionnaire | str,
            filters: Filters = Filters()) -> Tallies:
    """The cells of a questionnaire's responses in the round. Counted once for each state of
    the questionnaire's answers in the round (services/kept.py) and kept by the app; the
    result is shared, so callers read it and never change it."""
    if isinstance(questionnaire, str):
        questionnaire = latest_questionnaire(round_, questionnaire)
    # The round's neighbourhoods too: those left out are named among them.
    key = (questionnaire.key, questionnaire.version, filters,
           tuple(sorted(hood.id for hood in round_.neighbourhoods)))
    return kept_per_state("participatie.tallies", round_.id, key,
                          lambda: _count_tallies(round_, questionnaire, filters),
                          questionnaire.key)


def _count_tallies(round_: Round, questionnaire: Questionnaire, filters: Filters) -> Tallies:
    """Per neighbourhood (:func:`_count_per_hood`), then over the neighbourhoods whose group
    is shown."""
    from .retention import is_purged, kept_tallies

    if is_purged(round_):  # its answers are gone: the cells kept when they were removed
        return kept_tallies(round_, questionnaire.key, filters)
    # A round's figures and each of its neighbourhoods' share one count; a narrower filter
    # (a language, an age band) is counted for the neighbourhood asked for alone.
    wide = filters if filters.language or filters.age_band else Filters()
    per_hood = kept_per_state(
        "participatie.tallies_per_hood", round_.id,
        (questionnaire.key, questionnaire.version, wide),
        lambda: _count_per_hood(round_, questionnaire, wide), questionnaire.key)
    hoods = {hood: cell for hood, cell in per_hood.respondents.items()
             if not filters.neighbourhood_id or hood == filters.neighbourhood_id}
    kept = disclosure.included(hoods, minimum())
    questions: dict[str, Tally] = defaultdict(Tally)
    for hood in kept:
        for text, counted in per_hood.cells.get(hood, {}).items():
            kind, qkey, value = read_cell(text)
            tally = questions[qkey]
            if kind == "r":
                tally.respondents += counted
            elif kind == "o":
                tally.options[value] = tally.options.get(value, Cell()) + counted
            elif kind == "n":
                tally.numbers[value] = tally.numbers.get(value, Cell()) + counted
            else:
                tally.yes += counted
    respondents = disclosure.total(cell for hood, cell in hoods.items() if hood in kept)
    # Every neighbourhood of the round (or the one filtered on) not in the figures, also one
    # where nobody matches the filter: which are named must not tell who is in a small group.
    asked = ([filters.neighbourhood_id] if filters.neighbourhood_id
             else [hood.id for hood in round_.neighbourhoods])
    left_out = tuple(sorted(hood for hood in asked if hood not in kept))
    return Tallies(respondents, dict(questions), left_out)


@dataclass(frozen=True)
class _PerHood:
    """A questionnaire's matching responses per neighbourhood: their cell, and each of their
    cells' cell (how many responses hold it, with their record keys)."""

    respondents: dict[Any, Cell]
    cells: dict[Any, dict[str, Cell]]


def _count_per_hood(round_: Round, questionnaire: Questionnaire, filters: Filters) -> _PerHood:
    """Added up from each matching response's cells (services/cells.py), read in one query."""
    hood_of = CollectionLink.neighbourhood_id
    found = db.session.execute(response_ids(
        round_, questionnaire.key, filters, hood_of, Response.record_key, Response.cells)).all()
    per_hood: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for hood, key, _cells in found:
        counts = per_hood[hood]
        counts[0] += 1
        counts[1] += key
    responses: Iterable[tuple] = found
    if any(cells is None for _hood, _key, cells in found):
        # responses stored before cells were kept: made from their answer rows
        missing = db.session.execute(response_ids(
            round_, questionnaire.key, filters, hood_of, Response.record_key, Response.id)
            .where(Response.cells.is_(None))).all()
        made = cells_from_answers([rid for _hood, _key, rid in missing])
        responses = [*found, *((hood, key, made[rid]) for hood, key, rid in missing)]
    return _PerHood(
        {hood: Cell.of(n, keys) for hood, (n, keys) in per_hood.items()},
        {hood: {cell: Cell.of(n, keys) for cell, (n, keys) in cells.items()}
         for hood, cells in count_cells(responses).items()})


def questionnaire_titles(round_: Round) -> dict[str, Any]:
    """Each questionnaire's title (in every language) by its key, for the screens."""
    return {key: latest_questionnaire(round_, key).title
            for key in {v.key for v in round_.questionnaire_versions}}


def latest_questionnaire(round_: Round, key: str) -> Questionnaire:
    versions = [v for v in round_.questionnaire_versions if v.key == key]
    return max(versions, key=lambda v: v.version).questionnaire


def cells_of(question, tally: Tally) -> dict:
    """The cells a question's summary is made of: per option, per number, or yes."""
    if question.summary in ("ordinal", "numeric"):
        return {int(k) if float(k).is_integer() else k: cell
                for k, cell in tally.numbers.items()}
    return {True: tally.yes} if question.summary == "binary" else tally.options


def summary_of(question, tally: Tally, least: int) -> Summary:
    return disclosure.summary(question.summary, tally.respondents, cells_of(question, tally),
                              least)


@dataclass(frozen=True)
class Results:
    """A questionnaire's published results: respondents (0: too few to show), a summary per
    question, and the neighbourhoods left out as too small."""

    respondents: int
    summaries: dict[str, Summary]
    left_out: tuple[int, ...] = ()


def summaries(round_: Round, version: QuestionnaireVersion,
              filters: Filters = Filters()) -> Results:
    """The published summary of each question of a questionnaire's responses in the round."""
    found = tallies(round_, version.questionnaire, filters)
    least = minimum()
    return Results(disclosure.shown(found.respondents, least) or 0,
                   {question.key: summary_of(question, found[question.key], least)
                    for question in version.questionnaire.questions()},
                   found.left_out)
