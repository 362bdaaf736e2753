"""Slow work off the request path: the theme analyses, the PDF reports and the purges.

Two runners share the same task functions (README, "Jobs"):

- PostgreSQL: procrastinate. A request defers a job into procrastinate's tables;
  ``participatie worker`` processes (any machine) take jobs, one at a time each. Each worker
  beats a heartbeat into ``procrastinate_workers``; a job whose worker stopped beating (killed
  with -9, a machine gone) is put back in the queue by any other worker and finishes there.
  One question is never analysed twice at once: the job's queueing lock keeps a second one
  out of the queue, its lock keeps two from running, and the claim on ``ThemeAnalysis`` in the
  database is the last guard.
- SQLite (the embedded default, ``make run``, the tests): the same function runs in a thread of
  the web process; no second command, no other store.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import procrastinate
from flask import Flask, current_app, g
from procrastinate.worker import Worker
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from ..extensions import db
from ..models import JobState
from ..models.base import utcnow

log = logging.getLogger(__name__)

QUEUE = "participatie"
THEMES_TASK = "participatie.themes.analyse"
REPORT_TASK = "participatie.reports.make"
PURGE_TASK = "participatie.retention.purge"

_worker_app: Flask | None = None  # the Flask app of this worker process (set by run_worker)


@contextmanager
def failure_recorded(model: type, job_id: int, what: str,
                     database_errors_raise: bool = False) -> Iterator[None]:
    """Run a job's work; when it fails, record the failure's kind on the job's row (``model``
    has ``status``, ``error`` and ``updated_at``) for the person waiting, and log the details.
    A lost database (a restart) is raised instead when ``database_errors_raise``: the queue
    then tries the job again."""
    try:
        yield
    except OperationalError:
        if database_errors_raise:
            log.warning("%s %s lost its database: tried again", what, job_id)
            db.session.rollback()
            raise
        _record_failure(model, job_id, what, "OperationalError")
    except Exception as exc:  # recorded for the person waiting, and logged in full
        _record_failure(model, job_id, what, type(exc).__name__)


def _record_failure(model: type, job_id: int, what: str, kind: str) -> None:
    log.exception("%s %s failed", what, job_id)
    db.session.rollback()
    row: Any = db.session.get(model, job_id)
    row.status, row.error, row.updated_at = JobState.FAILED, kind, utcnow()
    db.session.commit()


def runner(app: Flask | None = None) -> str:
    """"queue" (procrastinate) on PostgreSQL, "thread" on SQLite, unless THEMES_RUNNER names
    one ("queue", "thread", or "command": left to ``participatie themes run``)."""
    app = app or current_app
    choice = app.config["THEMES_RUNNER"]
    if choice != "auto":
        return choice
    return "queue" if is_postgresql(app) else "thread"


def is_postgresql(app: Flask | None = None) -> bool:
    app = app or current_app
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


def conninfo(app: Flask | None = None) -> str:
    """The libpq address of the app's database (without SQLAlchemy's driver name)."""
    url = (app or current_app).config["SQLALCHEMY_DATABASE_URI"]
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def queue_app(address: str, sync: bool = False) -> procrastinate.App:
    """A procrastinate app on the database at ``address`` with this app's tasks."""
    connector: Any
    if sync:  # a web request: one connection, opened for the deferral and closed after it
        connector = procrastinate.SyncPsycopgConnector(conninfo=address, min_size=1,
                                                       max_size=1)
    else:  # a worker: listens for new jobs, beats its heartbeat, fetches jobs
        connector = procrastinate.PsycopgConnector(conninfo=address, min_size=2, max_size=4)
    app = procrastinate.App(connector=connector)
    # An analysis that fails records it on its row and ends; the task itself raises only when
    # the database went away (a restart): then it is tried again, taking over its analysis.
    retry = procrastinate.RetryStrategy(max_attempts=5, wait=5)
    app.task(name=THEMES_TASK, queue=QUEUE, pass_context=True, retry=retry)(_analyse_task)
    app.task(name=REPORT_TASK, queue=QUEUE, pass_context=True, retry=retry)(_report_task)
    app.task(name=PURGE_TASK, queue=QUEUE, pass_context=True, retry=retry)(_purge_task)
    return app


def defer(task: str, lock: str, **arguments: Any) -> bool:
    """Queue a job of ``task``; False when one with the same lock is already waiting."""
    queue = queue_app(conninfo(), sync=True)
    with queue.open():
        try:
            queue.configure_task(task, queue=QUEUE, lock=lock, queueing_lock=lock).defer(
                **arguments)
        except procrastinate.exceptions.AlreadyEnqueued:
            return False
    return True


def in_thread(function: Callable[..., Any], *arguments: Any) -> threading.Thread:
    """The embedded default's runner: ``function`` in a thread of this web process, in an
    app context of its own."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def work():
        with app.app_context():
            try:
                function(*arguments)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, name=getattr(function, "__name__", "job"),
                              daemon=True)
    thread.start()
    return thread


def defer_analysis(analysis_id: int) -> bool:
    """Queue the analysis; False when a job for it is already waiting (its queueing lock)."""
    return defer(THEMES_TASK, f"themes-{analysis_id}", analysis_id=analysis_id)


def _worker(context: procrastinate.JobContext) -> tuple[Flask, bool]:
    """This worker's Flask app, and whether the job was left by a worker that stopped."""
    if _worker_app is None:
        raise RuntimeError("no Flask app in this worker")
    return _worker_app, bool(context.job.attempts)


def _report_task(context: procrastinate.JobContext, report_id: int) -> str:
    from . import reports

    app, taken_over = _worker(context)
    with app.app_context():
        try:
            return reports.run(report_id, taken_over=taken_over,
                               database_errors_raise=True).status
        finally:
            db.session.remove()


def _purge_task(context: procrastinate.JobContext, round_id: int,
                user_id: int | None = None) -> int:
    from . import retention

    app, _taken_over = _worker(context)
    with app.app_context():
        try:
            return retention.purge_round_by_id(round_id, user_id)
        finally:
            db.session.remove()


def _analyse_task(context: procrastinate.JobContext, analysis_id: int) -> str:
    """The theme analysis in a worker: a job retried after its worker was killed takes over
    the analysis that worker left "running"."""
    from .themes import run

    app = _worker_app
    if app is None:
        raise RuntimeError("no Flask app in this worker")
    delay = app.config["JOBS_START_DELAY_SECONDS"]  # fault tests: time to kill the worker
    with app.app_context():
        g.language = "en"
        try:
            taken_over = bool(context.job.attempts)
            if delay:
                from .themes.job import _claim

                _claim(analysis_id, taken_over)  # shown as running while it waits
                taken_over = True
                time.sleep(delay)
            return run(analysis_id, taken_over=taken_over, database_errors_raise=True).status
        finally:
            db.session.remove()


def run_worker(app: Flask, wait: bool = True) -> None:
    """Take jobs until stopped (SIGINT/SIGTERM: the running job finishes first); with
    ``wait=False`` until the queue is empty. Also puts stalled jobs back in the queue."""
    global _worker_app
    _worker_app = app
    asyncio.run(_work(app, wait))


async def _work(app: Flask, wait: bool) -> None:
    queue = queue_app(conninfo(app))
    heartbeat = app.config["JOBS_HEARTBEAT_SECONDS"]
    stalled = app.config["JOBS_STALLED_SECONDS"]
    async with queue.open_async():
        # The worker itself (not ``run_worker_async``): the rescuer needs its id. A job put
        # back in the queue is not announced (no NOTIFY on an update): polling at the
        # heartbeat's pace takes it up within a beat.
        worker = Worker(app=queue, queues=[QUEUE], concurrency=1, wait=wait,
                        name="participatie", update_heartbeat_interval=heartbeat,
                        stalled_worker_timeout=stalled, fetch_job_polling_interval=heartbeat,
                        install_signal_handlers=wait)
        rescuer = asyncio.create_task(_retry_stalled(queue, worker, stalled, heartbeat))
        try:
            await worker.run()
        finally:
            rescuer.cancel()


async def _retry_stalled(queue: procrastinate.App, worker: Worker, stalled: float,
                         every: float) -> None:
    """Jobs whose worker has stopped beating go back to the queue (and run again). Never this
    worker's own: it is alive (it is running this loop) even when its heartbeat came late, as
    it does on a loaded machine; re-queueing its running job made a second copy whose
    acknowledgement then failed (the job left "doing", or run twice)."""
    while True:
        try:
            for job in await queue.job_manager.get_stalled_jobs(
                    seconds_since_heartbeat=stalled):
                if worker.worker_id is None or job.worker_id == worker.worker_id:
                    continue
                log.warning("job %s (%s) was left by a stopped worker: queued again",
                            job.id, job.task_name)
                await queue.job_manager.retry_job(job)
        except Exception:  # the database restarting: try again at the next beat
            log.exception("looking for stalled jobs failed")
        await asyncio.sleep(every)


def status() -> dict:
    """For /healthz: the runner, the workers seen (a heartbeat within the stall time) and the
    jobs waiting."""
    if runner() != "queue":
        from ..models import JobState, ReportFile, ThemeAnalysis

        waiting = sum(db.session.scalar(text(
            f"SELECT count(*) FROM {model.__tablename__} WHERE status = :queued"),
            {"queued": JobState.QUEUED}) or 0 for model in (ThemeAnalysis, ReportFile))
        return {"runner": runner(), "workers": "in-process", "waiting": waiting}
    stalled = int(current_app.config["JOBS_STALLED_SECONDS"])
    workers = db.session.scalar(text(
        "SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > "
        "now() - make_interval(secs => :s)"), {"s": stalled})
    waiting = db.session.scalar(text(
        "SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'"))
    running = db.session.scalar(text(
        "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'"))
    return {"runner": "queue", "workers": workers, "waiting": waiting, "running": running}
