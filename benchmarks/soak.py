"""A soak with faults: the production topology without containers, under 50 tablets.

Started by ``scripts/production-check`` (which gives it a PostgreSQL made with initdb), never in
CI. It starts 2 web instances (``participatie serve``, 2 gunicorn workers each) and 2 queue
workers (``participatie worker``), loads the demo, and lets 50 simulated tablets post families'
responses to /api/v1/responses across both instances for ``--seconds``, resending whatever was
not acknowledged (as the offline client does). Theme analyses are queued meanwhile. Faults:
kill -9 of one web worker, of a whole web instance (restarted), of a queue worker (another
started), and a PostgreSQL restart. Prints one JSON object.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import requests

CLI = str(Path(sys.executable).with_name("participatie"))
ANSWERS = {"children_age": ["3-5", "6-9"], "children_count": 2, "home_languages": ["nl"],
           "offer_used": ["play_leisure"], "offer_missed": ["nothing"], "reachable": 4,
           "available": 3, "affordable": 2, "understandable": 5, "usable": 4,
           "childcare_used": False, "first_question_to": "school",
           "information_channel": ["school", "paper"],
           "better_neighbourhood": "meer speelpleintjes en veilig oversteken"}
ROWS = 16  # answer rows a response of ANSWERS stores (one per chosen option)
FAULT_WINDOW = 15.0  # seconds after a fault in which a server error is the fault's


class Soak:
    def __init__(self, args):
        self.args = args
        self.env = {**os.environ, "DATABASE_URL": args.database_url,
                    "SECRET_KEY": "soak-" + uuid.uuid4().hex,
                    "PARTICIPATIE_INSTANCE_PATH": tempfile.mkdtemp(prefix="soak-instance-"),
                    "PARTICIPATIE_THEMES_METHOD": args.themes_method,
                    "PARTICIPATIE_THEMES_RUNNER": "queue",
                    "PARTICIPATIE_JOBS_HEARTBEAT_SECONDS": "2",
                    "PARTICIPATIE_JOBS_STALLED_SECONDS": "8"}
        self.ports = [args.port, args.port + 1]
        self.webs: dict[int, subprocess.Popen] = {}
        self.workers: list[subprocess.Popen] = []
        self.lock = threading.Lock()
        self.acked: dict[str, float] = {}
        self.latencies: list[float] = []
        self.errors: list[float] = []  # times of 5xx answers
        self.refused: list[float] = []  # times of connections refused, dropped or timed out
        self.faults: list[tuple[str, float]] = []
        self.resent = 0
        self.stop = threading.Event()
        self.log = open(Path(self.env["PARTICIPATIE_INSTANCE_PATH"]) / "processes.log", "ab")  # noqa: SIM115 (closed in shut_down)

    def run_cli(self, *args):
        subprocess.run([CLI, *args], env=self.env, check=True, stdout=subprocess.DEVNULL)

    def start_web(self, port):
        self.webs[port] = subprocess.Popen(
            [CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=self.env, stdout=self.log, stderr=self.log, start_new_session=True)

    def start_worker(self):
        self.workers.append(subprocess.Popen([CLI, "worker"], env=self.env, stdout=self.log,
                                             stderr=self.log, start_new_session=True))

    def wait_ready(self, port, seconds=60):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"web instance on {port} did not start")

    # -- the tablets ----------------------------------------------------------------------

    def tablet(self, number):
        session = requests.Session()
        pending: list[str] = []
        turn = number
        while not self.stop.is_set() or pending:
            if not pending:
                if self.stop.is_set():
                    break
                pending.append(str(uuid.uuid4()))
            rid = pending[0]
            port = self.ports[turn % 2]
            turn += 1
            body = {"id": rid, "link": "demo", "language": "nl", "answers": ANSWERS}
            started = time.monotonic()
            try:
                answer = session.post(f"http://127.0.0.1:{port}/api/v1/responses", json=body,
                                      timeout=10)
            except requests.RequestException:
                with self.lock:
                    self.refused.append(time.monotonic())
                    self.resent += 1
                time.sleep(0.5)
                continue
            elapsed = time.monotonic() - started
            if answer.status_code in (200, 201):
                pending.pop(0)
                with self.lock:
                    self.acked[rid] = time.monotonic()
                    self.latencies.append(elapsed)
                time.sleep(self.args.pause)
            else:
                with self.lock:
                    if answer.status_code >= 500:
                        self.errors.append(time.monotonic())
                    self.resent += 1
                time.sleep(0.5)
            if self.stop.is_set() and time.monotonic() > self.deadline:
                break

    # -- faults -----------------------------------------------------------------------------

    def fault(self, name):
        self.faults.append((name, time.monotonic()))

    def kill_web_worker(self):
        master = self.webs[self.ports[0]].pid
        children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                                  text=True).stdout.split()
        if children:
            os.kill(int(children[0]), signal.SIGKILL)
        self.fault("kill -9 web worker")

    def kill_web_instance(self):
        port = self.ports[1]
        os.killpg(self.webs[port].pid, signal.SIGKILL)
        self.webs[port].wait()
        self.fault("kill -9 web instance")
        time.sleep(3)
        self.start_web(port)

    def kill_queue_worker(self):
        victim = self.workers[0]
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
        self.fault("kill -9 queue worker")
        self.workers.pop(0)
        self.start_worker()

    def restart_postgresql(self):
        self.fault("PostgreSQL restart")
        subprocess.run(self.args.pg_restart, shell=True, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def queue_analyses(self):
        code = ("from participatie import create_app\n"
                "from participatie.extensions import db\n"
                "from participatie.models import Round\n"
                "from participatie.services import themes\n"
                "app = create_app()\n"
                "with app.app_context():\n"
                "    n = 0\n"
                "    for r in db.session.scalars(db.select(Round)).all():\n"
                "        for key, q in themes.open_questions(r):\n"
                "            if themes.answer_count(r, key, q.key) >= 10:\n"
                "                themes.request_analysis(r, key, q.key); n += 1\n"
                "    print(n)\n"
                "    db.session.remove(); db.engine.dispose()\n")
        subprocess.run([sys.executable, "-c", code], env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    # -- the whole run ------------------------------------------------------------------------

    def run(self):
        a = self.args
        self.run_cli("db", "upgrade")
        self.run_cli("demo")
        for port in self.ports:
            self.start_web(port)
        for _ in range(2):
            self.start_worker()
        for port in self.ports:
            self.wait_ready(port)
        self.deadline = time.monotonic() + a.seconds + 90
        tablets = [threading.Thread(target=self.tablet, args=(n,), daemon=True)
                   for n in range(a.tablets)]
        started = time.monotonic()
        for t in tablets:
            t.start()
        plan = [(0.1, self.queue_analyses), (0.2, self.kill_web_worker),
                (0.35, self.kill_web_instance), (0.5, self.queue_analyses),
                (0.55, self.kill_queue_worker), (0.7, self.restart_postgresql)]
        for share, action in plan:
            time.sleep(max(0.0, started + share * a.seconds - time.monotonic()))
            try:
                action()
            except Exception as exc:  # noqa: BLE001 (reported in the JSON)
                self.fault(f"{action.__name__} failed: {exc}")
        time.sleep(max(0.0, started + a.seconds - time.monotonic()))
        self.stop.set()
        for t in tablets:
            t.join(timeout=120)
        jobs = self.wait_for_jobs(a.job_wait)
        result = self.count(time.monotonic() - started, jobs)
        self.shut_down()
        return result

    def wait_for_jobs(self, seconds):
        end = time.monotonic() + seconds
        with psycopg.connect(self.args.database_url, autocommit=True) as conn:
            while True:
                rows = dict(conn.execute("SELECT status, count(*) FROM procrastinate_jobs "
                                         "GROUP BY status").fetchall())
                if not rows.get("todo") and not rows.get("doing") or time.monotonic() > end:
                    return rows

    def count(self, elapsed, jobs):
        with psycopg.connect(self.args.database_url) as conn:
            ids = list(self.acked)
            stored = dict(conn.execute(
                "SELECT r.id::text, count(a.id) FROM response r LEFT JOIN answer a "
                "ON a.response_id = r.id WHERE r.id = ANY(%s::uuid[]) GROUP BY r.id",
                (ids,)).fetchall())
            analyses = dict(conn.execute(
                "SELECT status, count(*) FROM theme_analysis GROUP BY status").fetchall())
        lost = [i for i in ids if i not in stored]
        incomplete = [i for i, rows in stored.items() if rows != ROWS]
        in_fault = [e for e in self.errors
                    if any(0 <= e - t <= FAULT_WINDOW for _, t in self.faults)]
        lat = sorted(self.latencies)
        return {
            "seconds": round(elapsed, 1), "tablets": self.args.tablets,
            "web_instances": 2, "gunicorn_workers_each": 2, "queue_workers": 2,
            "responses_acknowledged": len(ids), "responses_stored": len(stored),
            "answer_rows_complete": len(stored) - len(incomplete),
            "lost": len(lost), "duplicated": len(incomplete),
            "resent": self.resent,
            "server_errors": len(self.errors),
            "connection_errors": len(self.refused),
            "connection_errors_outside_faults": sum(
                1 for e in self.refused
                if not any(0 <= e - t <= 3 * FAULT_WINDOW for _, t in self.faults)),
            "server_error_seconds_after_fault": sorted({
                round(min((e - t for _, t in self.faults if e >= t), default=-1))
                for e in self.errors}),
            "server_errors_outside_faults": len(self.errors) - len(in_fault),
            "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else None,
            "p95_ms": round(lat[int(0.95 * (len(lat) - 1))] * 1000, 1) if lat else None,
            "jobs": jobs, "jobs_finished": jobs.get("succeeded", 0),
            "jobs_unfinished": jobs.get("todo", 0) + jobs.get("doing", 0),
            "analyses": analyses,
            "faults": [name for name, _ in self.faults],
        }

    def shut_down(self):
        for process in [*self.webs.values(), *self.workers]:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for process in [*self.webs.values(), *self.workers]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.log.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pg-restart", required=True, help="shell command restarting PostgreSQL")
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--tablets", type=int, default=50)
    parser.add_argument("--pause", type=float, default=1.0, help="a tablet's pause between sends")
    parser.add_argument("--port", type=int, default=5071)
    parser.add_argument("--job-wait", type=float, default=300)
    parser.add_argument("--themes-method", default="tfidf")
    print(json.dumps(Soak(parser.parse_args()).run()))


if __name__ == "__main__":
    main()
