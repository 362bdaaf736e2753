"""The attack of issue 14 at scale, and on the demo: prints JSON lines.

Fixtures (default): for each of ``--rounds`` seeds, the network of ``benchmarks/attack.py``
(spring: Opex 10, Konterdam 1, the lone family; autumn: Opex 15, Konterdam 7) is built in a
throw-away SQLite database, everything a viewer can see is fetched through the test client and
solved. One line per fixture: {"seed", "small_cells", "pinned", "answers", "guessed_right",
"base_right", "answers_pinned"}; then a summary: {"fixtures", "guessed_right_pct",
"base_right_pct", "excess_points", "pinned", "passes"}. WAVE2: the attack passes when over at
least 1,000 lone families the attacker is right at most 3 points more often than the base rate
(always the round's most common answer), and no count about 1–4 people is pinned.
``--no-small-cells`` bounds only the lone family's answers (much faster).

``--demo``: the demo database (``participatie demo`` in a new instance folder, or the one of
PARTICIPATIE_INSTANCE_PATH with ``--instance``): as the demo viewer of each network, every
round's summary export, overview, report and results page per neighbourhood (``--filters``:
per language and age band too; slow); one line per network and round with the withheld counts
(shown as "fewer than 5") and how many of them the solver recovers exactly.

    .venv/bin/python benchmarks/disclosure_attack.py [--rounds 1000] [--seed 1]
        [--no-small-cells]
    .venv/bin/python benchmarks/disclosure_attack.py --demo [--instance PATH] [--filters]
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "een zin als wachtwoord"
DEMO_PASSWORD = "buurt-demo-2026"


def app_for(instance: str, database: str | None = None):
    os.environ["PARTICIPATIE_INSTANCE_PATH"] = instance
    from participatie import create_app

    config = {"SECRET_KEY": "attack", "PASSWORD_HASH_PROFILE": "CHEAPEST"}
    if database:
        config["DATABASE_URL"] = database
    app = create_app(config)

    @app.teardown_request
    def _forget_request_caches(_exc):
        # The script's app context is shared with the client's requests (as in the tests):
        # what Flask-Login and Flask-WTF cache in ``g`` must not pass from one request on.
        from flask import g

        for name in ("_login_user", "csrf_token"):
            g.pop(name, None)

    return app


def log_in(client, email: str, password: str) -> bool:
    import re

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token.group(1) if token else ""})
    return response.status_code == 302


def fixtures(rounds: int, first_seed: int, small_cells: bool) -> None:
    from flask_migrate import upgrade

    from benchmarks.attack import SIZES, attack, build, gather

    app = app_for(tempfile.mkdtemp(prefix="participatie-attack-"))
    totals = {"answers": 0, "guessed_right": 0, "base_right": 0, "pinned": 0}
    with app.app_context():
        upgrade()
        for seed in range(first_seed, first_seed + rounds):
            built = build(seed, key=f"attack-{seed}", password=PASSWORD)
            client = app.test_client()
            client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
            assert log_in(client, built.viewer, PASSWORD), f"cannot log in as {built.viewer}"
            outcome = attack(built, gather(client, built.network_key, SIZES),
                             small_cells=small_cells)
            figures = outcome.figures()
            for key in totals:
                totals[key] += figures[key]
            print(json.dumps({"seed": seed, **figures, "broken": len(outcome.broken),
                              "pinned_cells": [f"{b.cell.describe()} = {b.truth}"
                                               for b in outcome.pinned]}), flush=True)
    answers = totals["answers"] or 1
    right = 100 * totals["guessed_right"] / answers
    base = 100 * totals["base_right"] / answers
    print(json.dumps({"fixtures": rounds, "answers": totals["answers"],
                      "guessed_right_pct": round(right, 2), "base_right_pct": round(base, 2),
                      "excess_points": round(right - base, 2), "pinned": totals["pinned"],
                      "small_cells_bounded": small_cells,
                      "passes": rounds >= 1000 and right - base <= 3 and not totals["pinned"]}))


def demo(instance: str | None, filters: bool) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import select

    from benchmarks.attack import (
        AGE,
        ANY,
        Attack,
        Cell,
        Knowledge,
        Reader,
        gather,
        true_count,
        truth_of,
    )
    from participatie.extensions import db
    from participatie.i18n import LANGUAGES
    from participatie.models import CollectionLink, Network, Response, Round
    from participatie.services.compare import latest_version
    from participatie.services.results import answers_by_response

    fresh = instance is None
    app = app_for(instance or tempfile.mkdtemp(prefix="participatie-demo-"))
    with app.app_context():
        if fresh:
            upgrade()
            from participatie.services.demo import load_demo
            from participatie.services.questionnaires import load_published_versions

            load_published_versions()
            load_demo()
        knowledge = Knowledge.of_app(app.config["MIN_GROUP_SIZE"])
        for network in db.session.scalars(select(Network).order_by(Network.key)):
            rounds = sorted(network.rounds, key=lambda r: r.opens_on)
            client = app.test_client()
            client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
            if not log_in(client, f"viewer.{network.key}@example.org", DEMO_PASSWORD):
                continue  # a network without a demo viewer
            views = gather(client, network.key, [r.key for r in rounds], filters=filters)
            hoods = [h.name for h in network.neighbourhoods]
            for round_ in rounds:
                questionnaires = {v.key: latest_version(round_, v.key).questionnaire
                                  for v in round_.questionnaire_versions}
                records = _records(round_, questionnaires, answers_by_response,
                                   (CollectionLink, Response, Round))
                mine = [v for v in views if v.name.split()[1] == round_.key]
                reader = Reader(questionnaires, hoods, knowledge)
                figures = reader.read(mine)
                if not filters:  # a solver without the language and age-band dimensions
                    figures = [f for f in figures if not (f.scope.language or f.scope.age)]
                withheld, recovered, broken = 0, [], []
                for key, questionnaire in questionnaires.items():
                    age = AGE if filters else None
                    solver = Attack(questionnaire, figures, [round_.key], hoods,
                                    list(LANGUAGES) if filters else [ANY], knowledge,
                                    max_bands=5, age=age)  # families tick any age bands
                    truth = truth_of([r for k, r in records if k == key], questionnaire, age,
                                     languages=filters)
                    broken += solver.check(truth)
                    cells = {Cell(f.scope, f.question, f.value) for f in figures
                             if f.scope.questionnaire == key and f.measure == "count"
                             and f.lo == 1 and f.question is not None
                             and f.value is not None and f.scope.hoods}
                    for cell in cells:
                        count = true_count(truth, cell, age)
                        withheld += 1
                        if solver.pinned(cell, count):
                            recovered.append(f"{cell.describe()} = {count}")
                print(json.dumps({"network": network.key, "round": round_.key,
                                  "withheld_cells": withheld, "recovered": len(recovered),
                                  "broken": len(broken), "broken_figures": broken[:10],
                                  "recovered_cells": recovered}), flush=True)


def _records(round_, questionnaires, answers_by_response, models):
    """(questionnaire key, Record) per response of the round, read from the database."""
    from sqlalchemy import select

    from benchmarks.attack import Record
    from participatie.extensions import db
    from participatie.models import Neighbourhood, QuestionnaireVersion

    CollectionLink, Response, Round = models
    rows = db.session.execute(
        select(Response.id, Response.language, Neighbourhood.name, QuestionnaireVersion.key)
        .join(CollectionLink, CollectionLink.id == Response.link_id)
        .join(Neighbourhood, Neighbourhood.id == CollectionLink.neighbourhood_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Response.questionnaire_version_id)
        .where(CollectionLink.round_id == round_.id)).all()
    found = []
    for key, questionnaire in questionnaires.items():
        answers = answers_by_response(round_, questionnaire)
        found.extend((key, Record(round_.key, r.name, r.language, answers.get(r.id, {})))
                     for r in rows if r.key == key)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000, help="seeded lone families")
    parser.add_argument("--seed", type=int, default=1, help="the first seed")
    parser.add_argument("--no-small-cells", action="store_true",
                        help="bound only the lone family's answers")
    parser.add_argument("--demo", action="store_true", help="solve the demo's figures")
    parser.add_argument("--instance", help="--demo: an instance folder with the demo already")
    parser.add_argument("--filters", action="store_true",
                        help="--demo: also every language × age band filter (slow)")
    args = parser.parse_args()
    if args.demo:
        demo(args.instance, args.filters)
    else:
        fixtures(args.rounds, args.seed, not args.no_small_cells)


if __name__ == "__main__":
    main()
