"""Themes in open answers: the analysis job of a round's question, its themes, each answer's
coding, the stored embeddings, and the network's own codebook."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.codebooks import default_codebook

from .base import Model, UTCDateTime, utcnow
from .collection import Answer
from .jobs import JobState
from .network import Network, Round


def in_dutch() -> str:
    return "nl"


# The language of a label asked for without one: Dutch, unless the app plugs in the reader's
# (``participatie.i18n.init_app`` does), so that models read no request state themselves.
reader_language: Callable[[], str] = in_dutch


class ThemeAnalysis(Model):
    """The themes of one open question's answers in a round, and the background job that finds
    them (queued → running → done or failed, with its progress)."""

    __table_args__ = (UniqueConstraint("round_id", "questionnaire_key", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    questionnaire_key: Mapped[str] = mapped_column(String(64))
    question_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED)  # a JobState
    progress: Mapped[int] = mapped_column(default=0)  # per cent
    step: Mapped[str | None] = mapped_column(String(32))  # what the job is doing now
    error: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(String(16))  # embed, or tfidf as the fallback
    answers: Mapped[int] = mapped_column(default=0)  # how many answers were analysed
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Also the heartbeat of a running job: a job that has not moved for long has stalled.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when it began to run
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Themes that are gone (a person merged them, or a re-analysis did not find them again):
    # their id (as text, JSON's keys) → the theme that then held most of their answers (None:
    # "other"), so that a link to one leads to where its answers went.
    moved: Mapped[dict[str, int | None] | None] = mapped_column(JSON)

    round: Mapped[Round] = relationship()
    themes: Mapped[list["FoundTheme"]] = relationship(
        back_populates="analysis", cascade="all, delete-orphan", order_by="FoundTheme.id")


class FoundTheme(Model):
    """A theme of an analysis. ``key`` is a codebook key (also of the network's own themes),
    or None for a theme the clustering proposed that no person has touched yet."""

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("theme_analysis.id"), index=True)
    key: Mapped[str | None] = mapped_column(String(80))
    proposed_label: Mapped[str] = mapped_column(String(200))  # by the analysis
    # The proposed label is made of the answers' own words (a theme the clustering found),
    # not a codebook's: it is not shown for a theme under the minimum.
    worded: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[str | None] = mapped_column(String(200))  # given by a person
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A person renamed, merged into, moved an answer into or confirmed it: it stays on
    # re-analysis, with its name.
    kept: Mapped[bool] = mapped_column(Boolean, default=False)
    # Keys of themes a person merged into this one: what the analysis finds under them comes
    # here from then on.
    merged_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)

    analysis: Mapped[ThemeAnalysis] = relationship(back_populates="themes")

    def shown_label(self, language: str | None = None) -> str:
        """The name a person gave it, else the default codebook's label in the reader's
        language, else the label the analysis proposed."""
        if self.label:
            return self.label
        known = default_codebook().theme(self.key) if self.key else None
        return known.label(language or reader_language()) if known else self.proposed_label


class Coding(Model):
    """One analysed answer: its theme (None: other), whether a person put it there (then a
    re-analysis keeps it there), how representative it is, and whether its words are hidden."""

    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"), primary_key=True)
    analysis_id: Mapped[int] = mapped_column(ForeignKey("theme_analysis.id"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("found_theme.id"), index=True)
    by_person: Mapped[bool] = mapped_column(Boolean, default=False)
    closeness: Mapped[float | None] = mapped_column(Float)  # to its theme's centre
    # Could identify someone: kept out of every view and export, also of the codebook.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    answer: Mapped[Answer] = relationship()
    theme: Mapped[FoundTheme | None] = relationship()


class AnswerEmbedding(Model):
    """An answer's sentence vector (float32 bytes), computed at its first analysis, never on
    the submit path, and read back by every later one."""

    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"), primary_key=True)
    model: Mapped[str] = mapped_column(String(80))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class CodebookEntry(Model):
    """A theme of a network's own codebook: labels per language and example phrases (the
    answers people confirmed, and what a coordinator writes). A key of the default codebook
    adds examples to that theme."""

    __table_args__ = (UniqueConstraint("network_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    examples: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    network: Mapped[Network] = relationship()
