"""Reading the JSON body of ``POST /api/v1/responses`` (or a line of an offline file) into a
:class:`Submission`."""

import uuid
from datetime import UTC, datetime
from typing import Any

from flask_babel import gettext as _

from .responses import InvalidSubmission, Submission


def read_submission(body: Any) -> Submission:
    """Check the envelope's fields (not the answers: the questionnaire does that)."""
    if not isinstance(body, dict):
        raise InvalidSubmission({"body": _("Send a JSON object.")})
    errors: dict[str, str] = {}
    response_id = _uuid4(body.get("id"), errors)
    link = body.get("link")
    if not isinstance(link, str) or not link:
        errors["link"] = _("Give the code of the link.")
    language = body.get("language")
    if not isinstance(language, str):
        errors["language"] = _("Give the language of the answers.")
    answers = body.get("answers")
    if not isinstance(answers, dict):
        errors["answers"] = _("Give the answers as an object with a value per question.")
    version = body.get("questionnaire_version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        errors["questionnaire_version"] = _("Give the version as a whole number.")
    started_at = _timestamp(body.get("started_at"), errors)
    finished_at = _timestamp(body.get("finished_at"), errors, "finished_at")
    if errors:
        raise InvalidSubmission(errors)
    return Submission(response_id, link, language, answers, version, started_at, finished_at)


def _uuid4(value: Any, errors: dict[str, str]) -> uuid.UUID | None:
    try:
        parsed = uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.version != 4:
        errors["id"] = _("Give a random UUID (version 4) made on the device.")
    return parsed


def _timestamp(value: Any, errors: dict[str, str], name: str = "started_at") -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    try:
        moment = moment and (moment.replace(tzinfo=UTC) if moment.tzinfo is None
                             else moment.astimezone(UTC))
    except OverflowError:  # e.g. year 1 with an offset
        moment = None
    if moment is None or moment.year < 2000:
        errors[name] = (
            _("Give the start time as an ISO 8601 date and time.") if name == "started_at"
            else _("Give the time the answers were finished as an ISO 8601 date and time."))
        return None
    return moment
