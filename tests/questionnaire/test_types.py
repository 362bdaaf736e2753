"""Each question type: what it accepts, what it refuses, how it is stored and summarised."""

import pytest

from participatie.questionnaire import REGISTRY, AnswerError, parse
from tests.conftest import read_definition


@pytest.fixture(scope="module")
def questions():
    definition = parse(read_definition(), "all_types.yaml")
    return {question.key: question for question in definition.questions()}


def test_the_registry_holds_one_class_per_type():
    assert set(REGISTRY) == {
        "single_choice", "multiple_choice", "smiley", "scale", "yes_no", "number", "open_text",
    }


def test_each_type_names_its_summary(questions):
    summaries = {q.type: q.summary for q in questions.values()}
    assert summaries == {
        "single_choice": "categorical",
        "multiple_choice": "multi_categorical",
        "smiley": "ordinal",
        "yes_no": "binary",
        "number": "numeric",
        "open_text": "text",
    }


ACCEPTED = [
    ("transport", "bus", "bus"),
    ("ages", ["6-9", "0-2", "6-9"], ["0-2", "6-9"]),  # definition order, each option once
    ("happy", 1, 1),
    ("happy", 5.0, 5),
    ("childcare", False, False),
    ("children", 3, 3),
    ("children", 12.0, 12),
    ("wish", "  een speeltuin  ", "een speeltuin"),
    ("wish", "x" * 20, "x" * 20),
]


@pytest.mark.parametrize(("key", "value", "stored"), ACCEPTED)
def test_valid_answers_are_cleaned(questions, key, value, stored):
    assert questions[key].clean(value) == stored
    assert type(questions[key].clean(value)) is type(stored)


REFUSED = [
    ("transport", "car", "Choose one of the answers shown."),
    ("transport", ["bus"], "Choose one of the answers shown."),
    ("ages", "0-2", "Choose one or more of the answers shown."),
    ("ages", ["0-2", "99"], "Choose one of the answers shown."),
    ("happy", 0, "Tap one of the faces."),
    ("happy", 6, "Tap one of the faces."),
    ("happy", 2.5, "Tap one of the faces."),
    ("happy", True, "Tap one of the faces."),
    ("childcare", "yes", "Answer yes or no."),
    ("childcare", 1, "Answer yes or no."),
    ("children", 0, "Enter a number from 1 to 12."),
    ("children", 13, "Enter a number from 1 to 12."),
    ("children", 2.5, "Enter a number."),
    ("children", "3", "Enter a number."),
    ("children", True, "Enter a number."),
    ("children", float("nan"), "Enter a number."),
    ("wish", "x" * 21, "Use at most 20 characters (now 21)."),
    ("wish", 42, "Type your answer as text."),
]


@pytest.mark.parametrize(("key", "value", "message"), REFUSED)
def test_invalid_answers_are_refused_with_a_message(questions, key, value, message):
    with pytest.raises(AnswerError) as refused:
        questions[key].clean(value)
    assert str(refused.value.message) == message


def test_multiple_choice_respects_max_choices():
    data = read_definition()
    data["sections"][0]["questions"][1]["max_choices"] = 2
    ages = parse(data, "all_types.yaml").question("ages")
    assert ages.clean(["0-2", "3-5"]) == ["0-2", "3-5"]
    with pytest.raises(AnswerError) as refused:
        ages.clean(["0-2", "3-5", "6-9"])
    assert str(refused.value.message) == "Choose at most 2 answers."


def test_numbers_may_be_decimal_when_the_question_says_so():
    data = read_definition()
    data["sections"][0]["questions"][5].update(integer=False, min=0.5, max=2.5)
    children = parse(data, "all_types.yaml").question("children")
    assert children.clean(1.5) == 1.5
    with pytest.raises(AnswerError) as refused:
        children.clean(3)
    assert str(refused.value.message) == "Enter a number from 0.5 to 2.5."


@pytest.mark.parametrize(("key", "value"), [
    ("transport", "walk"), ("ages", ["0-2", "6-9"]), ("happy", 4), ("childcare", True),
    ("children", 7), ("wish", "meer groen"),
])
def test_values_survive_the_answer_rows(questions, key, value):
    question = questions[key]
    rows = question.to_rows(value)
    columns = {"option_key": None, "number": None, "flag": None, "text": None}
    assert question.from_rows([{**columns, **row} for row in rows]) == value


def test_a_condition_shows_the_question_only_for_the_named_answer():
    definition = parse(read_definition(), "all_types.yaml")
    mood = definition.question("childcare_mood")
    assert definition.visible(mood, {"childcare": True})
    assert not definition.visible(mood, {"childcare": False})
    assert not definition.visible(mood, {})
