"""Disclosure control: every figure the app publishes about answers passes through here.

Families answer because nobody can tell what one family said, and no figure is about fewer than
``least`` (5) people. Withholding small counts page by page is not enough: coordinators filter
freely (neighbourhood × language × age band × questionnaire × round), and two tables that differ
by one family give that family away by subtraction. So this module uses **cell key
perturbation**, the method of the Australian Bureau of Statistics' TableBuilder and the UK's
2021 census outputs (ONS ``cell-key-perturbation``; Statistics Austria's ``cellKey``/``ptable``):

- Every response gets a random **record key** (0–255) from the server when it is stored.
- A **cell** is a set of responses (those who chose an option, in a group): its count and its
  **cell key**, the sum of its records' keys modulo 256. The database computes both
  (``COUNT(*)``, ``SUM(record_key)``).
- A fixed **perturbation table** maps (count, cell key) to a change of at most ±2 (WAVE2). The
  same set of people always gets the same change, on every page and in every export, so asking
  again averages nothing away, and the difference of two tables (round minus neighbourhood)
  no longer says whether it is a person or the noise.
- A count is **withheld** when the real count or the perturbed count is below ``least``: every
  figure shown is about at least ``least`` people. Zero stays zero (nobody chose it).

What is computed from what:

- **Counts** (options, respondents, responses per neighbourhood, language, day; theme sizes;
  compass scores) are perturbed cell by cell with :func:`shown`.
- **Shares, medians, quartiles and means are computed from the published counts only**, never
  from the answers: a share is a shown count over the shown ``n``; a median or a mean comes from
  the shown distribution, where a withheld value counts as ``imputed(least)`` people (the same
  constant whatever the real count). So no derived figure says more than the counts beside
  it: the quartile that gave away "exactly 2 families answered 1" cannot happen.
- **Groups below the minimum are left out entirely**: a round's (or a filter's) figures are the
  sum of the neighbourhoods (× filter groups) whose own group is shown; the others are named
  in a note. The round minus the shown neighbourhoods is then never one small group, and a
  lone family in a neighbourhood of one is in no figure at all (:func:`included`).
- The live screen and a group session's own results are **not** perturbed: the people in the
  room see each other; they move in whole steps of ``least`` people (:func:`in_steps`).

The perturbation table is symmetric for counts from 3 up (mean change 0, variance 0.80; a
change of ±2 has probability 13/256 each way), so a share of a group of 20 or more moves by a
few points at most and totals may not add up exactly; the pages say so.

Pure Python: no Flask, no database. The services gather the cells; the views show what comes
back.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from .stats import Summary, place_standard_scores

RECORD_KEYS = 256  # record keys are 0..255; a cell key is their sum modulo this
MAX_CHANGE = 2  # no count moves by more than this (WAVE2)
MIN_GROUP = 5

# How often each change happens, in 256ths, for a count of 3 or more: symmetric, so the
# perturbed counts are unbiased. Smaller counts cannot go to zero or below; they are withheld
# anyway, so their rows only keep every change within the bounds.
WEIGHTS = {-2: 13, -1: 51, 0: 128, 1: 51, 2: 13}
ROWS = 64  # counts from 64 up reuse the rows of 32–63 (the change does not depend on size)


def new_record_key() -> int:
    """A response's record key, drawn by the server when the response is stored."""
    return secrets.randbelow(RECORD_KEYS)


@dataclass(frozen=True)
class Cell:
    """A set of responses: how many, and the sum of their record keys (modulo 256)."""

    count: int = 0
    key: int = 0

    @classmethod
    def of(cls, count: int | None, key_sum: int | None) -> Cell:
        return cls(int(count or 0), int(key_sum or 0) % RECORD_KEYS)

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.count + other.count, (self.key + other.key) % RECORD_KEYS)

    def __sub__(self, other: Cell) -> Cell:
        """The set difference, for a subset ``other`` (those who did not say yes)."""
        return Cell(self.count - other.count, (self.key - other.key) % RECORD_KEYS)


def total(cells: Iterable[Cell]) -> Cell:
    found = Cell()
    for one in cells:
        found = found + one
    return found


@cache
def _row(row: int) -> tuple[int, ...]:
    """The changes of one row of the table, one per cell key, in a fixed shuffled order (a
    different order per row, so one cell key does not mean the same change at every count)."""
    allowed = {change: weight for change, weight in WEIGHTS.items() if row + change >= 1}
    changes: list[int] = []
    for change, weight in allowed.items():
        changes.extend([change] * weight)
    # Counts 1 and 2 lose the changes that would reach zero: give their weight to "no change".
    changes.extend([0] * (RECORD_KEYS - len(changes)))
    random.Random(f"cell-key-ptable-{row}").shuffle(changes)
    return tuple(changes)


def change(count: int, key: int) -> int:
    """The perturbation table: the change of a cell with ``count`` people and cell ``key``."""
    if count <= 0:
        return 0
    row = count if count < ROWS else ROWS // 2 + count % (ROWS // 2)
    return _row(row)[key % RECORD_KEYS]


def perturbed(cell: Cell) -> int:
    return cell.count + change(cell.count, cell.key)


def shown(cell: Cell, least: int = MIN_GROUP) -> int | None:
    """The published count of a cell: 0 for nobody, None (withheld) when the real or the
    perturbed count is under ``least``, else the perturbed count."""
    if cell.count <= 0:
        return 0
    value = perturbed(cell)
    if cell.count < least or value < least:
        return None
    return value


def imputed(least: int = MIN_GROUP) -> int:
    """How many people a withheld count stands for in a median or mean: a constant, so a
    derived figure never says more than "withheld"."""
    return max(1, (least - 1) // 2)


def included(groups: Mapping[Any, Cell], least: int = MIN_GROUP) -> set:
    """The groups (neighbourhoods, or neighbourhood × filter groups) large enough to be in a
    figure: those whose own count is shown."""
    return {group for group, cell in groups.items() if shown(cell, least)}


def counted(groups: Mapping[Any, Cell], least: int = MIN_GROUP) -> dict[Any, int | None]:
    """Published counts per group (responses per neighbourhood, language, day …)."""
    return {group: shown(cell, least) for group, cell in groups.items()}


def in_the_room(ratings: dict[str, Iterable[int]], least: int = MIN_GROUP) -> dict[str, Summary]:
    """A group session's own compass, unperturbed: the people in the room see each other (and
    the live screen shows it in whole steps, :func:`in_steps`); a theme rated by fewer than
    ``least`` is withheld."""
    return place_standard_scores(ratings, least)


def in_steps(items: Sequence, step: int) -> Sequence:
    """The first whole steps of ``step`` items, in the order they came: for the screen a room
    watches, where a figure that moved with one person would show what they just said."""
    return items[:len(items) // step * step]


# -- summaries ---------------------------------------------------------------------------------

def summary(kind: str, respondents: Cell, cells: Mapping[Any, Cell] | None = None,
            least: int = MIN_GROUP) -> Summary:
    """The published summary of one question (``n``: the shown number of respondents, 0 when
    the summary is withheld): ``respondents`` who answered it, and a cell per
    option (``categorical``, ``multi_categorical``), per value (``ordinal``, ``numeric``,
    ``place_standard``) or ``{True: yes}`` (``binary``)."""
    cells = cells or {}
    n = shown(respondents, least)
    if not n:
        return Summary(kind, 0, suppressed=True)
    if kind in ("categorical", "multi_categorical"):
        counts = {key: shown(cell, least) for key, cell in sorted(cells.items()) if cell.count}
        return Summary(kind, n, values={
            "counts": counts,
            "shares": {key: None if c is None else c / n for key, c in counts.items()},
            "withheld": sorted(key for key, c in counts.items() if c is None)})
    if kind == "binary":
        yes_cell = cells.get(True, Cell())
        yes, no = shown(yes_cell, least), shown(respondents - yes_cell, least)
        if yes is None or no is None or yes + no == 0:
            return Summary(kind, n, suppressed=True)  # yes (or no) of fewer than ``least``
        return Summary(kind, n, values={"yes": yes, "no": no, "share_yes": yes / (yes + no)})
    if kind in ("ordinal", "numeric", "place_standard"):
        scale = range(1, 8) if kind == "place_standard" else ()
        distribution = {value: shown(cells.get(value, Cell()), least)
                        for value in sorted({*scale, *(k for k, c in cells.items() if c.count)})}
        statistics = distribution_statistics(distribution, least)
        if statistics is None:
            return Summary(kind, n, suppressed=True)
        return Summary(kind, n, values={**statistics, "distribution": distribution})
    if kind == "text":
        return Summary(kind, n, values={"answered": n})
    raise ValueError(f"no summary for {kind!r}")


def weights(distribution: Mapping[Any, int | None], least: int = MIN_GROUP) -> dict[Any, int]:
    """How many people each value stands for in a derived figure: the shown count, or
    :func:`imputed` for a withheld one; in the order of the values (a bootstrap over them gives
    the same interval whatever order the database gave the counts in)."""
    return {value: imputed(least) if count is None else count
            for value, count in sorted(distribution.items()) if count != 0}


def expanded(distribution: Mapping[Any, int | None], least: int = MIN_GROUP) -> np.ndarray:
    """The shown distribution as an array of values (for a mean's interval)."""
    shown = weights(distribution, least)
    return np.repeat(np.asarray(list(shown), dtype=float), list(shown.values()))


def distribution_statistics(distribution: Mapping[Any, int | None],
                            least: int = MIN_GROUP) -> dict | None:
    """Mean, median, quartiles and range of a shown distribution (None: nothing shown)."""
    data = expanded(distribution, least)
    if not len(data) or all(count is None for count in distribution.values() if count != 0):
        return None
    q1, median, q3 = np.percentile(data, [25, 50, 75])
    return {"mean": float(data.mean()), "median": float(median), "q1": float(q1),
            "q3": float(q3), "min": float(data.min()), "max": float(data.max())}


def share(count: Cell, of: Cell, least: int = MIN_GROUP) -> tuple[int, int] | None:
    """A published (count, n) pair for a share compared between rounds, or None when the
    count, or those outside it, are fewer than ``least`` (none included: a change from or to
    nobody is told by the counts themselves), or ``n`` is withheld."""
    k, n, outside = shown(count, least), shown(of, least), shown(of - count, least)
    if k is None or not n or outside is None or min(k, outside) < least:
        return None
    return k, n
