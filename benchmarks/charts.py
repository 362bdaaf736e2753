"""How long the static SVG of each chart takes to draw, and how large it is.

The SVG is drawn directly from the Plotly figure (no browser, no Kaleido): it must be cheap
enough for a page without JavaScript and for a printed report with a chart per question.

    .venv/bin/python benchmarks/charts.py
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import charts  # noqa: E402

DIMENSIONS = ["Te voet en fiets", "Openbaar vervoer", "Verkeer", "Straten en pleinen", "Groen",
              "Spelen", "Voorzieningen", "Werk", "Wonen", "Contact", "Erbij horen", "Veilig",
              "Netheid", "Inspraak"]


def timed(build, repeat: int = 200) -> dict:
    figure = build()
    started = time.perf_counter()
    for _ in range(repeat):
        svg = charts.to_svg(figure)
    return {"ms_per_svg": round((time.perf_counter() - started) / repeat * 1000, 3),
            "svg_bytes": len(svg.encode())}


def main() -> None:
    compass = {f"wijk {n}": {t: 1 + (n * 3 + i) % 7 for i, t in enumerate(DIMENSIONS)}
               for n in range(4)}
    sizes = {t: 5 + i * 3 for i, t in enumerate(DIMENSIONS)}
    result = {
        "compass_4_neighbourhoods": timed(lambda: charts.compass(compass, "Kompas")),
        "theme_sizes_with_previous": timed(lambda: charts.theme_sizes(sizes, sizes, "Thema's")),
        "distribution": timed(lambda: charts.distribution({"Ja": 40, "Nee": 12}, "Opvang")),
        "trend": timed(lambda: charts.trend(["2025", "2026", "2027"],
                                            {"Opex": [3.1, 3.8, 4.2], "Paal": [4.0, 3.9, None]})),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
