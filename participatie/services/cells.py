"""Each response's cells: what the round's figures count of it, kept on the response beside its
answer rows, so that a round's figures are added up from one row per response instead of being
grouped by the database from every answer row (issue 20: whole-round results, the report and
the summary XLSX within 300 ms on the first request).

A response's cells are lines of text, ``kind<TAB>question key[<TAB>value]``: ``r`` it answered
the question; ``o`` it chose that option; ``n`` it gave that number (a float, as the answer row
holds it); ``y`` it said yes. Plain lines, not JSON: a round's figures split 10,000 of them in
a few milliseconds (question and option keys are identifiers, never holding a tab or a newline).
They are written with the answer rows (a submission, a paper form typed in or corrected) and
removed with them (a purge).
A response without them (stored before they existed and not yet filled in) is counted from its
answer rows.
"""

from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlalchemy import select

from ..extensions import db
from ..models import Answer


def cells_of(rows: Iterable[dict[str, Any]]) -> str:
    """The cells of one response from its answer rows (dicts with ``question_key``,
    ``option_key``, ``number`` and ``flag``)."""
    cells: list[str] = []
    answered: set[str] = set()
    for row in rows:
        key = row["question_key"]
        if key not in answered:
            answered.add(key)
            cells.append(f"r\t{key}")
        if row["option_key"] is not None:
            cells.append(f"o\t{key}\t{row['option_key']}")
        elif row["number"] is not None:
            cells.append(f"n\t{key}\t{float(row['number'])!r}")
        elif row["flag"]:
            cells.append(f"y\t{key}")
    return "\n".join(cells)


def split_cells(cells: str) -> list[str]:
    return cells.split("\n") if cells else []


def read_cell(cell: str) -> tuple[str, str, Any]:
    """(kind, question key, option or number or None) of one cell."""
    kind, key, *value = cell.split("\t")
    if kind == "n":
        return kind, key, float(value[0])
    return kind, key, value[0] if value else None


def cells_from_answers(response_ids: list) -> dict[Any, str]:
    """The cells of responses that have none stored, from their answer rows."""
    rows: dict[Any, list[dict]] = {rid: [] for rid in response_ids}
    for start in range(0, len(response_ids), 500):
        chunk = response_ids[start:start + 500]
        for row in db.session.execute(
                select(Answer.response_id, Answer.question_key, Answer.option_key,
                       Answer.number, Answer.flag)
                .where(Answer.response_id.in_(chunk)).order_by(Answer.id)).mappings():
            rows[row["response_id"]].append(dict(row))
    return {rid: cells_of(found) for rid, found in rows.items()}


class _Numbered(dict):
    """Text → its number, numbered as first seen."""

    def __missing__(self, text: str) -> int:
        self[text] = number = len(self)
        return number


def count_cells(responses: Iterable[tuple[Any, int, str]]) -> dict[Any, dict[str, tuple]]:
    """Per group, each cell's (how many responses hold it, the sum of their record keys), from
    ``(group, record key, cells)`` per response. The cells of all responses are split at once,
    numbered by a dict and counted by numpy, so Python never loops over a cell of a response:
    the count of a round's 10,000 responses takes tens of milliseconds, and nothing grows with
    the number of distinct record keys."""
    groups: list[Any] = []
    group_of: dict[Any, int] = {}
    positions, keys, texts = [], [], []
    for group, key, cells in responses:
        if not cells:
            continue
        if group not in group_of:
            group_of[group] = len(groups)
            groups.append(group)
        positions.append(group_of[group])
        keys.append(key)
        texts.append(cells)
    if not texts:
        return {}
    numbered = _Numbered()
    cell_numbers = np.fromiter(map(numbered.__getitem__, "\n".join(texts).split("\n")),
                               dtype=np.int64)
    lines = np.fromiter(map(_lines, texts), dtype=np.int64, count=len(texts))
    width = len(numbered)
    slots = np.repeat(np.asarray(positions, dtype=np.int64) * width, lines) + cell_numbers
    size = len(groups) * width
    counts = np.bincount(slots, minlength=size)
    key_sums = np.bincount(slots, weights=np.repeat(np.asarray(keys, dtype=np.float64), lines),
                           minlength=size)
    cells_by_number = list(numbered)
    found: dict[Any, dict[str, tuple]] = {group: {} for group in groups}
    for slot in np.flatnonzero(counts).tolist():
        position, number = divmod(slot, width)
        found[groups[position]][cells_by_number[number]] = (int(counts[slot]),
                                                            int(key_sums[slot]))
    return found


def _lines(cells: str) -> int:
    return cells.count("\n") + 1
