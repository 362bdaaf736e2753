"""Retention: a round's row-level answers and open texts are removed a network's number of
months after the round closes (``participatie purge``, from cron). What was published stays
as it was: the question x neighbourhood cells (counts with their record-key sums, so every
perturbed figure is the same after the purge) are kept; the responses stay as bare rows (who
took part, per neighbourhood, for reach) without a single answer. A purged round offers no
other filter than the neighbourhood. Its theme analyses, the vectors stored for its answers,
and the codebook examples copied from them are removed with the answers."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update

from analysis import disclosure
from analysis.disclosure import Cell

from ..extensions import db
from ..models import (
    Answer,
    AnswerEmbedding,
    CodebookEntry,
    Coding,
    CollectionLink,
    FoundTheme,
    KeptCell,
    KeptThemeCell,
    Network,
    NetworkRetention,
    PurgedRound,
    QuestionnaireVersion,
    Response,
    Round,
    ThemeAnalysis,
)
from ..models.base import utcnow
from ..models.retention import DEFAULT_MONTHS
from .audit import record


def months_kept(network: Network) -> int:
    policy = db.session.get(NetworkRetention, network.id)
    return policy.months if policy else DEFAULT_MONTHS


def set_months_kept(network: Network, months: int) -> None:
    if not 1 <= months <= 240:
        raise ValueError("between 1 and 240 months")
    policy = db.session.get(NetworkRetention, network.id)
    if policy is None:
        policy = NetworkRetention(network_id=network.id)
        db.session.add(policy)
    policy.months = months
    db.session.commit()


def closed_on(round_: Round) -> date | None:
    """The day the round closed: closed by hand, else its closing date (None: still open)."""
    if round_.closed_at is not None:
        return round_.closed_at.date()
    return round_.closes_on


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31,
            30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(day.day, days))


@dataclass(frozen=True)
class Due:
    round: Round
    on: date | None  # None: the round is still open
    answers: int  # answer rows that will be removed
    texts: int  # of which open texts
    purged: bool


def schedule(network: Network) -> list[Due]:
    """Each round of the network: when its answers will be removed, and how many."""
    months = months_kept(network)
    found = []
    for round_ in sorted(network.rounds, key=lambda r: (closed_on(r) or date.max, r.id)):
        closed = closed_on(round_)
        answers, texts = db.session.execute(
            select(func.count(Answer.id), func.count(Answer.text))
            .join(Response, Response.id == Answer.response_id)
            .join(CollectionLink, CollectionLink.id == Response.link_id)
            .where(CollectionLink.round_id == round_.id)).one()
        found.append(Due(round_, add_months(closed, months) if closed else None, answers,
                         texts, db.session.get(PurgedRound, round_.id) is not None))
    return found


def purge(today: date | None = None, dry_run: bool = False) -> list[Due]:
    """Remove the answers of every round whose time is up (all networks). Returns what was
    (or, with ``dry_run``, would be) removed."""
    today = today or utcnow().date()
    done = []
    for network in db.session.scalars(select(Network).order_by(Network.key)):
        for due in schedule(network):
            if due.purged or due.on is None or due.on > today:
                continue
            if not dry_run:
                purge_round(due.round)
            done.append(due)
    return done


def request_purge(round_: Round, user_id: int | None, runner: str | None = None) -> bool:
    """A person asked to remove a round's answers now (its time is up): a job, as every slow
    one (procrastinate on PostgreSQL, a thread on SQLite; ``"inline"`` runs it here). False
    when its time is not up, or it was purged already."""
    from . import jobs

    due = next((d for d in schedule(round_.network) if d.round.id == round_.id), None)
    if due is None or due.purged or due.on is None or due.on > utcnow().date():
        return False
    chosen = runner or jobs.runner()
    if chosen == "queue":
        jobs.defer(jobs.PURGE_TASK, f"purge-{round_.id}", round_id=round_.id, user_id=user_id)
    elif chosen == "thread":
        jobs.in_thread(purge_round_by_id, round_.id, user_id)
    else:
        purge_round_by_id(round_.id, user_id)
    return True


def purge_round_by_id(round_id: int, user_id: int | None = None) -> int:
    """The purge job: a round purged meanwhile (twice asked, cron as well) is left as it is."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or is_purged(round_):
        return 0
    return purge_round(round_, user_id)


def _round_responses(round_: Round, *columns):
    return (select(*columns).select_from(Response)
            .join(CollectionLink, CollectionLink.id == Response.link_id)
            .join(QuestionnaireVersion,
                  QuestionnaireVersion.id == Response.questionnaire_version_id)
            .where(CollectionLink.round_id == round_.id))


def purge_round(round_: Round, user_id: int | None = None) -> int:
    """Keep the round's published cells, then remove its answers and all that was made of
    their words; one transaction. Returns how many answer rows were removed."""
    _keep_cells(round_)
    answer_ids = (select(Answer.id).join(Response, Response.id == Answer.response_id)
                  .join(CollectionLink, CollectionLink.id == Response.link_id)
                  .where(CollectionLink.round_id == round_.id))
    texts = {" ".join((t or "").split()) for t in db.session.scalars(
        select(Answer.text).where(Answer.id.in_(answer_ids), Answer.text.is_not(None)))}
    for entry in db.session.scalars(select(CodebookEntry).where(
            CodebookEntry.network_id == round_.network_id)):
        if any(p in texts for phrases in entry.examples.values() for p in phrases):
            entry.examples = {lang: [p for p in phrases if p not in texts]
                              for lang, phrases in entry.examples.items()}
    analyses = select(ThemeAnalysis.id).where(ThemeAnalysis.round_id == round_.id)
    _keep_theme_cells(round_)
    db.session.execute(delete(AnswerEmbedding).where(AnswerEmbedding.answer_id.in_(answer_ids)))
    db.session.execute(delete(Coding).where(Coding.answer_id.in_(answer_ids)))
    db.session.execute(delete(Coding).where(Coding.analysis_id.in_(analyses)))
    # Themes found but never finished (a job stopped half-way) were never published.
    unfinished = select(ThemeAnalysis.id).where(ThemeAnalysis.round_id == round_.id,
                                                ThemeAnalysis.finished_at.is_(None))
    db.session.execute(delete(FoundTheme).where(FoundTheme.analysis_id.in_(unfinished)))
    db.session.execute(delete(ThemeAnalysis).where(ThemeAnalysis.id.in_(unfinished)))
    removed = db.session.scalar(select(func.count()).select_from(answer_ids.subquery())) or 0
    db.session.execute(delete(Answer).where(Answer.id.in_(answer_ids.scalar_subquery())))
    db.session.execute(update(Response).where(Response.link_id.in_(
        select(CollectionLink.id).where(CollectionLink.round_id == round_.id))).values(cells=None))
    db.session.add(PurgedRound(round_id=round_.id, answers=removed))
    round_.answers_version += 1  # the figures counted before are counted again
    record("purge", round_.network_id, round_.id, removed, user_id=user_id, commit=False)
    db.session.commit()
    return removed


def _keep_cells(round_: Round) -> None:
    """The cells the figures are made of, per questionnaire and neighbourhood."""
    hood, qkey = CollectionLink.neighbourhood_id, QuestionnaireVersion.key
    cells: list[KeptCell] = []

    def add(key, hood_id, question, kind, value, n, keys):
        cells.append(KeptCell(round_id=round_.id, questionnaire_key=key,
                              neighbourhood_id=hood_id, question_key=question, kind=kind,
                              value=value, count=n, key_sum=int(keys or 0)))

    for key, hood_id, n, keys in db.session.execute(_round_responses(
            round_, qkey, hood, func.count(), func.sum(Response.record_key))
            .group_by(qkey, hood)):
        add(key, hood_id, None, "hood", None, n, keys)
    answers = _round_responses(round_, qkey, hood, Answer.question_key, Answer.option_key,
                               Answer.flag, Answer.number, func.count(),
                               func.sum(Response.record_key)).join(
        Answer, Answer.response_id == Response.id).group_by(
        qkey, hood, Answer.question_key, Answer.option_key, Answer.flag, Answer.number)
    for key, hood_id, question, option, flag, number, n, keys in db.session.execute(answers):
        if option is not None:
            add(key, hood_id, question, "option", option, n, keys)
        elif number is not None:
            add(key, hood_id, question, "number", repr(float(number)), n, keys)
        elif flag:
            add(key, hood_id, question, "yes", None, n, keys)
    answered = _round_responses(round_, qkey, hood, Answer.question_key, Response.id,
                                Response.record_key).join(
        Answer, Answer.response_id == Response.id).distinct().subquery()
    for key, hood_id, question, n, keys in db.session.execute(
            select(answered.c.key, answered.c.neighbourhood_id, answered.c.question_key,
                   func.count(), func.sum(answered.c.record_key))
            .group_by(answered.c.key, answered.c.neighbourhood_id, answered.c.question_key)):
        add(key, hood_id, question, "respondents", None, n, keys)
    db.session.add_all(cells)
    db.session.flush()


def _keep_theme_cells(round_: Round) -> None:
    """The published theme sizes of each finished analysis, per neighbourhood (with their
    record keys' sums): the theme tables of a purged round are these."""
    from .themes.tables import theme_cells

    for analysis in db.session.scalars(select(ThemeAnalysis).where(
            ThemeAnalysis.round_id == round_.id, ThemeAnalysis.finished_at.is_not(None))):
        db.session.add_all(
            KeptThemeCell(analysis_id=analysis.id, theme_id=theme_id, neighbourhood_id=hood,
                          count=cell.count, key_sum=cell.key)
            for hood, themes in theme_cells(analysis).items()
            for theme_id, cell in themes.items())
    db.session.flush()


def kept_theme_cells(analysis_id: int) -> dict[Any, dict[int | None, Cell]]:
    """A purged round's theme cells, as ``theme_cells`` counted them before the purge."""
    found: dict[Any, dict[int | None, Cell]] = {}
    for row in db.session.scalars(select(KeptThemeCell).where(
            KeptThemeCell.analysis_id == analysis_id)):
        found.setdefault(row.neighbourhood_id, {})[row.theme_id] = Cell.of(row.count,
                                                                           row.key_sum)
    return found


def is_purged(round_: Round) -> bool:
    return db.session.get(PurgedRound, round_.id) is not None


def kept_tallies(round_: Round, questionnaire_key: str, filters: Any):
    """A purged round's tallies from its kept cells, as ``results`` counts them from the
    answers (the same neighbourhoods left out, the same cells): only the neighbourhood
    filter is offered."""
    from .results import Tallies, Tally, minimum

    if filters.language or filters.age_band:
        return Tallies(Cell(), {}, ())
    rows = list(db.session.scalars(select(KeptCell).where(
        KeptCell.round_id == round_.id, KeptCell.questionnaire_key == questionnaire_key)))
    if filters.neighbourhood_id:
        rows = [r for r in rows if r.neighbourhood_id == filters.neighbourhood_id]
    hoods: dict[Any, Cell] = {}
    per_hood: dict[Any, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for row in rows:
        cell = Cell.of(row.count, row.key_sum)
        if row.kind == "hood":
            hoods[row.neighbourhood_id] = cell
            continue
        tally = per_hood[row.neighbourhood_id][row.question_key or ""]
        if row.kind == "option":
            tally.options[row.value] = tally.options.get(row.value, Cell()) + cell
        elif row.kind == "number":
            number = float(row.value or 0)
            tally.numbers[number] = tally.numbers.get(number, Cell()) + cell
        elif row.kind == "yes":
            tally.yes += cell
        else:
            tally.respondents += cell
    kept = disclosure.included(hoods, minimum())
    questions: dict[str, Tally] = defaultdict(Tally)
    for hood_id in kept:
        for key, tally in per_hood.get(hood_id, {}).items():
            questions[key].add(tally)
    asked = ([filters.neighbourhood_id] if filters.neighbourhood_id
             else [hood.id for hood in round_.neighbourhoods])
    left_out = tuple(sorted(hood for hood in asked if hood not in kept))
    return Tallies(disclosure.total(hoods[h] for h in kept), dict(questions), left_out)
