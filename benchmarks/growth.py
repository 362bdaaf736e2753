"""Growth: the dashboard pages of one round as the instance around it grows.

The latest round of a network (1,000 family responses by default) is measured while the rest of the
instance holds more and more: the network's nine other rounds and two other networks of ten
rounds each share ``total - round`` responses. At 1,000 / 10,000 / 100,000 responses in all,
a page of that one round must not slow down (issue 20, item 5).

Each size gets a fresh database (SQLite in a temporary instance folder; PostgreSQL when
``PARTICIPATIE_TEST_DATABASE_URL`` is set, as ``scripts/with-postgresql`` does) and a fresh app,
so "first" is the first request with nothing counted yet and "median" the median of three.

Prints a table on stderr and one JSON object on stdout:
{"database", "round_responses", "sizes": [{"total_responses", "build_s", "first_ms": {page: ms},
"median_ms": {page: ms}}], "slowdown": {page: median at the largest size / at the smallest}}.

    .venv/bin/python benchmarks/growth.py [--sizes 1000,10000,100000] [--round 1000]
    PGPORT_TEST=55433 scripts/with-postgresql .venv/bin/python benchmarks/growth.py
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "een lange zin voor de meting"
OTHER_NETWORKS = 2
ROUNDS = 10
HOODS = 6
PAGES = {
    "overview": "/",
    "results": "/results",
    "results_filtered": "/results?neighbourhood={hood}&language=nl&age=3-5",
    "compare": "/compare",
    "summary_xlsx": "/export?kind=summary&format=xlsx",
    "responses_csv": "/export?kind=responses&format=csv",
    "report": "/report",
}


def database_url(size: int) -> str | None:
    """A new PostgreSQL database for this size beside the given one, or None for SQLite."""
    given = os.environ.get("PARTICIPATIE_TEST_DATABASE_URL")
    if not given:
        return None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(given)
    name = f"growth_{size}"
    engine = create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def build(total: int, measured: int):
    """An app on a new database: the measured round (network "bench", its latest round r9,
    which the report compares with r8) with ``measured`` responses, and ``total - measured``
    spread over the other rounds and networks."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from participatie import create_app
    from participatie.extensions import db
    from participatie.models import Answer, CollectionLink, Neighbourhood, Network, Response, Round
    from participatie.services.accounts import create_user, grant_role
    from participatie.services.cells import cells_of
    from participatie.services.demo_responses import _answers, open_answers
    from participatie.services.questionnaires import find_version, load_published_versions
    from participatie.services.responses import Submission, _answer_rows, content_hash

    os.environ["PARTICIPATIE_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="participatie-growth-")
    config = {"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
              "PASSWORD_HASH_PROFILE": "CHEAPEST"}
    if url := database_url(total):
        config["DATABASE_URL"] = url
    app = create_app(config)
    with app.app_context():
        upgrade()
        load_published_versions()
        family = find_version("family")
        links_per_round = []
        for n in range(1 + OTHER_NETWORKS):
            network = Network(key="bench" if n == 0 else f"other-{n}", name=f"Network {n}",
                              questionnaire_versions=[family])
            hoods = [Neighbourhood(network=network, key=f"wijk-{i}", name=f"Wijk {i}",
                                   population={"families": 3000}) for i in range(HOODS)]
            for r in range(ROUNDS):
                round_ = Round(network=network, key=f"r{r}", name=f"Ronde {r}",
                               opens_on=date(2020 + r // 2, 3 + 6 * (r % 2), 1),
                               questionnaire_versions=[family], neighbourhoods=hoods)
                links = [CollectionLink(code=f"{network.key}-r{r}-{h.key}", round=round_,
                                        neighbourhood=h, questionnaire_version=family,
                                        mode="kiosk") for h in hoods]
                db.session.add_all(links)
                links_per_round.append(links)
            db.session.add(network)
        db.session.commit()
        grant_role(create_user("bench@example.org", password=PASSWORD),
                   db.session.get(Network, 1), "coordinator")
        rng = random.Random(total)
        pools = {q: {lang: list(texts) for lang, texts in by_lang.items()}
                 for q, by_lang in open_answers().items()}
        others = len(links_per_round) - 1
        sizes = [(total - measured) // others] * len(links_per_round)
        sizes[ROUNDS - 1] = measured
        questionnaire = family.questionnaire
        for links, count in zip(links_per_round, sizes, strict=True):
            for start in range(0, count, 5000):
                responses, answers = [], []
                for i in range(start, min(count, start + 5000)):
                    link = links[i % HOODS]
                    language = rng.choices(["nl", "ar", "tr", "fr", "en"], [60, 15, 15, 5, 5])[0]
                    given = _answers(rng, language, pools, rng.uniform(-0.5, 0.5))
                    rid = uuid.UUID(int=rng.getrandbits(128), version=4)
                    rows = _answer_rows(rid, questionnaire, given)  # and their cells, as a submit
                    responses.append({
                        "id": rid, "link_id": link.id, "language": language,
                        "cells": cells_of(rows),
                        "questionnaire_version_id": family.id,
                        "submitted_at": datetime(2026, 10, 1 + i % 28, tzinfo=UTC),
                        "content_hash": content_hash(Submission(rid, link.code, language, given),
                                                     family.version, given)})
                    answers.extend(rows)
                db.session.execute(insert(Response), responses)
                db.session.execute(insert(Answer), answers)
                db.session.commit()
        if db.engine.dialect.name == "postgresql":
            from sqlalchemy import text

            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.session.remove()
    return app


def time_pages(app) -> tuple[dict, dict]:
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    base = f"/dashboard/networks/bench/rounds/r{ROUNDS - 1}"
    with app.app_context():
        from sqlalchemy import select

        from participatie.extensions import db
        from participatie.models import Neighbourhood

        hood = db.session.scalar(select(Neighbourhood.id).order_by(Neighbourhood.id))
    first, median = {}, {}
    for name, path in PAGES.items():
        samples = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(base + path.format(hood=hood))
            response.get_data()  # a streamed export is timed to its last byte
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        first[name], median[name] = round(samples[0], 1), round(statistics.median(samples), 1)
    with app.app_context():
        from participatie.extensions import db

        db.engine.dispose()
    return first, median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="responses in the whole instance, comma-separated")
    parser.add_argument("--round", type=int, default=1000, dest="measured",
                        help="responses in the measured round")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    database = "postgresql" if os.environ.get("PARTICIPATIE_TEST_DATABASE_URL") else "sqlite"
    rows = []
    for total in sizes:
        started = time.perf_counter()
        app = build(total, args.measured)
        built = round(time.perf_counter() - started, 1)
        first, median = time_pages(app)
        rows.append({"total_responses": total, "build_s": built, "first_ms": first,
                     "median_ms": median})
        print(f"{database} {total:>7} responses: " + ", ".join(
            f"{page} {first[page]:.0f}/{median[page]:.0f}" for page in PAGES), file=sys.stderr)
    slowdown = {page: round(rows[-1]["median_ms"][page] / rows[0]["median_ms"][page], 2)
                for page in PAGES}
    print(json.dumps({"database": database, "round_responses": args.measured, "sizes": rows,
                      "slowdown": slowdown}, indent=2))


if __name__ == "__main__":
    main()
