"""Server time of the dashboard's pages on a round of 10,000 family responses with open
answers (and a spring round of 2,000 to compare with), and peak memory.

Prints one JSON object: {"pages_ms": {page: median server ms of 5 requests},
"pages_first_request_ms": {page: the first request after a change (a new response, so the
round's figures are counted again)}, "pages_cold_ms": {page: the first request in a new process
(templates compiled too)}, "report_pdf_s" (the round's PDF report made by its job), "recluster_s",
"first_analysis_s", "peak_rss_mb", "responses", "open_answers", "targets_met"}. Targets (issues
8 and 20): each page ≤ 300 ms server time, median and first request after a change; the
row-level CSV ≤ 1 s (and "csv_first_byte_ms": when its first bytes leave, measured, no goal
given); the PDF report ≤ 5 s; re-analysis with stored embeddings ≤ 5 s.

"first_analysis_s" is the themes job of the autumn round's "better_neighbourhood" answers run
the first time (every answer embedded and stored); "recluster_s" is the same job run again
(vectors read back from the database, themes found anew, people's codings kept). The open
answers are the demo's, each joined to a second one of the same language, so that nearly every
answer is a text of its own as real answers are (an embedding is computed per distinct text).
--no-themes leaves the jobs out (both null). Before the first timed request the objects made
so far are frozen out of the garbage collector's passes, as ``participatie serve`` does before
its workers fork (``--no-gc-freeze`` leaves them in).

    .venv/bin/python benchmarks/dashboard.py [--responses 10000] [--no-themes] [--no-gc-freeze]
"""

import argparse
import gc
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FREEZE = True  # --no-gc-freeze
sys.path.insert(0, str(ROOT))


def build(count: int, spring: int):
    from sqlalchemy import insert

    from participatie import create_app
    from participatie.extensions import db
    from participatie.models import Answer, CollectionLink, Neighbourhood, Network, Response, Round
    from participatie.services.cells import cells_of
    from participatie.services.demo_responses import _answers, open_answers
    from participatie.services.questionnaires import find_version, load_published_versions
    from participatie.services.responses import Submission, _answer_rows, content_hash

    folder = tempfile.mkdtemp(prefix="participatie-bench-")
    os.environ["PARTICIPATIE_INSTANCE_PATH"] = folder
    app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_PROFILE": "CHEAPEST"})
    context = app.app_context()
    context.push()
    from flask_migrate import upgrade

    upgrade()
    load_published_versions()
    family = find_version("family")
    network = Network(key="bench", name="Bench", questionnaire_versions=[family])
    hoods = [Neighbourhood(network=network, key=f"wijk-{i}", name=f"Wijk {i}",
                           population={"families": 3000}) for i in range(6)]
    rounds = [Round(network=network, key=key, name=key, opens_on=opens,
                    questionnaire_versions=[family], neighbourhoods=hoods)
              for key, opens in (("voorjaar", date(2026, 3, 1)), ("najaar", date(2026, 9, 1)))]
    links = {(r.key, h.key): CollectionLink(code=f"{r.key}-{h.key}", round=r, neighbourhood=h,
                                            questionnaire_version=family, mode="kiosk")
             for r in rounds for h in hoods}
    db.session.add_all([network, *hoods, *rounds, *links.values()])
    db.session.commit()
    rng = random.Random(0)
    pools = {q: {lang: _variants(rng, texts, 80) for lang, texts in by_lang.items()}
             for q, by_lang in open_answers().items()}
    questionnaire = family.questionnaire
    for round_key, n in (("voorjaar", spring), ("najaar", count)):
        responses, answers = [], []
        for i in range(n):
            link = links[round_key, f"wijk-{i % 6}"]
            language = rng.choices(["nl", "ar", "tr", "fr", "en"], [60, 15, 15, 5, 5])[0]
            given = _answers(rng, language, pools, rng.uniform(-0.5, 0.5))
            rid = uuid.UUID(int=rng.getrandbits(128), version=4)
            rows = _answer_rows(rid, questionnaire, given)  # and their cells, as a submit
            responses.append({"id": rid, "link_id": link.id, "language": language,
                              "cells": cells_of(rows),
                              "questionnaire_version_id": family.id,
                              "submitted_at": datetime(2026, 10, 1 + i % 28, tzinfo=UTC),
                              "content_hash": content_hash(
                                  Submission(rid, link.code, language, given), 2, given)})
            answers.extend(rows)
        db.session.execute(insert(Response), responses)
        db.session.execute(insert(Answer), answers)
        db.session.commit()
    return app, rounds


def _variants(rng, texts: list[str], times: int) -> list[str]:
    """Each text as it is once, then joined to another of the pool: distinct answers."""
    found = list(texts)
    for _ in range(times - 1):
        found.extend(f"{text.rstrip('.!')}. {rng.choice(texts)}" for text in texts)
    rng.shuffle(found)
    return found


def time_pages(app) -> tuple[dict, dict, dict, float]:
    from sqlalchemy import select

    from participatie.extensions import db
    from participatie.models import Network
    from participatie.services.accounts import create_user, grant_role

    network = db.session.scalar(select(Network))
    from participatie.services.demo_population import load_demo_population

    load_demo_population()  # population figures for the reach page
    grant_role(create_user("bench@example.org", password="een lange zin voor de meting"),
               network, "coordinator")
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org",
                                "password": "een lange zin voor de meting"})
    base = "/dashboard/networks/bench/rounds/najaar"
    hood = network.neighbourhoods[0].id
    pages = {
        "overview": f"{base}/",
        "results": f"{base}/results",
        "results_filtered": f"{base}/results?neighbourhood={hood}&language=nl&age=3-5",
        "compare": f"{base}/compare",
        "compare_neighbourhood": f"{base}/compare?neighbourhood={hood}",
        "reach": f"{base}/reach?neighbourhood={hood}",
        "trend": f"{base}/trend",
        "trend_neighbourhood": f"{base}/trend?neighbourhood={hood}",
        "export_summary_xlsx": f"{base}/export?kind=summary&format=xlsx",
        "export_responses_csv": f"{base}/export?kind=responses&format=csv",
        "report": f"{base}/report",
    }
    if FREEZE:
        gc.freeze()  # as `participatie serve` does before its workers fork
    def timed(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        response.get_data()  # a streamed export is timed to its last byte
        assert response.status_code == 200, (url, response.status_code)
        return (time.perf_counter() - start) * 1000

    timings, cold = {}, {}
    for name, url in pages.items():
        samples = [timed(url) for _ in range(5 if "export" not in name and name != "report"
                                             else 2)]
        timings[name] = round(statistics.median(samples), 1)
        cold[name] = round(samples[0], 1)
    # The first request after a change: a family's response arrives (through the one submit
    # path), so every figure of the round is counted again; the process is warm.
    first = {}
    for name, url in pages.items():
        _one_more_response()
        first[name] = round(timed(url), 1)
    # The row-level CSV is streamed: how long a coordinator waits for its first bytes.
    start = time.perf_counter()
    streamed = client.get(pages["export_responses_csv"], buffered=False)
    next(iter(streamed.response))
    first_byte = round((time.perf_counter() - start) * 1000, 1)
    streamed.close()
    return timings, first, cold, first_byte


def targets(pages: dict, first: dict, pdf: float) -> dict:
    """Issue 20's goals: each page ≤ 300 ms (median and the first request after a change), the
    row-level CSV complete ≤ 1 s, the PDF report ≤ 5 s."""
    met = {f"{name}_le_300ms": pages[name] <= 300 and first[name] <= 300
           for name in first if name != "export_responses_csv"}
    met["export_responses_csv_le_1000ms"] = (pages["export_responses_csv"] <= 1000
                                             and first["export_responses_csv"] <= 1000)
    met["report_pdf_le_5s"] = pdf <= 5
    return met


def _one_more_response() -> None:
    from participatie.services.demo_responses import _answers, open_answers
    from participatie.services.responses import Submission, submit

    pools = {q: {lang: list(texts) for lang, texts in by_lang.items()}
             for q, by_lang in open_answers().items()}
    answers = _answers(random.Random(), "nl", pools, 0.0)
    submit(Submission(uuid.uuid4(), "najaar-wijk-0", "nl", answers))


def time_themes(app) -> tuple[float, float, int, float]:
    """(first analysis s, re-analysis s, answers analysed, themes page ms): the web app's job,
    run in this process as the thread would run it."""
    from sqlalchemy import select

    from participatie.extensions import db
    from participatie.models import Round
    from participatie.services import themes

    round_ = db.session.scalar(select(Round).where(Round.key == "najaar"))
    timings = []
    for _ in range(2):
        analysis = themes.request_analysis(round_, "family", "better_neighbourhood",
                                           runner="inline")
        start = time.perf_counter()
        analysis = themes.run(analysis.id)
        timings.append(round(time.perf_counter() - start, 2))
        assert analysis.status == "done", analysis.error
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org",
                                "password": "een lange zin voor de meting"})
    url = "/dashboard/networks/bench/rounds/najaar/themes/family/better_neighbourhood"
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        samples.append((time.perf_counter() - start) * 1000)
    return timings[0], timings[1], analysis.answers, round(statistics.median(samples), 1)


def time_pdf() -> float:
    """Seconds to make the round's PDF report (the job, run in this process)."""
    from sqlalchemy import select

    from participatie.extensions import db
    from participatie.models import Round
    from participatie.services import reports

    round_ = db.session.scalar(select(Round).where(Round.key == "najaar"))
    report = reports.request_report(round_, "nl", runner="inline")
    start = time.perf_counter()
    report = reports.run(report.id)
    assert report.status == "done", report.error
    return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--no-themes", action="store_true")
    parser.add_argument("--no-gc-freeze", action="store_true",
                        help="leave the objects made before the first request in the garbage "
                             "collector's passes (the server freezes them: cli/server.py)")
    args = parser.parse_args()
    global FREEZE
    FREEZE = not args.no_gc_freeze
    app, _rounds = build(args.responses, args.responses // 5)
    pages, first_requests, cold, csv_first_byte = time_pages(app)
    pdf = time_pdf()
    first = again = analysed = None
    if not args.no_themes:
        first, again, analysed, pages["themes"] = time_themes(app)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages_ms": pages, "pages_first_request_ms": first_requests,
                      "pages_cold_ms": cold, "csv_first_byte_ms": csv_first_byte,
                      "report_pdf_s": pdf,
                      "recluster_s": again, "first_analysis_s": first,
                      "peak_rss_mb": round(peak, 1), "responses": args.responses,
                      "open_answers": analysed,
                      "targets_met": targets(pages, first_requests, pdf)}))


if __name__ == "__main__":
    main()
