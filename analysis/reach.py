"""Reach: how well a group of families is represented among the answers, against its share of
the neighbourhood's families (the population figures a network enters).

The share of answers comes from published (perturbed) counts only; a withheld count ("fewer
than ``least``") gives the interval of every count it may stand for, so the figures here never
say more than the counts shown beside them. The population share is taken as known.

Pure Python: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from .stats import wilson


@dataclass(frozen=True)
class Representation:
    """A group's share of the answers against its share of the population.

    ``answers`` is None when the group's count is withheld (then ``low``–``high`` cover every
    count from 0 to ``least`` − 1). The representation ratio is the share of answers over the
    share of families: 1 means as many answers as families, 0.5 half as many."""

    population: float  # share of the neighbourhood's families in the group, 0–1
    count: int | None  # shown number of answers from the group (None: fewer than ``least``)
    n: int  # shown number of answers
    answers: float | None
    low: float
    high: float

    @property
    def ratio(self) -> float | None:
        return None if self.answers is None else self.answers / self.population

    @property
    def ratio_low(self) -> float:
        return self.low / self.population

    @property
    def ratio_high(self) -> float:
        return self.high / self.population

    @property
    def under_reached(self) -> bool:
        """Clearly under-reached: even the top of the 95% interval of the share of answers is
        below the group's share of families."""
        return self.high < self.population

    @property
    def over_reached(self) -> bool:
        return self.low > self.population


def representation(count: int | None, n: int, population: float,
                   least: int = 5) -> Representation | None:
    """The representation of a group with ``count`` of ``n`` shown answers (None: withheld)
    and ``population`` (0–1) of the families; None when there is nothing to compare."""
    if n <= 0 or not 0 < population <= 1:
        return None
    if count is None:
        low, high = wilson(0, n)[0], wilson(min(least - 1, n), n)[1]
        return Representation(population, None, n, None, max(0.0, low), min(1.0, high))
    count = min(count, n)  # perturbed counts may pass their total by a little
    low, high = wilson(count, n)
    return Representation(population, count, n, count / n, max(0.0, low), min(1.0, high))


def population_share(families: int | None, percent: float | None,
                     total: int | None) -> float | None:
    """A group's share of the families (0–1) from a number of families and the neighbourhood's
    total, or from a known percentage; None when it cannot be told."""
    if percent is not None:
        return percent / 100
    if families is not None and total:
        return min(families / total, 1.0)
    return None


def reach_figure(rows: list[tuple[str, Representation]], names: tuple[str, str],
                 title: str = ""):
    """Per group, its share of the families beside its share of the answers (with the 95%
    interval as error bars), as a Plotly figure."""
    import plotly.graph_objects as go

    from .charts import FONT, PALETTE, look

    labels = [label for label, _figure in rows]
    answers = [None if f.answers is None else 100 * f.answers for _label, f in rows]
    middle = [100 * (f.answers if f.answers is not None else (f.low + f.high) / 2)
              for _label, f in rows]
    return go.Figure([
        go.Bar(y=labels, x=[100 * f.population for _label, f in rows], orientation="h",
               name=names[0], marker={"color": "#bbbbbb", "pattern": {"shape": "/"}},
               hovertemplate="%{y}: %{x:.0f}%<extra></extra>"),
        go.Bar(y=labels, x=[a if a is not None else 0 for a in answers], orientation="h",
               name=names[1], marker={"color": PALETTE[0]},
               error_x={"type": "data", "symmetric": False,
                        "array": [100 * f.high - m for (_l, f), m in zip(rows, middle,
                                                                          strict=True)],
                        "arrayminus": [m - 100 * f.low if f.answers is not None else 0
                                       for (_l, f), m in zip(rows, middle, strict=True)]},
               hovertemplate="%{y}: %{x:.0f}%<extra></extra>"),
    ], look(
        title={"text": title}, font={**FONT, "size": 14}, barmode="group",
        height=120 + 56 * len(rows), margin={"l": 20, "r": 20, "t": 40, "b": 40},
        xaxis={"ticksuffix": "%", "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.15}))


def reach_svg(rows: list[tuple[str, Representation]], names: tuple[str, str],
              width: int = 900) -> str:
    """The same as static SVG: a grey bar for the families, a blue bar with its interval for
    the answers (a withheld share: the interval alone)."""
    from html import escape

    from .charts import FONT, PALETTE

    left, right, row = 420, width - 40, 52
    height = 70 + row * len(rows)
    scale = (right - left) / max([1.0, *(max(f.population, f.high) for _l, f in rows)])
    parts = [f'<rect x="{left}" y="14" width="22" height="12" fill="#bbbbbb"/>'
             f'<text x="{left + 28}" y="25">{escape(names[0])}</text>'
             f'<rect x="{left + 300}" y="14" width="22" height="12" fill="{PALETTE[0]}"/>'
             f'<text x="{left + 328}" y="25">{escape(names[1])}</text>']
    for index, (label, figure) in enumerate(rows):
        y = 48 + index * row
        parts.append(f'<text x="{left - 10}" y="{y + 22}" text-anchor="end">'
                     f"{escape(label)}</text>")
        parts.append(f'<rect x="{left}" y="{y}" width="{scale * figure.population:.1f}" '
                     f'height="16" fill="#bbbbbb"/>')
        if figure.answers is not None:
            parts.append(f'<rect x="{left}" y="{y + 20}" width="{scale * figure.answers:.1f}" '
                         f'height="16" fill="{PALETTE[0]}"/>')
        parts.append(f'<line x1="{left + scale * figure.low:.1f}" y1="{y + 28}" '
                     f'x2="{left + scale * figure.high:.1f}" y2="{y + 28}" stroke="#000" '
                     f'stroke-width="2"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" font-family="{FONT["family"]}" font-size="15" '
            f'aria-hidden="true" focusable="false">{"".join(parts)}</svg>')
