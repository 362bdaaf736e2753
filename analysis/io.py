"""Reading a column of answers from the files coordinators have: CSV as Excel writes it in
Belgium (semicolon or comma, UTF-8 with or without BOM) and XLSX."""

import csv
import io
from pathlib import Path


class InputError(ValueError):
    """A file or column that cannot be read; the message says what is wrong, in one line."""


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        kind = exc.__class__.__name__
        raise InputError(f"{path}: cannot read it as UTF-8 text ({kind})") from exc
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    header = text.split("\n", 1)[0]
    # Excel in Belgium writes ";"; a one-column file has no delimiter at all, and then a comma
    # inside an answer ("de bus, die komt te laat") is text, not a new column.
    delimiter = max(";,\t", key=header.count) if any(d in header for d in ";,\t") else "\x1f"
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(path: Path) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError(f"{path}: not a readable XLSX file ({exc.__class__.__name__})") from exc
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    if not rows:
        raise InputError(f"{path}: the sheet is empty")
    while len(rows) > 1 and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # formatted but empty rows at the end of a sheet
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def column(rows: list[dict[str, str]], name: str, path: Path,
           allow_empty: bool = False) -> list[str]:
    if not rows:
        raise InputError(f"{path}: no rows of answers under the header")
    if name not in rows[0]:
        found = ", ".join(k for k in rows[0] if k) or "none"
        raise InputError(f"{path}: no column {name!r} (columns: {found})")
    values = [(row.get(name) or "").strip() for row in rows]
    if not any(values) and not allow_empty:
        raise InputError(f"{path}: column {name!r} is empty")
    return values
