"""A neighbourhood's population figures for reach: families per children's age band and per
home language (or only the share of families not speaking Dutch at home), entered in admin."""

import logging
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from analysis.reach import population_share

from ..extensions import db
from ..labels import AGE_BAND_LABELS
from ..models import Neighbourhood, PopulationFigure
from ..models.base import utcnow
from ..models.population import NOT_DUTCH

log = logging.getLogger(__name__)

# The home languages of the family survey's question (DOMAIN.md's keys), Dutch first.
HOME_LANGUAGE_LABELS = {
    "nl": _l("Dutch"),
    "fr": _l("French"),
    "en": _l("English"),
    "ar": _l("Arabic"),
    "ber": _l("Berber (Tamazight)"),
    "tr": _l("Turkish"),
    "pl": _l("Polish"),
    "ro": _l("Romanian"),
    "other": _l("another language"),
}
GROUPS = {
    "age_band": tuple(AGE_BAND_LABELS),
    "home_language": (*HOME_LANGUAGE_LABELS, NOT_DUTCH),
}


class PopulationError(ValueError):
    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field, self.message = field, message


@dataclass(frozen=True)
class Entry:
    """One group's figure as entered: a number of families or a percentage (one of them)."""

    dimension: str
    group: str
    families: int | None = None
    percent: float | None = None


@dataclass(frozen=True)
class Share:
    """A group's share of the neighbourhood's families (0–1), and where the figure is from."""

    dimension: str
    group: str
    share: float
    families: int | None
    source: str


def figures_of(neighbourhood: Neighbourhood) -> dict[tuple[str, str], PopulationFigure]:
    found = db.session.scalars(select(PopulationFigure).where(
        PopulationFigure.neighbourhood_id == neighbourhood.id))
    return {(f.dimension, f.group): f for f in found}


def save_population(neighbourhood: Neighbourhood, total: int | None, entries: list[Entry],
                    source: str) -> None:
    """Replace the neighbourhood's figures with ``entries`` (and its number of families).
    Checked first: nothing is stored when one figure is wrong."""
    for entry in entries:
        if entry.group not in GROUPS.get(entry.dimension, ()):
            raise PopulationError(entry.group, _l("Unknown group."))
        if (entry.families is None) == (entry.percent is None):
            raise PopulationError(f"{entry.group}", _l(
                "Give a number of families or a percentage, not both."))
        if entry.percent is not None and not 0 <= entry.percent <= 100:
            raise PopulationError(entry.group, _l("A percentage is between 0 and 100."))
        if entry.families is not None and entry.families < 0:
            raise PopulationError(entry.group, _l("A number of families is 0 or more."))
        if entry.families is not None and not total:
            raise PopulationError("families", _l(
                "Give the neighbourhood's number of families to use numbers of families."))
        if entry.families is not None and entry.families > (total or 0):
            raise PopulationError(entry.group, _l(
                "More families in a group than in the neighbourhood."))
    existing = figures_of(neighbourhood)
    wanted = {(e.dimension, e.group): e for e in entries}
    for key, figure in existing.items():
        if key not in wanted:
            db.session.delete(figure)
    for key, entry in wanted.items():
        figure = existing.get(key) or PopulationFigure(
            neighbourhood_id=neighbourhood.id, dimension=entry.dimension, group=entry.group)
        figure.families, figure.percent = entry.families, entry.percent
        figure.source, figure.updated_at = source.strip()[:200], utcnow()
        db.session.add(figure)
    population = {k: v for k, v in (neighbourhood.population or {}).items() if k != "families"}
    neighbourhood.population = {**population, **({"families": total} if total else {})}
    db.session.commit()
    log.info("population figures of neighbourhood %s saved (%s groups)", neighbourhood.key,
             len(entries))


def shares(neighbourhood: Neighbourhood) -> list[Share]:
    """Each group's share of the neighbourhood's families, in the order of :data:`GROUPS`
    (groups without a usable figure left out)."""
    total = (neighbourhood.population or {}).get("families")
    figures = figures_of(neighbourhood)
    found = []
    for dimension, groups in GROUPS.items():
        for group in groups:
            figure = figures.get((dimension, group))
            if figure is None:
                continue
            share = population_share(figure.families, figure.percent, total)
            if share:
                found.append(Share(dimension, group, share, figure.families, figure.source))
    return found


def group_label(dimension: str, group: str) -> str:
    """Who the group is, to begin a sentence about them."""
    from flask_babel import gettext as _

    if dimension == "age_band":
        return _("Families with children of %(band)s", band=AGE_BAND_LABELS[group])
    if group == NOT_DUTCH:
        return _("Families who do not speak Dutch at home")
    if group == "other":
        return _("Families who speak another language at home")
    return _("Families who speak %(language)s at home", language=HOME_LANGUAGE_LABELS[group])
