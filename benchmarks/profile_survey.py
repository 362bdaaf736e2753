"""Where a family's request spends its time: pyinstrument over many requests in one process.

Profiles the question page (GET, as `survey_load.py` loads it) and the API submit (POST), on the
demo data in a fresh SQLite instance, and prints the profile's top lines per endpoint, then one
JSON line with the mean wall time and SQL statements per request.

    .venv/bin/pip install pyinstrument   # (the `bench` extra)
    .venv/bin/python benchmarks/profile_survey.py [--requests 300] [--depth 25]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from pyinstrument import Profiler
from sqlalchemy import event

BODY = {
    "link": "demo", "language": "nl", "answers": {
        "children_age": ["3-5", "6-9"], "children_count": 2, "home_languages": ["nl"],
        "offer_used": ["play_leisure"], "offer_missed": ["nothing"], "reachable": 4,
        "available": 3, "affordable": 2, "understandable": 5, "usable": 4,
        "childcare_used": False, "first_question_to": "school",
        "information_channel": ["school", "paper"],
        "better_neighbourhood": "meer speelpleintjes en veilig oversteken"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--depth", type=int, default=25, help="lines of each profile printed")
    args = parser.parse_args()
    os.environ["PARTICIPATIE_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="participatie-profile-")
    os.environ.pop("DATABASE_URL", None)
    for step in (["db", "upgrade"], ["demo"]):
        subprocess.run([str(Path(sys.executable).parent / "participatie"), *step], check=True,
                       capture_output=True)
    from participatie import create_app
    from participatie.extensions import db

    app = create_app()
    with app.app_context():
        engine = db.engine
    statements = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args):
        statements[0] += 1


    client = app.test_client()
    html = client.get("/s/demo/nl").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    question_url = client.post("/s/demo/nl", data={"csrf_token": token}).headers["Location"]

    def question_page():
        assert client.get(question_url).status_code == 200

    def submit():
        response = client.post("/api/v1/responses", json={"id": str(uuid.uuid4()), **BODY})
        assert response.status_code == 201, response.get_data(as_text=True)

    figures = {}
    for name, call in (("question_page", question_page), ("submit", submit)):
        for _ in range(20):  # warm caches as a running server has them
            call()
        statements[0] = 0
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with profiler:
            for _ in range(args.requests):
                call()
        elapsed = time.perf_counter() - started
        figures[name] = {"mean_ms": round(elapsed / args.requests * 1000, 2),
                         "sql_statements_per_request": round(statements[0] / args.requests, 1)}
        print(f"===== {name}: {figures[name]}", file=sys.stderr)
        text = profiler.output_text()
        print("\n".join(text.splitlines()[: args.depth + 6]), file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
