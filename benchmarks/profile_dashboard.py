"""Where a dashboard page spends its time: pyinstrument over requests of the pages that
`dashboard.py` times, on the same data (10,000 responses by default).

    .venv/bin/python benchmarks/profile_dashboard.py overview report [--responses 10000]

Prints each page's profile (top lines) to stderr and one JSON line of mean ms per page.
"""

import argparse
import json
import sys
import time

from dashboard import _one_more_response, build
from pyinstrument import Profiler

PAGES = {
    "overview": "/", "results": "/results", "compare": "/compare", "trend": "/trend",
    "export_summary_xlsx": "/export?kind=summary&format=xlsx",
    "export_responses_csv": "/export?kind=responses&format=csv", "report": "/report",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", choices=sorted(PAGES))
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--depth", type=int, default=50)
    parser.add_argument("--first", action="store_true",
                        help="profile the first request (nothing counted yet) only")
    parser.add_argument("--after-change", action="store_true",
                        help="profile the first request after a new response (warm process)")
    args = parser.parse_args()
    app, _rounds = build(args.responses, args.responses // 5)
    from sqlalchemy import select

    from participatie.extensions import db
    from participatie.models import Network
    from participatie.services.accounts import create_user, grant_role

    grant_role(create_user("bench@example.org", password="een lange zin voor de meting"),
               db.session.scalar(select(Network)), "coordinator")
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org",
                                "password": "een lange zin voor de meting"})
    base = "/dashboard/networks/bench/rounds/najaar"
    figures = {}
    for name in args.pages:
        url = base + PAGES[name]
        if not args.first:
            assert client.get(url).status_code == 200
        if args.after_change:
            _one_more_response()
        profiler = Profiler(interval=0.001)
        started = time.perf_counter()
        with profiler:
            for _ in range(1 if args.first or args.after_change else args.requests):
                assert client.get(url).status_code == 200
        figures[name] = round((time.perf_counter() - started) * 1000
                              / (1 if args.first or args.after_change else args.requests), 1)
        print(f"===== {name}: {figures[name]} ms", file=sys.stderr)
        print("\n".join(profiler.output_text().splitlines()[: args.depth + 6]), file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
