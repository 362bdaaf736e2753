"""Each response's cells: what the round's figures count of it, kept on the response beside its
answer rows, so that a round's figures are added up from one row per response instead of being
grouped by the database from every answer row (issue 20: whole-round results, the report and
the summary XLSX within 300 ms on the first request).

A response's cells are a list of ``[kind, question key, value]``: ``["r", key]`` it answered the
question; ``["o", key, option]`` it chose that option; ``["n", key, number]`` it gave that number
(a float, as the answer row holds it); ``["y", key]`` it said yes. They are written with the
answer rows (a submission, a paper form typed in or corrected) and removed with them (a purge).
A response without them (stored before they existed and not yet filled in) is counted from its
answer rows.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import Answer


def cells_of(rows: Iterable[dict[str, Any]]) -> list[list]:
    """The cells of one response from its answer rows (dicts with ``question_key``,
    ``option_key``, ``number`` and ``flag``)."""
    cells: list[list] = []
    answered: set[str] = set()
    for row in rows:
        key = row["question_key"]
        if key not in answered:
            answered.add(key)
            cells.append(["r", key])
        if row["option_key"] is not None:
            cells.append(["o", key, row["option_key"]])
        elif row["number"] is not None:
            cells.append(["n", key, float(row["number"])])
        elif row["flag"]:
            cells.append(["y", key])
    return cells


def cells_from_answers(response_ids: list) -> dict[Any, list[list]]:
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
