"""CSV cells with a separator, a quote or a line break are always quoted; control characters
never break an XLSX export (issue 16, item 6)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from participatie.services.exports import to_csv, to_xlsx

TRICKY = ["x;=4+4", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "=1+1", "plain", 2.5, 3, None]


@pytest.mark.parametrize("semicolon", [False, True])
def test_csv_quotes_every_cell_with_either_separator_a_quote_or_a_line_break(semicolon):
    body = to_csv(["a", "b;c"], [TRICKY], semicolon).decode("utf-8-sig")
    delimiter = ";" if semicolon else ","
    header, row = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    assert header == ["a", "b;c"]
    number = "2,5" if semicolon else "2.5"
    assert row == ["x;=4+4", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "'=1+1", "plain",
                   number, "3", ""]
    # A spreadsheet that takes the other separator finds no cell starting with "=" either.
    other = "," if semicolon else ";"
    for cells in csv.reader(io.StringIO(body, newline=""), delimiter=other):
        assert not [cell for cell in cells if cell.startswith("=")], cells
    assert '"x;=4+4"' in body and '"a,b"' in body and '"say ""hi"""' in body


def test_xlsx_writes_control_characters_safely():
    header = ["neighbourhood", "name\x07"]
    rows = [["Wijk\x01 Noord", "tab\tand\nline"], ["\x1bescape", 4]]
    sheet = load_workbook(io.BytesIO(to_xlsx(header, rows, "summary"))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [["neighbourhood", "name\ufffd"], ["Wijk\ufffd Noord", "tab\tand\nline"],
                      ["\ufffdescape", 4]]
