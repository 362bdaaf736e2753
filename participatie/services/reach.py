"""Who we do not reach: a round's family-survey answers in a neighbourhood against the
neighbourhood's families, per children's age band and home language (:mod:`.population`),
per way of answering, and in the network's earlier rounds.

The database counts cells (how many answers, and the sum of their record keys) per way of
answering, question and option; every count shown is published by :mod:`analysis.disclosure`
(perturbed, withheld under ``MIN_GROUP_SIZE``) and the shares and intervals are made from the
published counts only (:mod:`analysis.reach`)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_percent, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis import disclosure
from analysis.disclosure import Cell
from analysis.reach import Representation, representation

from ..extensions import db
from ..models import (
    Answer,
    CollectionLink,
    KeptCell,
    Neighbourhood,
    PurgedRound,
    QuestionnaireVersion,
    Response,
    Round,
)
from ..models.population import NOT_DUTCH
from ..vocabulary import AGE_QUESTION, FAMILY_SURVEY
from .compare import earlier_rounds
from .population import Share, group_label, shares
from .results import minimum

LANGUAGE_QUESTION = "home_languages"
QUESTIONS = {"age_band": AGE_QUESTION, "home_language": LANGUAGE_QUESTION}
EARLIER_ROUNDS = 3  # compared with at most this many earlier rounds
ALL = "all"  # every way of answering together


@dataclass(frozen=True)
class GroupReach:
    share: Share
    figure: Representation | None  # None: too few answers to compare

    @property
    def key(self) -> tuple[str, str]:
        return self.share.dimension, self.share.group


@dataclass
class Reach:
    """One round in one neighbourhood: answers shown (0: too few), each group's
    representation, per way of answering too."""

    round: Round
    neighbourhood: Neighbourhood
    respondents: int
    groups: list[GroupReach] = field(default_factory=list)
    modes: dict[str, dict[tuple[str, str], Representation | None]] = field(default_factory=dict)
    mode_respondents: dict[str, int] = field(default_factory=dict)

    def under_reached(self) -> list[GroupReach]:
        return [g for g in self.groups if g.figure and g.figure.under_reached]


def _kept_cells(round_: Round, neighbourhood: Neighbourhood):
    """:func:`_cells` of a purged round, from the cells kept at its purge: the same figures
    for the neighbourhood as a whole; the ways of answering were not kept apart (mode None)."""
    people: dict[Any, Cell] = {}
    options: dict[tuple, Cell] = {}
    respondents: dict[tuple, Cell] = {}
    for row in db.session.scalars(select(KeptCell).where(
            KeptCell.round_id == round_.id, KeptCell.questionnaire_key == FAMILY_SURVEY,
            KeptCell.neighbourhood_id == neighbourhood.id)):
        cell = Cell.of(row.count, row.key_sum)
        if row.kind == "hood":
            people[None] = cell
        elif row.kind == "option" and row.question_key in QUESTIONS.values():
            options[(None, row.question_key, row.value)] = cell
        elif row.kind == "respondents" and row.question_key in QUESTIONS.values():
            respondents[(None, row.question_key)] = cell
    return people, options, respondents


def _cells(round_: Round, neighbourhood: Neighbourhood):
    """Cells of the family survey's age and language answers in the neighbourhood, per way of
    answering: (mode, question, option) and (mode, question) for those who answered, and per
    mode everyone who sent the survey."""
    if db.session.get(PurgedRound, round_.id) is not None:
        return _kept_cells(round_, neighbourhood)
    base = (select(Response.id, Response.record_key, CollectionLink.mode)
            .join(CollectionLink, CollectionLink.id == Response.link_id)
            .join(QuestionnaireVersion,
                  QuestionnaireVersion.id == Response.questionnaire_version_id)
            .where(CollectionLink.round_id == round_.id,
                   CollectionLink.neighbourhood_id == neighbourhood.id,
                   QuestionnaireVersion.key == FAMILY_SURVEY)).subquery()
    people = {mode: Cell.of(n, keys) for mode, n, keys in db.session.execute(
        select(base.c.mode, func.count(), func.sum(base.c.record_key)).group_by(base.c.mode))}
    options: dict[tuple, Cell] = {}
    for mode, question, option, n, keys in db.session.execute(
            select(base.c.mode, Answer.question_key, Answer.option_key, func.count(),
                   func.sum(base.c.record_key))
            .join(base, base.c.id == Answer.response_id)
            .where(Answer.question_key.in_(QUESTIONS.values()))
            .group_by(base.c.mode, Answer.question_key, Answer.option_key)):
        options[(mode, question, option)] = Cell.of(n, keys)
    answered = (select(base.c.mode, Answer.question_key, Answer.response_id, base.c.record_key)
                .join(base, base.c.id == Answer.response_id)
                .where(Answer.question_key.in_(QUESTIONS.values())).distinct().subquery())
    respondents = {(mode, question): Cell.of(n, keys) for mode, question, n, keys in
                   db.session.execute(
                       select(answered.c.mode, answered.c.question_key, func.count(),
                              func.sum(answered.c.record_key))
                       .group_by(answered.c.mode, answered.c.question_key))}
    return people, options, respondents


def _summed(cells: dict[tuple, Cell], modes) -> dict[tuple, Cell]:
    """Cells of the chosen ways of answering added up, keyed without the mode."""
    found: dict[tuple, Cell] = defaultdict(Cell)
    for (mode, *rest), cell in cells.items():
        if mode in modes:
            found[tuple(rest)] += cell
    return found


def _represented(population: list[Share], options: dict, respondents: dict,
                 least: int) -> dict[tuple[str, str], Representation | None]:
    found = {}
    for share in population:
        question = QUESTIONS[share.dimension]
        of = respondents.get((question,), Cell())
        if share.group == NOT_DUTCH:  # those who answered without choosing Dutch
            cell = of - options.get((question, "nl"), Cell())
        else:
            cell = options.get((question, share.group), Cell())
        n = disclosure.shown(of, least)
        found[(share.dimension, share.group)] = (
            representation(disclosure.shown(cell, least), n, share.share, least) if n else None)
    return found


def reach(round_: Round, neighbourhood: Neighbourhood) -> Reach:
    """The neighbourhood's reach in the round. Ways of answering with too few answers to show
    are left out of the per-mode figures (but counted in the neighbourhood's)."""
    least = minimum()
    population = shares(neighbourhood)
    people, options, respondents = _cells(round_, neighbourhood)
    everyone = disclosure.shown(disclosure.total(people.values()), least) or 0
    found = Reach(round_, neighbourhood, everyone)
    if not everyone:
        return found
    modes = set(people)
    overall = _represented(population, _summed(options, modes), _summed(respondents, modes),
                           least)
    found.groups = [GroupReach(share, overall[(share.dimension, share.group)])
                    for share in population]
    for mode in sorted(mode for mode in modes if mode is not None):  # None: a purged round's
        shown = disclosure.shown(people[mode], least)
        if not shown:
            continue
        found.mode_respondents[mode] = shown
        found.modes[mode] = _represented(population, _summed(options, {mode}),
                                         _summed(respondents, {mode}), least)
    return found


def history(round_: Round, neighbourhood: Neighbourhood) -> list[Reach]:
    """The same neighbourhood in the network's earlier rounds that asked it (latest first),
    against today's population figures."""
    earlier = [r for r in earlier_rounds(round_.network, round_)
               if neighbourhood in r.neighbourhoods][:EARLIER_ROUNDS]
    return [reach(r, neighbourhood) for r in earlier]


def percent(value: float) -> str:
    return format_percent(value, "#,##0%")


def sentence(group: GroupReach) -> str:
    """"Families who speak Arabic at home: about 30% of families here, 12% of answers.\""""
    figure = group.figure
    assert figure is not None
    who = group_label(group.share.dimension, group.share.group)
    if figure.count is None:
        return ngettext("%(who)s: about %(population)s of families here, fewer than %(least)s "
                        "of %(num)s answer.", "%(who)s: about %(population)s of families here, "
                        "fewer than %(least)s of %(num)s answers.", figure.n, who=who,
                        population=percent(figure.population), least=minimum())
    if figure.count == 0:
        return _("%(who)s: about %(population)s of families here, no answers.", who=who,
                 population=percent(figure.population))
    return _("%(who)s: about %(population)s of families here, %(answers)s of answers.",
             who=who, population=percent(figure.population),
             answers=percent(figure.answers or 0.0))
