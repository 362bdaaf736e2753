"""The attack of issue 14: everything a viewer can see of two rounds (a lone family beside a
neighbourhood of 10; 7 beside 15), given to an integer solver (``benchmarks/attack.py``).

WAVE2's promise: no count about 1–4 people is pinned to one value, and the lone family is in no
figure at all (its neighbourhood is left out of every figure), so that every page and export is
the same whatever it answered. The full measure (≥ 1,000 seeded lone families, guessed no more
than 3 points above the base rate) is ``benchmarks/disclosure_attack.py``.
"""

import difflib
import random
import re

from benchmarks.attack import (
    SIZES,
    attack,
    build,
    draw_answers,
    gather,
    population_of,
    questionnaire_of,
)
from tests.conftest import log_in

SEED = 14


def seen_by_a_viewer(english_client, built):
    client = english_client()
    assert log_in(client, built.viewer).status_code == 302
    return gather(client, built.network_key, SIZES)


def test_no_count_about_fewer_than_five_people_is_pinned(app, english_client):
    built = build(SEED)
    outcome = attack(built, seen_by_a_viewer(english_client, built))
    assert not outcome.broken, "the attack's knowledge model is unsound: the true counts break " \
        + "; ".join(outcome.broken[:10])
    assert outcome.small, "the fixture has counts of 1–4 people to bound"
    pinned = [f"{b.cell.describe()} = {b.truth}, pinned by: {'; '.join(b.figures) or '(sums)'}"
              for b in outcome.pinned]
    assert not pinned, (f"{len(pinned)} of {len(outcome.small)} counts about 1–4 people are "
                        f"pinned to one value ({outcome.figures()}):\n" + "\n".join(pinned))


def normalised(text: str, network: str) -> str:
    """A page without what differs between two networks and two sessions: the network's key
    (in its name too), its neighbourhoods' and rounds' ids, form tokens."""
    text = text.replace(network, "NETWORK")
    text = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', 'name="csrf_token"', text)
    return re.sub(r'(value="|hood-|neighbourhood=|round=)\d+', r"\1ID", text)


def test_every_page_is_the_same_whatever_the_lone_family_answered(app, english_client):
    """Two networks alike in everything (answers, languages, record keys) but the lone family's
    answers: a viewer sees the same figures in both, on every page and in every export."""
    first = build(SEED, key="netone")
    second = build(SEED, key="nettwo", lone_answers=other_answers())
    assert first.lone.answers != second.lone.answers
    one = seen_by_a_viewer(english_client, first)
    two = seen_by_a_viewer(english_client, second)
    assert [v.name for v in one] == [v.name for v in two]
    differ = [(a.name, normalised(a.text, "netone"), normalised(b.text, "nettwo"))
              for a, b in zip(one, two, strict=True)]
    differ = [(name, a, b) for name, a, b in differ if a != b]
    assert not differ, (f"{len(differ)} of {len(one)} views differ with the lone family's "
                        "answers (it should be in no figure):\n" + "\n".join(
                            f"{name}: {difference(a, b)}" for name, a, b in differ[:12]))


def difference(a: str, b: str) -> str:
    changed = [line for line in difflib.unified_diff(a.splitlines(), b.splitlines(), n=0,
                                                     lineterm="")
               if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return " | ".join(re.sub(r"\s+", " ", line)[:160] for line in changed[:4])


def other_answers() -> dict:
    """Another family's answers, drawn from another population."""
    rng = random.Random(SEED + 1)
    questionnaire = questionnaire_of()
    return draw_answers(rng, population_of(rng, questionnaire), questionnaire)
