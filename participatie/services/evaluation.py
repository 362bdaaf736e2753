"""The partners' self-evaluation on the eight building blocks (DOMAIN.md, WAVE2.md "The
network's own work"). A coordinator starts an evaluation of the network ("najaar 2026"): every
partner gets an entry with its own secret link; a partner fills all eight blocks on one page
(where are we now, where do we want to be, 1 to 5, and the next step). The network's view shows
per block the spread across partners by name, now against goal, and the change since the
previous evaluation, beside which partner takes up which essential function.

These are organisations' ratings, not families' answers: they are shown by partner name and do
not go through the disclosure layer."""

import secrets
from dataclasses import dataclass
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Network, PartnerEvaluation, PartnerEvaluationEntry
from ..models.base import utcnow
from ..questionnaire import Questionnaire
from ..questionnaire.types import AnswerError
from ..vocabulary import BUILDING_BLOCKS, ESSENTIAL_FUNCTIONS
from .questionnaires import find_version

QUESTIONNAIRE = "partner-evaluation"
PARTS = ("now", "goal", "next")


class EvaluationError(ValueError):
    """Input that cannot be stored; nothing was stored."""


def network_evaluations(network: Network) -> list[PartnerEvaluation]:
    """The network's evaluations, the newest first."""
    return list(db.session.scalars(
        select(PartnerEvaluation).where(PartnerEvaluation.network_id == network.id)
        .order_by(PartnerEvaluation.created_at.desc(), PartnerEvaluation.id.desc())))


def start_evaluation(network: Network, name: str, when=None) -> PartnerEvaluation:
    """A new evaluation with one entry (one secret link) per partner of the network."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise EvaluationError(_("Give the evaluation a name of at most 200 characters."))
    if any(e.name == name for e in network_evaluations(network)):
        raise EvaluationError(_("This network already has an evaluation with this name."))
    if not network.partners:
        raise EvaluationError(_("Add the network's partners in the administration first."))
    version = find_version(QUESTIONNAIRE)
    if version is None:
        raise EvaluationError(_("The self-evaluation questionnaire is not loaded."))
    evaluation = PartnerEvaluation(network=network, name=name, questionnaire_version=version,
                                   created_at=when or utcnow())
    evaluation.entries = [
        PartnerEvaluationEntry(partner=partner, partner_name=partner.name,
                               token=secrets.token_urlsafe(24), answers={})
        for partner in network.partners]
    db.session.add(evaluation)
    db.session.commit()
    return evaluation


def entry_by_token(token: str) -> PartnerEvaluationEntry | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(PartnerEvaluationEntry)
                             .where(PartnerEvaluationEntry.token == token))


def definition(evaluation: PartnerEvaluation) -> Questionnaire:
    return evaluation.questionnaire_version.questionnaire


def save_entry(entry: PartnerEvaluationEntry, form, when=None) -> dict[str, str]:
    """Store a partner's answers from a submitted form (a werkzeug MultiDict). Returns the
    errors by question key; with any error nothing is stored."""
    answers, errors = {}, {}
    for question in definition(entry.evaluation).questions():
        value = question.form_value(form)
        if question.is_empty(value):
            if question.required:
                errors[question.key] = _("Choose a number from 1 to 5.")
            continue
        try:
            answers[question.key] = question.clean(value)
        except AnswerError as error:
            errors[question.key] = str(error)
    if errors:
        return errors
    entry.answers = answers
    entry.submitted_at = when or utcnow()
    db.session.commit()
    return {}


@dataclass(frozen=True)
class PartnerScore:
    name: str
    now: int
    goal: int
    next_step: str


@dataclass(frozen=True)
class BlockView:
    key: str
    scores: tuple[PartnerScore, ...]  # filled entries, by partner name
    now: float | None  # medians across partners
    goal: float | None
    previous_now: float | None  # the previous evaluation's median "now"

    @property
    def change(self) -> float | None:
        if self.now is None or self.previous_now is None:
            return None
        return self.now - self.previous_now


def _scores(evaluation: PartnerEvaluation, block: str) -> list[PartnerScore]:
    return [PartnerScore(e.partner_name, e.answers[f"{block}_now"], e.answers[f"{block}_goal"],
                         e.answers.get(f"{block}_next", ""))
            for e in evaluation.entries
            if e.submitted_at is not None and f"{block}_now" in e.answers]


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None


def blocks(evaluation: PartnerEvaluation,
           previous: PartnerEvaluation | None = None) -> list[BlockView]:
    """Per building block: each partner's now and goal, the medians, and the change of the
    median "now" since ``previous``."""
    views = []
    for block in BUILDING_BLOCKS:
        scores = _scores(evaluation, block)
        before = _scores(previous, block) if previous is not None else []
        views.append(BlockView(block, tuple(scores), _median([s.now for s in scores]),
                               _median([s.goal for s in scores]),
                               _median([s.now for s in before])))
    return views


def previous_of(evaluation: PartnerEvaluation) -> PartnerEvaluation | None:
    """The evaluation of the same network before this one."""
    older = [e for e in network_evaluations(evaluation.network)
             if (e.created_at, e.id) < (evaluation.created_at, evaluation.id)]
    return older[0] if older else None


def function_map(network: Network) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Which partner takes up which of the seven essential functions, and the functions no
    partner takes up (the gaps), in the framework's order."""
    rows = [(p.name, [f for f in ESSENTIAL_FUNCTIONS if f in p.functions])
            for p in network.partners]
    taken = {f for _name, functions in rows for f in functions}
    return rows, [f for f in ESSENTIAL_FUNCTIONS if f not in taken]
