"""Exports for a coordinator with Excel: summaries (withheld below the minimum) and responses
(row-level, coordinators only, audited), as CSV (Belgian Excel too) or XLSX.

No spreadsheet may run a cell: XLSX text is always a text cell, never a formula; a CSV text cell
that a spreadsheet would read as a formula gets a leading apostrophe. Numbers stay numbers.
"""

import hashlib
import io
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from ..extensions import db
from ..i18n import localized
from ..models import (
    Answer,
    Coding,
    CollectionLink,
    ExportLog,
    Response,
    Round,
    ThemeAnalysis,
)
from ..vocabulary import AGE_QUESTION
from .compare import latest_version
from .results import (
    Filters,
    local_day,
    minimum,
    response_answers,
    summaries,
    uuid_of,
)
from .themes import (
    done_analyses,
    find_question,
    same_words,
    tables_by_neighbourhood,
    theme_table,
)

log = logging.getLogger(__name__)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOME_LANGUAGES = "home_languages"


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: list[str], rows: list[list[Any]], semicolon: bool = False) -> bytes:
    """UTF-8 with BOM (Excel reads the accents right); ``semicolon`` for Belgian Excel, which
    also wants a decimal comma. A text with either separator, a quote or a line break is always
    quoted, whichever separator this file uses: a reader that splits on the other one still gets
    the whole text in one cell, never a piece starting with "=" (issue 16)."""
    return b"".join(csv_chunks(header, rows, semicolon))


def csv_chunks(header: list[str], rows: list[list[Any]], semicolon: bool = False,
               lines: int = 1000) -> Iterator[bytes]:
    """The CSV of :func:`to_csv` in pieces of ``lines`` rows, for a response that streams:
    the first bytes leave before the last row is written."""
    delimiter = ";" if semicolon else ","
    texts = _CsvTexts(semicolon)  # a text that recurs (an answer key, a name) is written once
    yield ("\ufeff" + delimiter.join(_csv_cell(cell, semicolon) for cell in header)
           + "\r\n").encode("utf-8")
    for start in range(0, len(rows), lines):
        yield "".join(
            delimiter.join([texts[cell] if cell.__class__ is str else
                            "" if cell is None else _csv_cell(cell, semicolon) for cell in row])
            + "\r\n" for row in rows[start:start + lines]).encode("utf-8")


class _CsvTexts(dict):
    """Text → the text as written in the CSV (neutralised, quoted when it must be)."""

    def __init__(self, semicolon: bool):
        super().__init__()
        self.semicolon = semicolon

    def __missing__(self, text: str) -> str:
        self[text] = written = _csv_cell(text, self.semicolon)
        return written


CSV_QUOTED = frozenset(';,"\r\n')


def _quoted(value: Any) -> str:
    text = str(value)
    if CSV_QUOTED.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def _csv_cell(value: Any, semicolon: bool) -> str:
    """A cell as written: numbers as they are (a decimal comma with semicolons), text
    neutralised and quoted when it must be."""
    if value is None:
        return ""
    if isinstance(value, float) and semicolon:
        return f"{value:g}".replace(".", ",")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _quoted(neutralise(str(value)))


def to_xlsx(header: list[str], rows: list[list[Any]], title: str,
            formats: dict[int, str] | None = None, header_rows: int = 1) -> bytes:
    """One sheet; text as text cells (data type "s"), so "=…" is shown, never calculated.
    ``formats``: a number format per column (0-based; "0.0%" for shares), dates as dates;
    the first ``header_rows`` rows (the header and the keys' row) stay in view. Written row by
    row (openpyxl's write-only mode, with lxml): a large export is not held as cells."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    formats = formats or {}
    lines = [header, *rows]
    widths: dict[int, int] = {}
    for r, row in enumerate(lines, start=1):
        if r <= header_rows or len(row) > 1:  # a note's long line sets no width
            for c, value in enumerate(row, start=1):
                widths[c] = max(widths.get(c, 0), len(str(value)) if value is not None else 0)
    for c, width in widths.items():
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = f"A{header_rows + 1}"
    for r, row in enumerate(lines, start=1):
        sheet.append([_xlsx_cell(sheet, value, formats.get(c) if r > header_rows else None)
                      for c, value in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value: Any, number_format: str | None) -> Any:
    if isinstance(value, str):
        # XML 1.0 cannot hold most control characters (openpyxl refuses them): each becomes
        # the replacement character, visibly, instead of failing the export.
        cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        cell.data_type = "s"  # never a formula
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if number_format and isinstance(value, int | float) and not isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = number_format
        return cell
    return value


@dataclass
class Export:
    """An export as a spreadsheet reads it: row 1 the columns in the reader's language, row 2
    their stable keys (scripts read those; ``keys_only`` gives that row alone), the data, and
    closing notes (rows starting with "#")."""

    words: list[str]
    keys: list[str]
    data: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    percent: tuple[str, ...] = ()  # the columns holding shares (0–1)
    keys_only: bool = False

    def _rows(self) -> tuple[list[str], list[list[Any]]]:
        notes = [["# " + note] for note in self.notes]
        if self.keys_only:
            return self.keys, [*self.data, *notes]
        return self.words, [self.keys, *self.data, *notes]

    def csv(self, semicolon: bool = False) -> bytes:
        return to_csv(*self._rows(), semicolon=semicolon)

    def csv_stream(self, semicolon: bool = False) -> Iterator[bytes]:
        return csv_chunks(*self._rows(), semicolon=semicolon)

    def xlsx(self, title: str) -> bytes:
        formats = {self.keys.index(key): "0.0%" for key in self.percent}
        return to_xlsx(*self._rows(), title, formats, header_rows=1 if self.keys_only else 2)


def withheld_words(least: int) -> str:
    return _("fewer than %(n)s", n=least)


SUMMARY_COLUMNS = ("neighbourhood", "questionnaire", "question_key", "question", "option_key",
                   "option", "respondents", "count", "share", "median", "withheld")


def _summary_words() -> list[str]:
    return [_("Neighbourhood"), _("Questionnaire"), _("Question key"), _("Question"),
            _("Answer key"), _("Answer"), _("Respondents"), _("Number"), _("Share"),
            _("Median"), _("Not shown")]


def summary_table(round_: Round, language: str, keys_only: bool = False) -> Export:
    """A row per question and option, per neighbourhood and for the whole round; a withheld
    figure is empty and says so in the last column, in the chosen language."""
    rows = []
    with force_locale(language):
        least = minimum()
        for key in sorted({v.key for v in round_.questionnaire_versions}):
            version = latest_version(round_, key)
            for hood in [None, *round_.neighbourhoods]:
                filters = Filters(neighbourhood_id=hood.id if hood else None)
                found = summaries(round_, version, filters).summaries
                for question in version.questionnaire.questions():
                    rows.extend(_summary_rows(hood.name if hood else "", key, question,
                                              found[question.key], least))
        rows.extend(_theme_rows(round_, language, least))
        return Export(_summary_words(), list(SUMMARY_COLUMNS), rows,
                      [_("An empty neighbourhood is the whole round."), blurred_note(least)],
                      percent=("share",), keys_only=keys_only)


def blurred_note(least: int) -> str:
    """The disclosure layer's words for the reader of an export (as on the pages)."""
    return " ".join((
        _("Figures are slightly blurred so that nobody can be recognised: a count may differ by "
          "up to 2 from the real number, so totals may not add up exactly."),
        ngettext("Nothing about fewer than %(num)s person is shown.",
                 "Nothing about fewer than %(num)s people is shown.", least)))


def _theme_rows(round_: Round, language: str, least: int) -> list[list[Any]]:
    """The themes of each analysed open question, as its options: a theme's size is its count
    (withheld under the minimum, also across neighbourhoods, like every other count)."""
    rows = []
    for analysis in done_analyses(round_):
        question = find_question(round_, analysis.questionnaire_key, analysis.question_key)
        if question is None:
            continue
        tables: dict[int | None, Any] = {None: theme_table(analysis, quotes=0)}
        hood_ids = [hood.id for hood in round_.neighbourhoods]
        tables.update(tables_by_neighbourhood(analysis, hood_ids))
        names = {hood.id: hood.name for hood in round_.neighbourhoods}
        for hood_id, table in tables.items():
            base = [names.get(hood_id, ""), analysis.questionnaire_key, question.key,
                    localized(question.text)]
            if not table.shown:
                rows.append([*base, "", "", None, None, None, None, withheld_words(least)])
                continue
            for row in table.rows:
                theme = row.theme
                name = row.name if row.small else theme.shown_label(language)
                rows.append([*base, f"theme:{theme.key or theme.id}", name, table.answers,
                             row.size, row.share, None,
                             withheld_words(least) if row.size is None else ""])
    return rows


def _summary_rows(hood: str, key: str, question, summary, least: int) -> list[list[Any]]:
    base = [hood, key, question.key, localized(question.text)]
    if summary.suppressed:
        return [[*base, "", "", None, None, None, None, withheld_words(least)]]
    values = summary.values
    if "counts" in values:
        labels = {o.key: localized(o.label) for o in getattr(question, "options", [])}
        return [[*base, option, labels.get(option, option), summary.n, count,
                 values["shares"][option], None, withheld_words(least) if count is None else ""]
                for option, count in values["counts"].items()]
    median = values.get("median")
    return [[*base, "", "", summary.n, values.get("yes"), values.get("share_yes"), median, ""]]


RESPONSE_COLUMNS = ("response", "neighbourhood", "questionnaire", "version", "language", "mode",
                    "submitted_on")


def responses_table(round_: Round, language: str, keys_only: bool = False) -> Export:
    """One row per response, a column per question key of any of the round's questionnaires.
    The age bands, home languages and survey language of a row whose neighbourhood × age band ×
    home languages × survey language group has fewer than the minimum respondents are blanked."""
    least = minimum()
    versions = [latest_version(round_, key)
                for key in sorted({v.key for v in round_.questionnaire_versions})]
    questions = list({q.key: q for v in versions for q in v.questionnaire.questions()}.values())
    keys = [q.key for q in questions]
    hoods = {n.id: n.name for n in round_.neighbourhoods}
    hidden = hidden_answers(round_)
    rows = []
    days: dict[Any, date] = {}  # each moment's day, worked out once (moments repeat)
    for version in versions:
        # Each response's answers as the cells of its row (plain values, no lists: a large
        # round's rows give the garbage collector little to follow), and its group.
        found = []
        for (rid, hood, qkey, number, lang, mode, moment), answers in response_answers(
                round_, version.questionnaire):
            # words a coordinator hid: they could identify someone
            if hidden and (cut := hidden.get(uuid_of(rid))):
                answers = {k: v for k, v in answers.items() if k not in cut}
            found.append((_dashed(rid), hood, qkey, number, lang, mode, moment,
                          _group(hood, lang, answers),
                          {k: _cell(v) if v.__class__ in _JOINED else v
                           for k, v in answers.items()}))
        groups = Counter(row[7] for row in found)
        for row_id, hood, qkey, number, lang, mode, moment, group, cells in found:
            if groups[group] < least:
                cells = {k: v for k, v in cells.items() if k not in (AGE_QUESTION, HOME_LANGUAGES)}
                lang = ""
            if (day := days.get(moment)) is None:
                day = days[moment] = local_day(moment)
            rows.append((row_id, hoods.get(hood, ""), qkey, number, lang, mode, day,
                         *map(cells.get, keys)))
    shuffled = _shuffled()
    rows.sort(key=lambda row: (row[2], shuffled(row[0])))  # per questionnaire
    with force_locale(language):
        words = [_("Response"), _("Neighbourhood"), _("Questionnaire"), _("Version"),
                 _("Language"), _("How families answered"), _("Day"),
                 *(localized(q.text) for q in questions)]
        notes = [ngettext(
            "Language, children’s ages and home languages are left empty where fewer than "
            "%(num)s person in a neighbourhood share them: they could be recognised.",
            "Language, children’s ages and home languages are left empty where fewer than "
            "%(num)s people in a neighbourhood share them: they could be recognised.", least),
            _("Answers are given by their keys, as in the questionnaire; several are "
              "separated by “;”.")]
    return Export(words, [*RESPONSE_COLUMNS, *keys], rows, notes, keys_only=keys_only)


def _shuffled() -> Callable[[str], bytes]:
    """Rows in an order that says nothing about when they came: by a keyed digest of the
    response id (an id a client made from the clock would otherwise still tell)."""
    secret = str(current_app.secret_key).encode()[:64]
    return lambda response_id: hashlib.blake2b(
        response_id.encode(), key=secret, digest_size=16).digest()


def _dashed(response_id: Any) -> str:
    """A response id as text with its dashes (SQLite gives the 32 hex digits as stored; a
    UUID from PostgreSQL, or any other form, goes through uuid.UUID)."""
    if isinstance(response_id, str) and len(response_id) == 32:
        h = response_id.lower()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return str(uuid_of(response_id))


def hidden_answers(round_: Round) -> dict[Any, set[str]]:
    """The question keys of each response whose answer a coordinator hid, and of every answer
    to the same question with the same words (also one that came in after the analysis)."""
    found: dict[Any, set[str]] = {}
    words: dict[str, set[str]] = {}  # question key → the hidden wordings
    for response_id, key, text in db.session.execute(
            select(Answer.response_id, Answer.question_key, Answer.text)
            .join(Coding, Coding.answer_id == Answer.id)
            .join(ThemeAnalysis, ThemeAnalysis.id == Coding.analysis_id)
            .where(ThemeAnalysis.round_id == round_.id, Coding.hidden.is_(True))):
        found.setdefault(response_id, set()).add(key)
        words.setdefault(key, set()).add(same_words(text or ""))
    if words:
        for response_id, key, text in db.session.execute(
                select(Answer.response_id, Answer.question_key, Answer.text)
                .join(Response, Response.id == Answer.response_id)
                .join(CollectionLink, CollectionLink.id == Response.link_id)
                .where(CollectionLink.round_id == round_.id,
                       Answer.question_key.in_(words), Answer.text.is_not(None))):
            if same_words(text) in words[key]:
                found.setdefault(response_id, set()).add(key)
    return found


def _group(hood, language: str, answers: dict) -> tuple:
    return (hood, language, tuple(answers.get(AGE_QUESTION) or ()),
            tuple(answers.get(HOME_LANGUAGES) or ()))


_JOINED = (list, bool)  # the values a cell writes otherwise than as they are


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def record_export(round_: Round, user_id: int | None, kind: str, fmt: str, rows: int) -> None:
    from .audit import record

    db.session.add(ExportLog(network_id=round_.network_id, round_id=round_.id, user_id=user_id,
                             kind=kind, format=fmt, rows=rows))
    # The audit log of every staff action touching data has it too (ExportLog keeps its detail).
    record("export", round_.network_id, round_.id, rows, user_id=user_id, commit=False)
    db.session.commit()
    log.info("%s export (%s, %s rows) of round %s by user %s", kind, fmt, rows, round_.key,
             user_id)
