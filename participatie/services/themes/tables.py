"""What is shown of the themes: tables by size built on the disclosure layer, quotes, the
answers listed for coding, and the comparison with the previous round."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis import disclosure
from analysis.disclosure import Cell
from analysis.stats import Change, change_in_share

from ...extensions import db
from ...models import (
    Answer,
    Coding,
    CollectionLink,
    FoundTheme,
    PurgedRound,
    Response,
    Round,
    ThemeAnalysis,
)
from ..compare import earlier_rounds
from ..results import minimum
from .actions import size_of
from .questions import analysis_of

QUOTES = 3


@dataclass
class ThemeRow:
    theme: FoundTheme
    size: int | None  # None: fewer than the minimum (withheld)
    share: float | None = None
    quotes: list[tuple[int, str]] = field(default_factory=list)  # (answer id, words)
    change: Change | None = None  # the share against the previous round
    name: str = ""  # the theme's name, or a neutral one when it is withheld and named by words
    small: bool = False  # withheld and named by its answers' words: shown as "Small theme N"
    terms: list[str] = field(default_factory=list)  # its most distinctive words, when shown

    def withhold(self) -> None:
        self.size = self.share = None
        self.quotes = []
        self.unworded()

    def unworded(self) -> None:
        """Neither its answers' words nor a name made of them (a theme withheld, or left with
        no answer: its words came from answers that are elsewhere now, maybe fewer than the
        minimum)."""
        self.terms = []
        if self.theme.worded and not self.theme.label:
            self.small = True
            self.name = _("Small theme")


@dataclass
class ThemeTable:
    answers: int | None  # None: withheld
    rows: list[ThemeRow]
    other: int | None
    before: ThemeAnalysis | None = None
    left_out: tuple[int, ...] = ()  # neighbourhoods with too few answers to be in the sizes

    @property
    def shown(self) -> bool:
        return self.answers is not None


def theme_cells(analysis: ThemeAnalysis) -> dict[int, dict[int | None, Cell]]:
    """Per neighbourhood, the cell of each theme (None: no theme took them): how many answers,
    and the sum of their responses' record keys. A purged round's were kept at its purge."""
    if db.session.get(PurgedRound, analysis.round_id) is not None:
        from ..retention import kept_theme_cells

        return kept_theme_cells(analysis.id)
    found: dict[int, dict[int | None, Cell]] = {}
    for hood, theme_id, n, keys in db.session.execute(
            select(CollectionLink.neighbourhood_id, Coding.theme_id, func.count(),
                   func.sum(Response.record_key))
            .join(Answer, Answer.id == Coding.answer_id)
            .join(Response, Response.id == Answer.response_id)
            .join(CollectionLink, CollectionLink.id == Response.link_id)
            .where(Coding.analysis_id == analysis.id)
            .group_by(CollectionLink.neighbourhood_id, Coding.theme_id)):
        found.setdefault(hood, {})[theme_id] = Cell.of(n, keys)
    return found


def theme_table(analysis: ThemeAnalysis, neighbourhood_id: int | None = None,
                quotes: int = QUOTES, cells: dict | None = None) -> ThemeTable:
    """Themes by size with their most representative quotes (never hidden ones), and the
    answers no theme took. Sizes are published by the disclosure layer (perturbed, withheld
    under the minimum); the whole round leaves out the neighbourhoods with too few answers
    to show, sizes and quotes alike. A theme's quotes and words show only from the minimum
    up; so does a name made of its answers' words ("Small theme" below it)."""
    least = minimum()
    cells = theme_cells(analysis) if cells is None else cells
    hoods = [neighbourhood_id] if neighbourhood_id else list(cells)
    groups = {hood: disclosure.total(cells.get(hood, {}).values()) for hood in hoods}
    kept = sorted(disclosure.included(groups, least))
    asked = hoods if neighbourhood_id else [hood.id for hood in analysis.round.neighbourhoods]
    left_out = tuple(sorted(hood for hood in asked if hood not in kept))
    sizes: dict[int | None, Cell] = {}
    for hood in kept:
        for theme_id, cell in cells[hood].items():
            sizes[theme_id] = sizes.get(theme_id, Cell()) + cell
    total = disclosure.shown(disclosure.total(sizes.values()), least)
    if not total:
        return ThemeTable(None, [], None, left_out=left_out)
    rows = []
    for theme in analysis.themes:
        size = disclosure.shown(sizes.get(theme.id, Cell()), least)
        row = ThemeRow(theme, size, None, name=theme.shown_label(), terms=list(theme.terms or ()))
        if size is None:
            row.withhold()
        else:
            if not size:
                row.unworded()
            row.share = size / total
            row.quotes = _quotes(theme, kept, quotes) if size else []
        rows.append(row)
    rows.sort(key=lambda r: (-(r.size or 0), r.size is None, r.name.lower(), r.theme.id))
    for number, row in enumerate((row for row in rows if row.small), start=1):
        row.name = _("Small theme %(n)s", n=number)
    return ThemeTable(total, rows, disclosure.shown(sizes.get(None, Cell()), least),
                      left_out=left_out)


def tables_by_neighbourhood(analysis: ThemeAnalysis, neighbourhood_ids: list[int],
                            quotes: int = 0) -> dict[int, ThemeTable]:
    """A theme table per neighbourhood. Each is perturbed on its own cells, so set beside the
    whole round's they no longer give another neighbourhood's sizes by difference."""
    cells = theme_cells(analysis)
    return {hood: theme_table(analysis, hood, quotes, cells) for hood in neighbourhood_ids}


def name_of(theme: FoundTheme) -> str:
    """A theme's name for a message: a neutral one for a small theme named by its words."""
    if theme.worded and not theme.label and size_of(theme) < minimum():
        return _("Small theme")
    return theme.shown_label()


def _quotes(theme: FoundTheme, neighbourhood_ids: list[int], n: int) -> list[tuple[int, str]]:
    """(answer id, words) of the theme's most representative answers that are not hidden, from
    the neighbourhoods whose answers are in the figures."""
    if n == 0:
        return []
    query = (select(Answer.id, Answer.text).join(Coding, Coding.answer_id == Answer.id)
             .join(Response, Response.id == Answer.response_id)
             .join(CollectionLink, CollectionLink.id == Response.link_id)
             .where(Coding.theme_id == theme.id, Coding.hidden.is_(False),
                    CollectionLink.neighbourhood_id.in_(neighbourhood_ids))
             .order_by(Coding.closeness.desc().nulls_last(), Answer.id).limit(5 * n))
    found: dict[str, int] = {}
    for answer_id, text in db.session.execute(query):
        found.setdefault(text.strip(), answer_id)  # the same words twice are one quote
    return [(answer_id, text) for text, answer_id in found.items()][:n]


ANSWER_LIST = 200  # answers listed at once for the people coding them


def theme_answers(theme: FoundTheme | None, analysis: ThemeAnalysis, limit: int = ANSWER_LIST):
    """The codings of a theme (None: of "other"), most representative first, hidden ones
    without their words; for the people coding them."""
    query = (select(Coding, Answer.text).join(Answer, Answer.id == Coding.answer_id)
             .where(Coding.analysis_id == analysis.id,
                    Coding.theme_id == theme.id if theme else Coding.theme_id.is_(None))
             .order_by(Coding.closeness.desc().nulls_last(), Answer.id).limit(limit))
    return [(coding, None if coding.hidden else text)
            for coding, text in db.session.execute(query)]


def with_previous_round(table: ThemeTable, analysis: ThemeAnalysis) -> ThemeTable:
    """Each theme's share of the answers against the latest earlier round analysed for the
    same question, theme by theme (same key, else same name). A count withheld in either
    round (also to protect another) withholds the comparison."""
    round_ = analysis.round
    before = next((a for r in earlier_rounds(round_.network, round_)
                   if (a := analysis_of(r, analysis.questionnaire_key, analysis.question_key))
                   and a.finished_at is not None), None)
    if before is None or not table.shown:
        return table
    least = minimum()
    earlier = theme_table(before, quotes=0)
    n_before = earlier.answers or 0
    by_id = {row.theme.id: row.size for row in earlier.rows}
    by_key = {t.key: by_id.get(t.id, 0) for t in before.themes if t.key}
    by_label = {t.shown_label().lower(): by_id.get(t.id, 0) for t in before.themes
                if not t.worded or t.label}
    for row in table.rows:
        k_before = by_key.get(row.theme.key, -1) if row.theme.key else -1
        if k_before == -1:
            k_before = by_label.get(row.theme.shown_label().lower(), 0)
        k_after = row.size
        change = change_in_share(k_before or 0, n_before, k_after or 0, table.answers, least)
        if k_before is None or k_after is None or n_before < least or min(
                k_before, k_after, n_before - k_before, table.answers - k_after) < least:
            # Fewer than the minimum in the theme (or outside it) in a round would show: the
            # shown figures, from which the comparison is made, say so.
            change = Change(None, None, None, None, None, change.method, suppressed=True)
        row.change = change
    table.before = before
    return table


def done_analyses(round_: Round) -> list[ThemeAnalysis]:
    """The round's analyses that have themes to show (finished at least once)."""
    return list(db.session.scalars(select(ThemeAnalysis).where(
        ThemeAnalysis.round_id == round_.id, ThemeAnalysis.finished_at.is_not(None))
        .order_by(ThemeAnalysis.questionnaire_key, ThemeAnalysis.question_key)))
