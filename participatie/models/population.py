"""Population figures of a neighbourhood: the denominator of reach (who do we not reach?)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Model, UTCDateTime, utcnow
from .network import Neighbourhood

# What a figure is about: families with a child in an age band, or families speaking a
# language at home (``not-nl``: families not speaking Dutch at home, when only that is known).
DIMENSIONS = ("age_band", "home_language")
NOT_DUTCH = "not-nl"


class PopulationFigure(Model):
    """Families of one group in a neighbourhood: a number of families, or (when only that is
    known) their share of the neighbourhood's families in percent. Groups overlap: a family
    with children of 2 and 7 is in two age bands; a bilingual family in two languages."""

    __tablename__ = "population_figure"
    __table_args__ = (
        UniqueConstraint("neighbourhood_id", "dimension", "group"),
        CheckConstraint("(families IS NULL) <> (percent IS NULL)", name="one_figure"),
        CheckConstraint("families IS NULL OR families >= 0", name="families_not_negative"),
        CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)",
                        name="percent_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(20))
    group: Mapped[str] = mapped_column(String(20))
    families: Mapped[int | None]
    percent: Mapped[float | None] = mapped_column(Float)
    # Where the figure comes from ("Kind en Gezin, 2025"), shown beside the reach figures.
    source: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship()
