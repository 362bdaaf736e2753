"""`participatie analyse clusters`: one JSON object, every row once, clear errors (exit 2)."""

import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from analysis.cli import analyse

ANSWERS = ["De auto's rijden hier veel te snel", "meer bomen en groen in de wijk",
           "Une plaine de jeux avec des balançoires", "nee", "",
           "drempels en een zebrapad aan de school", "er is geen plek om te spelen buiten",
           "The bus only comes once an hour", "kampen in de vakantie zijn te duur"]


def run(*args):
    return CliRunner().invoke(analyse, ["clusters", *map(str, args)])


def write_csv(path, rows, delimiter=",", bom=False):
    text = "\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in rows) + "\n"
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


@pytest.fixture
def semicolon_bom(tmp_path):
    rows = [["nr", "antwoord", "thema"], *[[i, t, ""] for i, t in enumerate(ANSWERS)]]
    rows[2][2] = "housing"  # a person's coding that the method would not have chosen
    return write_csv(tmp_path / "export.csv", rows, ";", bom=True)


def test_json_output_places_every_row_once(semicolon_bom):
    result = run(semicolon_bom, "--column", "antwoord", "--format", "json", "--method", "tfidf")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n_answers"] == len(ANSWERS) and data["method"] == "tfidf"
    rows = sorted([m for c in data["clusters"] for m in c["members"]] + data["other"])
    assert rows == list(range(len(ANSWERS)))
    for cluster in data["clusters"]:
        assert set(cluster) == {"id", "key", "label", "terms", "size", "examples", "members"}
        assert cluster["size"] == len(cluster["members"])
    assert {3, 4} <= set(data["other"])


def test_a_seed_column_confirms_rows(semicolon_bom):
    result = run(semicolon_bom, "--column", "antwoord", "--seed-column", "thema",
                 "--format", "json", "--method", "tfidf")
    data = json.loads(result.stdout)
    [coded] = [c for c in data["clusters"] if 1 in c["members"]]
    assert coded["key"] == "housing"


def test_xlsx_and_a_table(tmp_path):
    book = Workbook()
    book.active.append(["answer"])
    for text in ANSWERS:
        book.active.append([text])
    book.save(tmp_path / "answers.xlsx")
    result = run(tmp_path / "answers.xlsx", "--column", "answer", "--method", "tfidf",
                 "--codebook", "none", "--clusters", "2")
    assert result.exit_code == 0, result.output
    assert "answers, method tfidf" in result.stdout and "other" in result.stdout


@pytest.mark.parametrize(("setup", "args", "message"), [
    (None, ["missing.csv", "--column", "a"], "no such file"),
    ("a,b\n1,2\n", ["--column", "answer"], "no column 'answer' (columns: a, b)"),
    ("answer,b\n,2\n  ,3\n", ["--column", "answer"], "column 'answer' is empty"),
    (b"\xff\xfe\x00bad", ["--column", "answer"], "cannot read it as UTF-8 text"),
    ("answer\nx\n", ["--column", "answer", "--clusters", "many"], "--clusters must be"),
])
def test_bad_input_is_one_line_with_exit_code_2(tmp_path, setup, args, message):
    path = tmp_path / "input.csv"
    if isinstance(setup, bytes):
        path.write_bytes(setup)
    elif setup is not None:
        path.write_text(setup, encoding="utf-8")
    file_args = args if setup is None else [path, *args]
    result = run(*file_args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_damaged_xlsx_is_one_line_with_exit_code_2(tmp_path):
    path = tmp_path / "answers.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = run(path, "--column", "answer")
    assert result.exit_code == 2
    assert "not a readable XLSX file" in result.stderr


def test_a_one_column_csv_keeps_commas_and_line_breaks_inside_answers(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text('antwoord\nde bus, die komt te laat\n"eerste lijn\ntweede lijn"\n',
                    encoding="utf-8")
    result = run(path, "--column", "antwoord", "--format", "json", "--method", "tfidf",
                 "--codebook", "none")
    data = json.loads(result.stdout)
    assert data["n_answers"] == 2
    texts = [e for c in data["clusters"] for e in c["examples"]]
    assert not texts or all("," in t or "\n" in t for t in texts)


@pytest.mark.parametrize("args", [["--codebook", "none", "--method", "tfidf"],
                                  ["--method", "tfidf", "--seed-column", "thema"]])
def test_odd_inputs_still_give_one_json_object(tmp_path, args):
    path = write_csv(tmp_path / "x.csv", [["antwoord", "thema"], ["de en het", "traffic"],
                                          ["niet van", "traffic"], ["", ""]])
    result = run(path, "--column", "antwoord", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted([m for c in data["clusters"] for m in c["members"]] + data["other"]) == [0, 1, 2]
