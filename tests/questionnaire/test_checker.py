"""`questionnaires check`: every kind of mistake is named with its file and key path."""

import copy

import pytest
import yaml

from participatie.questionnaire.repository import check
from tests.conftest import read_definition

Q0 = "sections[0].questions[0]"


def write(directory, data, name="all_types.yaml"):
    path = directory / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(tmp_path, mutate):
    data = copy.deepcopy(read_definition())
    mutate(data)
    path = write(tmp_path, data)
    return check(tmp_path, [path]).problems


def question(data, index):
    return data["sections"][0]["questions"][index]


def test_the_shipped_test_definition_is_valid(tmp_path):
    assert problems_for(tmp_path, lambda data: None) == []


MISTAKES = [
    ("translation missing",
     lambda d: question(d, 0)["options"][0]["label"].pop("ar"),
     f"{Q0}.options[0].label.ar: missing"),
    ("translation empty",
     lambda d: question(d, 1).__setitem__("text", {**question(d, 1)["text"], "tr": " "}),
     "sections[0].questions[1].text.tr: empty"),
    ("language not in the list",
     lambda d: d["title"].__setitem__("de", "Alle Typen"),
     "title.de: not one of the languages (nl, fr, en, ar, tr)"),
    ("unknown language",
     lambda d: d["languages"].append("de"),
     "languages[5]: must be one of 'nl', 'fr', 'en', 'ar' or 'tr'"),
    ("unknown question type",
     lambda d: question(d, 2).__setitem__("type", "slider"),
     "sections[0].questions[2].type: unknown question type 'slider'"),
    ("question type missing",
     lambda d: question(d, 2).pop("type"),
     "sections[0].questions[2].type: missing"),
    ("question text missing",
     lambda d: question(d, 3).pop("text"),
     "sections[0].questions[3].text: missing"),
    ("unknown key",
     lambda d: question(d, 3).__setitem__("colour", "red"),
     "sections[0].questions[3].colour: unknown key"),
    ("smiley faces not 3 or 5",
     lambda d: question(d, 2).__setitem__("faces", 4),
     "sections[0].questions[2].faces: must be one of 3 or 5"),
    ("number bounds reversed",
     lambda d: question(d, 5).update(min=10, max=2),
     "sections[0].questions[5]: min is larger than max"),
    ("text length not positive",
     lambda d: question(d, 6).__setitem__("max_length", 0),
     "sections[0].questions[6].max_length: input should be greater than or equal to 1"),
    ("more choices allowed than options",
     lambda d: question(d, 1).__setitem__("max_choices", 9),
     "sections[0].questions[1]: max_choices is larger than the number of options"),
    ("a single option",
     lambda d: question(d, 0).__setitem__("options", question(d, 0)["options"][:1]),
     f"{Q0}.options: list should have at least 2 items"),
    ("question key twice",
     lambda d: question(d, 3).__setitem__("key", "happy"),
     "sections[0].questions[3].key: question key 'happy' is used twice"),
    ("option key twice",
     lambda d: question(d, 0)["options"][1].__setitem__("key", "walk"),
     f"{Q0}.options[1].key: used by an earlier option"),
    ("key with capitals",
     lambda d: question(d, 0).__setitem__("key", "Transport"),
     f"{Q0}.key: string should match pattern"),
    ("condition on an unknown question",
     lambda d: question(d, 4)["show_if"].__setitem__("question", "nope"),
     "sections[0].questions[4].show_if.question: 'nope' is not an earlier question"),
    ("condition on a later question",
     lambda d: question(d, 0).__setitem__("show_if", {"question": "childcare", "equals": True}),
     f"{Q0}.show_if.question: 'childcare' is not an earlier question"),
    ("condition on an impossible answer",
     lambda d: question(d, 4)["show_if"].__setitem__("equals", "maybe"),
     "sections[0].questions[4].show_if: 'maybe' is not a possible answer to 'childcare'"),
    ("condition with two tests",
     lambda d: question(d, 4)["show_if"].__setitem__("any_of", [True]),
     "sections[0].questions[4].show_if: give exactly one of 'equals' or 'any_of'"),
    ("unknown pictogram",
     lambda d: question(d, 0).__setitem__("pictogram", "FFFFF"),
     f"{Q0}.pictogram: no OpenMoji pictogram with code 'FFFFF'"),
    ("pictogram that is no code",
     lambda d: question(d, 0).__setitem__("pictogram", "house"),
     f"{Q0}.pictogram: string should match pattern"),
    ("audio file absent",
     lambda d: question(d, 0).__setitem__("audio", {"nl": "transport-nl.mp3"}),
     f"{Q0}.audio.nl: no audio file 'transport-nl.mp3' in audio/ beside the questionnaire"),
    ("audio file outside the audio folder",
     lambda d: question(d, 0).__setitem__("audio", {"nl": "../all_types.yaml"}),
     f"{Q0}.audio.nl: no audio file '../all_types.yaml' in audio/"),
    ("unchecked translation not a language",
     lambda d: d.__setitem__("unchecked_translations", ["fr", "ber"]),
     "unchecked_translations[1]: must be one of"),
    ("source language marked as a translation",
     lambda d: d.__setitem__("unchecked_translations", ["nl"]),
     "unchecked_translations[0]: the source language is not a translation"),
    ("unknown kind",
     lambda d: d.__setitem__("kind", "quiz"),
     "kind: must be one of 'family_survey'"),
    ("version not positive",
     lambda d: d.__setitem__("version", 0),
     "version: input should be greater than or equal to 1"),
    ("no sections",
     lambda d: d.__setitem__("sections", []),
     "sections: list should have at least 1 item"),
]


@pytest.mark.parametrize(("mutate", "expected"), [m[1:] for m in MISTAKES],
                         ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_named_with_file_and_key_path(tmp_path, mutate, expected):
    problems = problems_for(tmp_path, mutate)
    assert any(line.startswith(f"{tmp_path}/all_types.yaml: {expected}") for line in problems), (
        problems
    )


def test_every_mistake_in_a_file_is_reported_at_once(tmp_path):
    def two_mistakes(data):
        question(data, 0)["options"][0]["label"].pop("ar")
        question(data, 1)["text"].pop("fr")

    problems = problems_for(tmp_path, two_mistakes)
    assert len(problems) == 2


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "key: x\nversion: 1\ntitle: {nl: Hoe kom je?, fr: x}\n")
    [problem] = check(tmp_path, [path]).problems
    assert problem.startswith(f"{path}: line 3, column 23: not valid YAML")


def test_a_key_written_twice_is_refused(tmp_path):
    path = write(tmp_path, "key: a\nversion: 1\nkey: b\n")
    [problem] = check(tmp_path, [path]).problems
    assert "key 'key' appears twice (line 3)" in problem


def test_a_file_that_is_no_mapping_is_refused(tmp_path):
    path = write(tmp_path, "- just\n- a list\n")
    assert check(tmp_path, [path]).problems == [
        f"{path}: the file must hold a mapping (key: value)"
    ]


def test_an_existing_audio_file_is_accepted(tmp_path):
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "transport-nl.mp3").write_bytes(b"ID3")
    problems = problems_for(
        tmp_path, lambda d: question(d, 0).__setitem__("audio", {"nl": "transport-nl.mp3"})
    )
    assert problems == []


def test_an_all_digit_pictogram_code_is_read_as_a_code(tmp_path):
    # YAML reads `pictogram: 2753` as a number; the author means the code 2753 (❓).
    assert problems_for(tmp_path, lambda d: question(d, 0).__setitem__("pictogram", 2753)) == []


def test_the_shipped_questionnaires_pass_the_check(app):
    from pathlib import Path

    report = check(Path(app.config["QUESTIONNAIRES_PATH"]))
    assert report.ok, report.problems
    assert report.notes


def test_optional_texts_need_every_language_too(tmp_path):
    problems = problems_for(tmp_path, lambda d: question(d, 0).__setitem__("help", {"nl": "Kies"}))
    assert f"{tmp_path}/all_types.yaml: {Q0}.help.fr: missing" in problems
    assert len(problems) == 4
