"""The 1–7 scale of the Place Standard, and comments asked on the same screen as a question."""

import pytest

from participatie.questionnaire import AnswerError, DefinitionError, parse
from tests.conftest import DATA, read_definition

RATING = DATA / "questionnaires" / "rating.yaml"


@pytest.fixture
def rating():
    return parse(read_definition(RATING), "rating.yaml")


@pytest.mark.parametrize("value", [1, 4, 7, 7.0])
def test_the_scale_takes_a_whole_number_from_1_to_7(rating, value):
    assert rating.question("moving").clean(value) == int(value)


@pytest.mark.parametrize("value", [0, 8, 3.5, "4", True, None])
def test_the_scale_refuses_anything_else(rating, value):
    with pytest.raises(AnswerError, match="from 1 to 7"):
        rating.question("moving").clean(value)


def test_the_scale_is_an_ordinal_number(rating):
    scale = rating.question("moving")
    assert (scale.summary, scale.column) == ("ordinal", "number")
    assert [form_value for form_value, *_ in scale.choices()] == [str(n) for n in range(1, 8)]


def test_comments_are_questions_of_their_own_on_their_questions_screen(rating):
    keys = [q.key for q in rating.questions()]
    assert keys == ["moving", "moving_good", "moving_better", "play", "priorities"]
    assert [q.key for q in rating.screens({})] == ["moving", "play", "priorities"]
    assert rating.screen_of("moving_better").key == "moving"


def test_a_comment_must_be_optional(tmp_path):
    definition = read_definition(RATING)
    definition["sections"][0]["questions"][0]["comments"][0]["required"] = True
    with pytest.raises(DefinitionError) as refused:
        parse(definition, "rating.yaml")
    assert "sections[0].questions[0]" in "\n".join(refused.value.lines())
