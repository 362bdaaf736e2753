"""Exports for a coordinator with Excel: summaries (withheld below the minimum) and responses
(row-level, coordinators only, audited), as CSV (Belgian Excel too) or XLSX.

No spreadsheet may run a cell: XLSX text is always a text cell, never a formula; a CSV text cell
that a spreadsheet would read as a formula gets a leading apostrophe. Numbers stay numbers.
"""

import io
import logging
from collections import Counter
from typing import Any

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
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
from .results import Filters, answers_by_response, minimum, response_rows, summaries
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
    delimiter = ";" if semicolon else ","
    lines = [delimiter.join(_csv_cell(cell, semicolon) for cell in header)]
    for row in rows:
        lines.append(delimiter.join(_csv_cell(cell, semicolon) for cell in row))
    return ("\ufeff" + "".join(line + "\r\n" for line in lines)).encode("utf-8")


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


def to_xlsx(header: list[str], rows: list[list[Any]], title: str) -> bytes:
    """One sheet; text as text cells (data type "s"), so "=…" is shown, never calculated."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for r, row in enumerate([header, *rows], start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                # XML 1.0 cannot hold most control characters (openpyxl refuses them): each
                # becomes the replacement character, visibly, instead of failing the export.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
                cell.data_type = "s"
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def summary_table(round_: Round, language: str) -> tuple[list[str], list[list[Any]]]:
    """A row per question and option, per neighbourhood and for the whole round; a withheld
    figure is empty and says so in the last column."""
    header = ["neighbourhood", "questionnaire", "question_key", "question", "option_key",
              "option", "respondents", "count", "share", "median", "withheld"]
    rows = []
    with force_locale(language):
        for key in sorted({v.key for v in round_.questionnaire_versions}):
            version = latest_version(round_, key)
            for hood in [None, *round_.neighbourhoods]:
                filters = Filters(neighbourhood_id=hood.id if hood else None)
                found = summaries(round_, version, filters).summaries
                for question in version.questionnaire.questions():
                    rows.extend(_summary_rows(hood.name if hood else "", key, question,
                                              found[question.key]))
        rows.extend(_theme_rows(round_, language))
        rows.append(["# " + blurred_note(minimum())])
    return header, rows


def blurred_note(least: int) -> str:
    """The disclosure layer's words for the reader of an export (as on the pages)."""
    return " ".join((
        _("Figures are slightly blurred so that nobody can be recognised: a count may differ by "
          "up to 2 from the real number, so totals may not add up exactly."),
        ngettext("Nothing about fewer than %(num)s person is shown.",
                 "Nothing about fewer than %(num)s people is shown.", least)))


def _theme_rows(round_: Round, language: str) -> list[list[Any]]:
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
                rows.append([*base, "", "", None, None, None, None, "fewer than the minimum"])
                continue
            for row in table.rows:
                theme = row.theme
                name = row.name if row.size is None else theme.shown_label(language)
                rows.append([*base, f"theme:{theme.key or theme.id}", name, table.answers,
                             row.size, row.share, None,
                             "fewer than the minimum" if row.size is None else ""])
    return rows


def _summary_rows(hood: str, key: str, question, summary) -> list[list[Any]]:
    base = [hood, key, question.key, localized(question.text)]
    if summary.suppressed:
        return [[*base, "", "", None, None, None, None, "fewer than the minimum"]]
    values = summary.values
    if "counts" in values:
        labels = {o.key: localized(o.label) for o in getattr(question, "options", [])}
        return [[*base, option, labels.get(option, option), summary.n, count,
                 values["shares"][option], None, "fewer than the minimum" if count is None else ""]
                for option, count in values["counts"].items()]
    median = values.get("median")
    return [[*base, "", "", summary.n, values.get("yes"), values.get("share_yes"), median, ""]]


def responses_table(round_: Round, language: str) -> tuple[list[str], list[list[Any]]]:
    """One row per response, a column per question key of any of the round's questionnaires.
    The age bands, home languages and survey language of a row whose neighbourhood × age band ×
    home languages × survey language group has fewer than the minimum respondents are blanked."""
    least = minimum()
    fixed = ["response", "neighbourhood", "questionnaire", "version", "language", "mode",
             "submitted_on"]
    versions = [latest_version(round_, key)
                for key in sorted({v.key for v in round_.questionnaire_versions})]
    keys = list(dict.fromkeys(q.key for v in versions for q in v.questionnaire.questions()))
    hoods = {n.id: n.name for n in round_.neighbourhoods}
    hidden = hidden_answers(round_)
    rows = []
    for version in versions:
        found = response_rows(round_, version.key)
        by_response = answers_by_response([r[0] for r in found], version.questionnaire)
        groups = Counter(_group(r[1], r[4], by_response.get(r[0], {})) for r in found)
        for response_id, hood, qkey, number, lang, mode, moment in found:
            answers = by_response.get(response_id, {})
            if response_id in hidden:  # words a coordinator hid: they could identify someone
                answers = {k: v for k, v in answers.items() if k not in hidden[response_id]}
            if groups[_group(hood, lang, answers)] < least:
                answers = {k: v for k, v in answers.items()
                           if k not in (AGE_QUESTION, HOME_LANGUAGES)}
                lang = ""
            rows.append([str(response_id), hoods.get(hood, ""), qkey, number, lang, mode,
                         moment.date().isoformat(), *(_cell(answers.get(k)) for k in keys)])
    return fixed + keys, rows


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


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def record_export(round_: Round, user_id: int | None, kind: str, fmt: str, rows: int) -> None:
    db.session.add(ExportLog(network_id=round_.network_id, round_id=round_.id, user_id=user_id,
                             kind=kind, format=fmt, rows=rows))
    db.session.commit()
    log.info("%s export (%s, %s rows) of round %s by user %s", kind, fmt, rows, round_.key,
             user_id)
