"""Any JSON value in, an answer or an AnswerError out: each question type's ``clean``, under
hypothesis (issue 16). What comes out can be stored (JSON, UTF-8) and is clean already."""

import json
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participatie.questionnaire import AnswerError, parse
from tests.conftest import DATA, read_definition

QUESTIONNAIRES = Path(__file__).parents[2] / "questionnaires"


def all_questions():
    found = {}
    sources = [read_definition(), read_definition(DATA / "questionnaires" / "rating.yaml")]
    for path in sorted(QUESTIONNAIRES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "sections" in data:
            sources.append(data)
    for data in sources:
        for question in parse(data, "test", QUESTIONNAIRES).questions():
            found.setdefault(question.type, []).append(question)
            for comment in question.comments:
                found.setdefault(comment.type, []).append(comment)
    return found


QUESTIONS = all_questions()
# Any JSON value: strings with any code point (lone surrogates and control characters too),
# huge and tiny numbers, nesting; and the values a question of some type expects.
text = st.text(st.characters(exclude_categories=()), max_size=40)
scalars = (st.none() | st.booleans() | st.integers() | st.integers(-10, 12)
           | st.floats(allow_nan=True, allow_infinity=True) | text
           | st.sampled_from(["bus", "0-2", "6-9", "yes", "", " ", "1", "3.5", "\ud800",
                             "a\udfffb", "\x00\x07 \u200b", 10**30, -(10**30), 2**63]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                           | st.dictionaries(text, inner, max_size=4), max_leaves=20)


def storable(value) -> None:
    json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")


@pytest.mark.parametrize("kind", sorted(QUESTIONS))
@settings(max_examples=100, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values)
def test_clean_gives_an_answer_or_an_answer_error(kind, value):
    for question in QUESTIONS[kind]:
        try:
            cleaned = question.clean(value)
        except AnswerError as refused:
            assert str(refused.message)
            continue
        storable(cleaned)
        if isinstance(cleaned, float):
            assert math.isfinite(cleaned)
        assert question.clean(cleaned) == cleaned  # clean already
