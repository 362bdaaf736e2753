"""Demo Place Standard ratings: every demo neighbourhood in two rounds (an earlier, closed one
and the open one), adults and children, and one finished group session with the group's own
scores. Deterministic, stored through the one submit path: a second run adds nothing."""

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import CollectionLink, GroupSession, Network, Response, Round
from ..models.base import to_the_hour, utcnow
from ..vocabulary import FAMILY_SURVEY
from .compass import ADULTS, CHILDREN, DIMENSIONS
from .demo_responses import BRUSSELS, load_demo_responses
from .questionnaires import find_version
from .responses import Submission, submit
from .sessions import open_session, save_group_results

EARLIER_ROUND = ("voorjaar-2026", "Voorjaar 2026", date(2026, 3, 1), date(2026, 5, 31))
ADULTS_PER_ROUND, CHILDREN_PER_ROUND = 12, 7
# What families in the demo say most often: play and green score low, belonging higher.
DIMENSION_BIAS = {"play": -1.0, "nature": -0.6, "traffic": -0.8, "transport": 0.3,
                  "belonging": 0.7, "social": 0.4, "influence": -0.9, "safety": -0.2}
SESSION = {"network": "oostende", "neighbourhood": "vuurtorenwijk",
           "place": "Buurthuis De Vuurtoren", "held_on": date(2026, 10, 14)}
GROUP_SCORES = {"moving": 4, "transport": 5, "traffic": 2, "streets": 3, "nature": 3, "play": 2,
                "facilities": 4, "work": 3, "housing": 3, "social": 5, "belonging": 5,
                "safety": 3, "care": 2, "influence": 2}
GROUP_NOTES = {
    "play": "Het speelpleintje aan de Vuurtorenstraat is te klein en vaak vuil.",
    "traffic": "Auto's rijden te snel langs de school; vraag naar een schoolstraat.",
    "influence": "Ouders weten niet waar ze met een idee terechtkunnen.",
}


def earlier_round(network: Network, created: list[str]) -> Round:
    """The spring round before the demo's open one: it is closed (after its ratings are in)."""
    key, name, opens, closes = EARLIER_ROUND
    round_ = db.session.scalar(select(Round).where(Round.network_id == network.id,
                                                   Round.key == key))
    if round_ is None:
        round_ = Round(network=network, key=key, name=name, opens_on=opens, closes_on=closes)
        db.session.add(round_)
        created.append(f"round {key} in {network.key}")
    return round_


def load_place_ratings(rounds: list[Round], created: list[str]) -> int:
    """Ratings for every neighbourhood of these rounds; the earlier round closes afterwards."""
    versions = {ADULTS: find_version(ADULTS), CHILDREN: find_version(CHILDREN)}
    stored = 0
    last_days = {}
    for round_ in rounds:
        # The demo stores a past round's answers as if during the round: it stays open (no
        # last day) while they are stored, then gets its last day back and is closed.
        last_days[round_.key], round_.closes_on, round_.closed_at = round_.closes_on, None, None
        for version in versions.values():
            if version not in round_.questionnaire_versions:
                round_.questionnaire_versions.append(version)
        for hood in round_.network.neighbourhoods:
            if hood not in round_.neighbourhoods:
                round_.neighbourhoods.append(hood)
            for kind, count in ((ADULTS, ADULTS_PER_ROUND), (CHILDREN, CHILDREN_PER_ROUND)):
                link = _personal_link(round_, hood, versions[kind], created)
                stored += _ratings(link, kind, count)
        if round_.key == EARLIER_ROUND[0]:
            family = find_version(FAMILY_SURVEY)
            if family not in round_.questionnaire_versions:
                round_.questionnaire_versions.append(family)
            links = [_link(round_, hood, family, "kiosk", f"{hood.key}-{round_.key[:7]}",
                           created) for hood in round_.network.neighbourhoods]
            stored += load_demo_responses(links)
    for round_ in rounds:
        round_.closes_on = last_days[round_.key]
        if round_.key == EARLIER_ROUND[0]:
            round_.closed_at = utcnow()
    db.session.commit()
    return stored


def _personal_link(round_, hood, version, created) -> CollectionLink:
    suffix = "ps" if version.key == ADULTS else "psk"
    return _link(round_, hood, version, "personal", f"{hood.key}-{suffix}-{round_.key[:7]}",
                 created)


def _link(round_, hood, version, mode: str, code: str, created) -> CollectionLink:
    link = db.session.scalar(select(CollectionLink).where(CollectionLink.code == code))
    if link is None:
        link = CollectionLink(code=code, round=round_, neighbourhood=hood,
                              questionnaire_version=version, mode=mode)
        db.session.add(link)
        db.session.commit()
        created.append(f"link {code}")
    return link


def _ratings(link: CollectionLink, kind: str, count: int, seed: str | None = None) -> int:
    rng = random.Random(seed or f"demo-ps-{link.code}")
    # A neighbourhood's mood is its own in both rounds; spring was a little less happy.
    mood = random.Random(f"demo-ps-mood-{link.neighbourhood.key}").uniform(-1.0, 1.0)
    if link.round.key == EARLIER_ROUND[0]:
        mood -= 0.4  # things got a little better since spring, in the demo
    stored = 0
    for _ in range(count):
        response_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        answers: dict[str, Any] = {}
        for dimension in DIMENSIONS:
            score = rng.gauss(4.0 + mood * 1.2 + DIMENSION_BIAS.get(dimension, 0.0) * 1.5, 1.3)
            if rng.random() < 0.08:
                continue  # "don't know": skipped
            answers[dimension] = (max(1, min(3, round(1 + (score - 1) / 3))) if kind == CHILDREN
                                  else max(1, min(7, round(score))))
        if kind == ADULTS:
            ranked = sorted(DIMENSIONS, key=lambda t: answers.get(t, 8) + rng.random())
            answers["priorities"] = ranked[:3]
        language = rng.choices(["nl", "ar", "tr", "fr"], weights=[70, 12, 12, 6])[0]
        day = rng.randrange(0, 60)  # drawn always: the same series on every run
        if submit(Submission(response_id, link.code, language, answers)).created:
            stored += 1
            opens = link.round.opens_on
            if opens:  # as if answered during the round
                moment = datetime.combine(opens + timedelta(days=day), time(15), BRUSSELS)
                db.session.get(Response, response_id).submitted_at = to_the_hour(moment)
                db.session.commit()
    return stored


def load_demo_session(created: list[str]) -> None:
    """One finished focus group in Vuurtorenwijk, with individual and group ratings."""
    network = db.session.scalar(select(Network).where(Network.key == SESSION["network"]))
    if db.session.scalar(select(GroupSession).where(GroupSession.network_id == network.id)):
        return
    hood = next(n for n in network.neighbourhoods if n.key == SESSION["neighbourhood"])
    round_ = next(r for r in network.rounds if r.closed_at is None)
    session = open_session(network, round_id=round_.id, neighbourhood_id=hood.id,
                           held_on=SESSION["held_on"], place=SESSION["place"], participants=9,
                           kinds=["parents", "children", "partners"])
    for link in session.links:
        kind = link.questionnaire_version.key
        _ratings(link, kind, 7 if kind == ADULTS else 5, seed=f"demo-session-{kind}")
    save_group_results(
        session, {t: (score, GROUP_NOTES.get(t, "")) for t, score in GROUP_SCORES.items()},
        ["play", "traffic", "influence"], 9,
        "Negen deelnemers: zes ouders, twee kinderen en een buurtwerker. Veel gesprek over "
        "spelen en verkeer.")
    session.finished_at = utcnow()
    for link in session.links:
        link.closed_at = utcnow()
    db.session.commit()
    created.append(f"group session in {hood.name}")
