"""The models' base class and the column types they share."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from ..extensions import Base, db

# Every model derives from Flask-SQLAlchemy's ``db.Model``, made from ``Base``; a type checker
# cannot take an attribute for a class, so it is told what the class is.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_the_hour(moment: datetime | None) -> datetime | None:
    """Response times are kept to the hour only: at a school-gate tablet, a time to the minute
    would tell who held the tablet, hence whose answers these are."""
    return moment and moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
