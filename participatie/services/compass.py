"""Place Standard ratings gathered into compasses: per session, per neighbourhood and round.

Adults (and young people 12+) rate 1–7; children answer with three faces, shown on a compass of
their own with the faces at 1, 4 and 7. A neighbourhood's compass is published through the
disclosure layer (:mod:`analysis.disclosure`: perturbed counts per score, a dimension withheld when
too few rated it); a group session's own compass is the room's, unperturbed, and the live screen
moves in whole steps of ``MIN_GROUP_SIZE`` people.
"""

from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from analysis import disclosure
from analysis.disclosure import Cell
from analysis.stats import Summary

from ..extensions import db
from ..labels import DIMENSION_LABELS
from ..models import (
    Answer,
    CollectionLink,
    KeptCell,
    PurgedRound,
    QuestionnaireVersion,
    Response,
)
from .kept import kept_per_state

DIMENSIONS = tuple(DIMENSION_LABELS)
ADULTS, CHILDREN = "place-standard", "place-standard-children"
FACES_ON_THE_SCALE = {1: 1, 2: 4, 3: 7}  # the children's faces, placed on the 1–7 compass


@dataclass(frozen=True)
class Compass:
    """One compass: who rated (``respondents``, as shown) and a summary per dimension (some
    withheld)."""

    questionnaire: str
    respondents: int
    scores: dict[str, Summary]

    def medians(self) -> dict[str, float | None]:
        return {dimension: None if s.suppressed else s.values["median"]
                for dimension, s in self.scores.items()}

    def spreads(self) -> dict[str, tuple[float, float]]:
        return {dimension: (s.values["q1"], s.values["q3"])
                for dimension, s in self.scores.items() if not s.suppressed}

    @property
    def shown(self) -> bool:
        return any(not s.suppressed for s in self.scores.values())


def _on_the_scale(questionnaire: str, number: float) -> int:
    value = int(number)
    return FACES_ON_THE_SCALE[value] if questionnaire == CHILDREN else value


def _matching(questionnaire: str, *conditions):
    return (select(Answer.response_id, Answer.question_key, Answer.number, Response.record_key)
            .join(Response, Response.id == Answer.response_id)
            .join(CollectionLink, CollectionLink.id == Response.link_id)
            .join(QuestionnaireVersion,
                  QuestionnaireVersion.id == Response.questionnaire_version_id)
            .where(QuestionnaireVersion.key == questionnaire, Answer.question_key.in_(DIMENSIONS),
                   *conditions))


def ratings(questionnaire: str, *conditions) -> tuple[int, dict[str, list[int]]]:
    """(respondents, ratings per dimension) of one questionnaire's responses matching
    ``conditions`` (on CollectionLink or Response): the room's own figures, unperturbed."""
    rows = db.session.execute(_matching(questionnaire, *conditions)).all()
    per_dimension: dict[str, list[int]] = {dimension: [] for dimension in DIMENSIONS}
    for _response, dimension, number, _key in rows:
        per_dimension[dimension].append(_on_the_scale(questionnaire, number))
    return len({row[0] for row in rows}), per_dimension


def compass(questionnaire: str, *conditions) -> Compass:
    """The published compass of the matching ratings: counted per dimension and score by the
    database, perturbed and withheld by the disclosure layer."""
    matching = _matching(questionnaire, *conditions).subquery()
    cells: dict[str, dict[int, Cell]] = defaultdict(dict)
    for dimension, number, n, keys in db.session.execute(
            select(matching.c.question_key, matching.c.number, func.count(),
                   func.sum(matching.c.record_key))
            .group_by(matching.c.question_key, matching.c.number)):
        value = _on_the_scale(questionnaire, number)
        cells[dimension][value] = cells[dimension].get(value, Cell()) + Cell.of(n, keys)
    people = select(matching.c.response_id, matching.c.record_key).distinct().subquery()
    n, keys = db.session.execute(select(func.count(), func.sum(people.c.record_key))).one()
    return _published(questionnaire, Cell.of(n, keys), cells)


def _published(questionnaire: str, people: Cell, cells: dict[str, dict[int, Cell]]) -> Compass:
    least = current_app.config["MIN_GROUP_SIZE"]
    scores = {dimension: disclosure.summary(
                  "place_standard", disclosure.total(cells[dimension].values()), cells[dimension],
                  least)
              for dimension in DIMENSIONS}
    return Compass(questionnaire, disclosure.shown(people, least) or 0, scores)


def _kept_compass(round_id: int, neighbourhood_id: int, questionnaire: str) -> Compass:
    """A purged round's compass from the cells kept at its purge (the same cells: the same
    perturbed figures). Who rated is the neighbourhood's respondents of the questionnaire."""
    cells: dict[str, dict[int, Cell]] = defaultdict(dict)
    people = Cell()
    for row in db.session.scalars(select(KeptCell).where(
            KeptCell.round_id == round_id, KeptCell.questionnaire_key == questionnaire,
            KeptCell.neighbourhood_id == neighbourhood_id)):
        if row.kind == "hood":
            people = Cell.of(row.count, row.key_sum)
        elif row.kind == "number" and row.question_key in DIMENSIONS:
            value = _on_the_scale(questionnaire, float(row.value or 0))
            found = cells[row.question_key]
            found[value] = found.get(value, Cell()) + Cell.of(row.count, row.key_sum)
    return _published(questionnaire, people, cells)


def room_compass(questionnaire: str, *conditions, step: int | None = None) -> Compass:
    """A group session's compass, unperturbed. With ``step``, only whole steps of that many
    people count (5, 10, 15 …): on a live screen, a figure that moves with one person's
    rating would tell the room what the person who just put down their phone thought."""
    if step:
        # In the order they came in: a response's first answer row was written with it.
        ids = db.session.scalars(
            select(Response.id).join(CollectionLink, CollectionLink.id == Response.link_id)
            .join(QuestionnaireVersion,
                  QuestionnaireVersion.id == Response.questionnaire_version_id)
            .join(Answer, Answer.response_id == Response.id)
            .where(QuestionnaireVersion.key == questionnaire, *conditions)
            .group_by(Response.id).order_by(func.min(Answer.id))).all()
        conditions = (*conditions, Response.id.in_(disclosure.in_steps(ids, step)))
    respondents, per_dimension = ratings(questionnaire, *conditions)
    minimum = current_app.config["MIN_GROUP_SIZE"]
    return Compass(questionnaire, respondents, disclosure.in_the_room(per_dimension, minimum))


def session_compasses(session, live: bool = False) -> dict[str, Compass]:
    """The adults' and the children's compass of one group session's individual ratings;
    ``live``: in steps of the minimum group, as every page of the session shows them (the
    projected one, the facilitator's and the results): an exact figure on one of them would
    tell, beside the live screen, what the last person to rate thought."""
    step = current_app.config["MIN_GROUP_SIZE"] if live else None
    return {kind: room_compass(kind, CollectionLink.session_id == session.id, step=step)
            for kind in (ADULTS, CHILDREN)}


def area_compass(round_id: int, neighbourhood_id: int, questionnaire: str = ADULTS) -> Compass:
    """All individual ratings of a neighbourhood in a round (sessions, tablets, paper alike),
    counted once per state of the round's ratings (services/kept.py)."""
    if db.session.get(PurgedRound, round_id) is not None:
        return _kept_compass(round_id, neighbourhood_id, questionnaire)
    return kept_per_state(
        "participatie.compass", round_id, (neighbourhood_id, questionnaire),
        lambda: compass(questionnaire, CollectionLink.round_id == round_id,
                        CollectionLink.neighbourhood_id == neighbourhood_id), questionnaire)
