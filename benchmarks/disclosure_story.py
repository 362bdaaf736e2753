"""Do the blurred figures tell the same story? Every share of a group of 20 or more in the demo
(each round, questionnaire, question and option; the whole round and each neighbourhood), the
published one beside the real one. Prints one JSON line: how many shares, and how far they
moved in percentage points (mean, 95th percentile, largest).

    .venv/bin/python benchmarks/disclosure_story.py             # a fresh demo in a temp dir
    PARTICIPATIE_INSTANCE_PATH=/path .venv/bin/python benchmarks/disclosure_story.py --existing
"""

import argparse
import json
import os
import statistics
import tempfile


def shifts() -> list[float]:
    from sqlalchemy import select

    from participatie.extensions import db
    from participatie.models import Round
    from participatie.services.compare import latest_version
    from participatie.services.results import Filters, summaries, tallies

    found = []
    for round_ in db.session.scalars(select(Round)):
        for key in sorted({v.key for v in round_.questionnaire_versions}):
            version = latest_version(round_, key)
            for hood in [None, *round_.neighbourhoods]:
                filters = Filters(neighbourhood_id=hood.id if hood else None)
                cells = tallies(round_, version.questionnaire, filters)
                shown = summaries(round_, version, filters).summaries
                for question in version.questionnaire.questions():
                    n = cells[question.key].respondents.count
                    for option, share in shown[question.key].values.get("shares", {}).items():
                        if n >= 20 and share is not None:
                            real = cells[question.key].options[option].count / n
                            found.append(abs(share - real))
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", action="store_true",
                        help="measure the instance of PARTICIPATIE_INSTANCE_PATH as it is")
    args = parser.parse_args()
    if not args.existing:
        os.environ["PARTICIPATIE_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="story-")
    from flask_migrate import upgrade

    from participatie import create_app
    from participatie.services.demo import load_demo

    app = create_app()
    with app.app_context():
        if not args.existing:
            upgrade()
            load_demo()
        moved = shifts()
    print(json.dumps({
        "benchmark": "disclosure_story", "shares": len(moved),
        "mean_points": round(100 * statistics.mean(moved), 2),
        "p95_points": round(100 * moved[int(0.95 * len(moved))], 2),
        "max_points": round(100 * moved[-1], 2)}))


if __name__ == "__main__":
    main()
