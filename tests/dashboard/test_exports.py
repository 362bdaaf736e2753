"""Exports: row-level for coordinators only (recorded), small groups blanked, no spreadsheet
formula ever runs, the XLSX reads back as exported, CSV as Belgian Excel wants it."""

import csv
import io

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from participatie.extensions import db
from participatie.models import ExportLog
from participatie.services.exports import neutralise, to_csv, to_xlsx
from tests.conftest import log_in
from tests.dashboard.conftest import BASE
from tests.dashboard.test_report_jobs import download_report

# What a family could type (tabs and carriage returns at the start are stripped on the way in;
# the unit test below covers them).
EVIL = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)"]


def read_csv(response) -> list[dict]:
    """The rows by the column keys of row 2 (row 1 names them in the reader's language),
    without the closing notes."""
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the accents right with a BOM
    delimiter = ";" if ";" in text.split("\r\n", 1)[0] else ","
    _words, *rows = csv.reader(io.StringIO(text[1:]), delimiter=delimiter)
    keys, *data = rows
    return [dict(zip(keys, row, strict=False)) for row in data if not row[0].startswith("#")]


def test_row_level_exports_are_for_coordinators_and_on_the_record(coordinator, english_client,
                                                                  respond, rounds):
    respond(count=5)
    viewer = english_client()
    log_in(viewer, "viewer@example.org")
    assert viewer.get(f"{BASE}/najaar/export?kind=responses&format=csv").status_code == 403
    assert db.session.scalars(select(ExportLog)).all() == []
    rows = read_csv(coordinator.get(f"{BASE}/najaar/export?kind=responses&format=csv"))
    assert len(rows) == 5
    [entry] = db.session.scalars(select(ExportLog)).all()
    assert (entry.kind, entry.format, entry.rows, entry.round_id) == (
        "responses", "csv", 5, rounds["autumn"].id)


def test_row_exports_are_not_in_the_order_the_responses_came(coordinator, rounds):
    """Ids made from a clock (here: counting up) must not give the order away either."""
    import uuid

    from participatie.services.responses import Submission, submit
    from tests.dashboard.conftest import family_answers

    came = [uuid.UUID(int=number, version=4) for number in range(1, 13)]
    for response_id in came:
        submit(Submission(response_id, "najaar-opex", "nl", family_answers()))
    rows = read_csv(coordinator.get(f"{BASE}/najaar/export?kind=responses&format=csv"))
    listed = [row["response"] for row in rows]
    assert sorted(listed) == sorted(str(i) for i in came)
    assert listed != [str(i) for i in came] and listed != [str(i) for i in reversed(came)]
    assert {row["submitted_on"] for row in rows} == {rows[0]["submitted_on"]}  # a day, no time


def test_small_groups_lose_their_age_band_and_home_language_in_row_exports(coordinator, respond):
    respond(count=5, children_age=["0-2"], home_languages=["nl"])
    respond(count=1, children_age=["6-9"], home_languages=["ar", "nl"])
    rows = read_csv(coordinator.get(f"{BASE}/najaar/export?kind=responses&format=csv"))
    kept = [r for r in rows if r["children_age"]]
    blanked = [r for r in rows if not r["children_age"]]
    assert len(kept) == 5 and {r["home_languages"] for r in kept} == {"nl"}
    assert len(blanked) == 1 and blanked[0]["home_languages"] == ""
    assert blanked[0]["reachable"] == "3"  # the rest of the row stays


def test_no_spreadsheet_formula_ever_runs(coordinator, respond):
    for text in EVIL:
        respond(count=1, better_neighbourhood=text)
    respond(count=1, better_neighbourhood="Gewoon een antwoord")
    rows = read_csv(coordinator.get(f"{BASE}/najaar/export?kind=responses&format=csv"))
    written = {r["better_neighbourhood"] for r in rows}
    assert written == {"'" + text for text in EVIL} | {"Gewoon een antwoord"}
    book = load_workbook(io.BytesIO(coordinator.get(
        f"{BASE}/najaar/export?kind=responses&format=xlsx").data))
    sheet = book.active
    column = [c.value for c in sheet[2]].index("better_neighbourhood") + 1  # the keys' row
    cells = [sheet.cell(row=r, column=column) for r in range(3, sheet.max_row + 1)
             if not str(sheet.cell(row=r, column=1).value).startswith("#")]
    assert {c.value for c in cells} == {*EVIL, "Gewoon een antwoord"}
    assert all(c.data_type == "s" for c in cells)  # text, never a formula


def test_the_xlsx_reads_back_as_exported():
    header = ["name", "count", "share", "note"]
    rows = [["Opex", 12, 0.25, "=1+1"], ["Konterdam", None, None, "fewer than the minimum"]]
    sheet = load_workbook(io.BytesIO(to_xlsx(header, rows, "summary"))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [header, *rows]
    assert sheet.cell(row=2, column=2).data_type == "n"  # numbers stay numbers


def test_csv_for_belgian_excel_has_semicolons_and_decimal_commas():
    data = to_csv(["name", "share"], [["Opex", 0.25], ["=bad", 3]], semicolon=True)
    assert data.decode("utf-8") == "\ufeffname;share\r\nOpex;0,25\r\n'=bad;3\r\n"
    assert neutralise(12) == 12 and neutralise("-") == "'-"
    assert [neutralise(t) for t in ("\tx", "\rx", "x=1")] == ["'\tx", "'\rx", "x=1"]


def test_the_summary_xlsx_from_the_dashboard_holds_the_exported_table(coordinator, respond,
                                                                      rounds):
    from participatie.services.exports import summary_table

    respond(count=8)
    table = summary_table(rounds["autumn"], "nl")
    sheet = load_workbook(io.BytesIO(coordinator.get(
        f"{BASE}/najaar/export?kind=summary&format=xlsx&language=nl").data)).active
    read = [[c.value for c in row] for row in sheet.iter_rows()]
    width = len(table.keys)
    blank = [[None if v == "" else v for v in row] for row in table.data]  # empty text cells
    notes = [["# " + note] + [None] * (width - 1) for note in table.notes]
    assert read == [table.words, table.keys, *blank, *notes]
    assert read[0][:4] == ["Buurt", "Vragenlijst", "Vraagcode", "Vraag"]  # in Dutch
    assert read[1][:4] == ["neighbourhood", "questionnaire", "question_key", "question"]
    assert sheet.freeze_panes == "A3"  # both header rows stay in view
    share = table.keys.index("share") + 1
    shown = [row for row in sheet.iter_rows(min_row=3)
             if isinstance(row[share - 1].value, int | float)]
    assert shown and all(row[share - 1].number_format == "0.0%" for row in shown)
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["B"].width  # fitted


def test_row_exports_name_their_columns_in_the_chosen_language_and_explain_blanks(
        coordinator, respond):
    respond(count=6)
    data = coordinator.get(f"{BASE}/najaar/export?kind=responses&format=xlsx&language=fr").data
    sheet = load_workbook(io.BytesIO(data)).active
    words, keys = ([c.value for c in row] for row in sheet.iter_rows(max_row=2))
    assert words[:2] == ["Réponse", "Quartier"] and keys[:2] == ["response", "neighbourhood"]
    assert "Quel âge ont vos enfants ?".replace(" ?", "\u202f?") in words or any(
        "âge" in str(w) for w in words)
    day = sheet.cell(row=3, column=keys.index("submitted_on") + 1)
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    notes = [row[0].value for row in sheet.iter_rows(min_row=3) if str(row[0].value)[0] == "#"]
    assert any("vides" in note for note in notes)  # why a language cell can be empty
    only = coordinator.get(f"{BASE}/najaar/export?kind=responses&format=csv&keys=only")
    assert only.data.decode("utf-8").startswith("\ufeffresponse,neighbourhood,")


def test_the_dialogue_report_is_a_round_page_then_at_most_two_pages_per_neighbourhood(
        app, coordinator, respond):
    respond(round_key="voorjaar", count=8, reachable=4)
    respond(round_key="voorjaar", hood="konterdam", count=8, reachable=2)
    respond(count=8, reachable=2)
    respond(hood="konterdam", count=8, reachable=4)
    html = coordinator.get(f"{BASE}/najaar/report")
    assert "Download as PDF" in html.text
    pdf = download_report(app, coordinator, f"{BASE}/najaar")  # made by a job
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages]
    assert "Dialogue report: Najaar" in pages[0] and "Since Voorjaar" in pages[0]
    starts = {name: i for i, text in enumerate(pages) for name in ("Konterdam", "Opex")
              if text.split("\n")[1:2] == [name]}  # the line under the running head
    assert sorted(starts) == ["Konterdam", "Opex"]  # each neighbourhood from a new page
    ends = sorted(starts.values()) + [len(pages)]
    assert all(0 < after - start <= 2 for start, after in zip(ends, ends[1:], strict=False))
    assert len(pages) <= 1 + 2 * 2
    opex = "\n".join(pages[starts["Opex"]:])
    assert "What families said" in opex and "slightly blurred" in opex
