"""Plausible family responses for the demo neighbourhoods (at least 40 each).

Deterministic: the same ids and answers every run, stored through the one submit path, so a
second `participatie demo` finds them all stored already. Open answers come from
``demo_answers.yaml``: written for the demo, many words for the same things, five languages.
"""

import random
import uuid
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from ..extensions import db
from ..models import CollectionLink, Response
from ..models.base import to_the_hour
from .responses import Submission, submit

PER_NEIGHBOURHOOD = 45
ANSWERS_FILE = Path(__file__).with_name("demo_answers.yaml")
BRUSSELS = ZoneInfo("Europe/Brussels")
# Home languages differ per municipality; the survey language follows them.
LANGUAGE_MIX = {
    "oostende": {"nl": 58, "fr": 6, "en": 8, "ar": 16, "tr": 12},
    "beringen": {"nl": 55, "fr": 3, "en": 4, "ar": 13, "tr": 25},
    "brugge": {"nl": 68, "fr": 10, "en": 10, "ar": 8, "tr": 4},
}
FUNCTIONS = ["childcare_school", "play_leisure", "family_support_health", "meeting",
             "public_space", "basic_rights"]
CHANNELS = ["school", "in_person", "phone_message", "paper", "poster", "social_media", "website"]
FIRST_STOP = {"school": 30, "health": 22, "family_friends": 25, "huis_van_het_kind": 10,
              "internet": 8, "nobody": 5}


@cache
def open_answers() -> dict:
    return yaml.safe_load(ANSWERS_FILE.read_text(encoding="utf-8"))


def load_demo_responses(links: list[CollectionLink]) -> int:
    """Store the demo responses of each neighbourhood link; return how many were new."""
    created = 0
    for link in links:
        rng = random.Random(f"demo-{link.code}")
        pools = {question: {lang: rng.sample(texts, len(texts)) for lang, texts in by_lang.items()}
                 for question, by_lang in open_answers().items()}
        mood = rng.uniform(-0.8, 0.8)  # some neighbourhoods are happier than others
        for _ in range(PER_NEIGHBOURHOOD):
            created += _store(link, rng, pools, mood)
    return created


def _store(link, rng: random.Random, pools: dict, mood: float) -> int:
    mix = LANGUAGE_MIX.get(link.round.network.key, {"nl": 1})
    language = rng.choices(list(mix), weights=list(mix.values()))[0]
    response_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    opens = link.round.opens_on
    day = opens + timedelta(days=rng.randrange(0, 60))
    started = datetime.combine(day, time(rng.randrange(8, 18), rng.randrange(60)), BRUSSELS)
    answers = _answers(rng, language, pools, mood)
    duration = timedelta(minutes=rng.randrange(3, 12))  # drawn always: the same series each run
    receipt = submit(Submission(response_id, link.code, language, answers, started_at=started))
    if not receipt.created:
        return 0
    # Spread the demo over the round's days, as if families had answered then.
    response = db.session.get(Response, response_id)
    response.submitted_at = to_the_hour(started + duration)
    db.session.commit()
    return 1


def _smiley(rng: random.Random, mood: float, bias: float = 0.0) -> int:
    return max(1, min(5, round(rng.gauss(3.4 + mood + bias, 1.0))))


def _some(rng: random.Random, keys: list[str], low: int, high: int) -> list[str]:
    return sorted(rng.sample(keys, rng.randint(low, high)), key=keys.index)


def _answers(rng: random.Random, language: str, pools: dict, mood: float) -> dict:
    bands = _some(rng, ["0-2", "3-5", "6-9", "10-12", "13-18"], 1, 3)
    little_ones = bool({"0-2", "3-5"} & set(bands))
    home = {language} | ({"nl"} if rng.random() < 0.5 else set())
    if language in ("ar", "fr") and rng.random() < 0.3:
        home.add("ber")
    missed = _some(rng, FUNCTIONS, 0, 3) or ["nothing"]
    answers = {
        "children_age": bands,
        "children_count": len(bands) + rng.choice([0, 0, 0, 1, 1, 2]),
        "home_languages": [k for k in ["nl", "fr", "en", "ar", "ber", "tr"] if k in home],
        "offer_used": _some(rng, FUNCTIONS, 1, 4),
        "offer_missed": missed,
        "reachable": _smiley(rng, mood, 0.3),
        "available": _smiley(rng, mood, -0.5),
        "affordable": _smiley(rng, mood, -0.3 if language != "nl" else 0.1),
        "understandable": _smiley(rng, mood, -0.9 if language != "nl" else 0.4),
        "usable": _smiley(rng, mood),
        "childcare_used": little_ones and rng.random() < 0.7,
        "first_question_to": rng.choices(list(FIRST_STOP), weights=list(FIRST_STOP.values()))[0],
        "information_channel": _some(rng, CHANNELS, 1, 3),
    }
    if answers["childcare_used"]:
        answers["childcare_reachable"] = _smiley(rng, mood, 0.2)
    for question, share in (("better_neighbourhood", 0.6), ("anything_else", 0.3)):
        pool = pools[question][language]
        if pool and rng.random() < share:
            answers[question] = pool.pop()
    return answers
