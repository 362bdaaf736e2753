"""``GET /healthz``: the app answers, its database does too, and the job queue (workers seen,
jobs waiting) for the orchestrator and the operators."""

from flask import Blueprint, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .services import jobs

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    try:
        queue = jobs.status()
    except SQLAlchemyError:  # the queue's tables missing: `participatie db upgrade` not run
        current_app.logger.exception("health check: job queue unreadable")
        db.session.rollback()
        queue = {"runner": jobs.runner(), "error": "unreadable"}
    db.session.rollback()
    return {"status": "ok", "database": db.engine.dialect.name, "jobs": queue}
