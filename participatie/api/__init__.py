"""The JSON API (``/api/v1``): questionnaire definitions and idempotent response submission."""

import re
from typing import Any

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from ..i18n import select_locale, supported, use_language
from ..security import MAX_ID
from ..services.links import ClosedLink, UnknownLink
from ..services.payloads import read_submission
from ..services.questionnaires import find_version
from ..services.responses import ConflictingResponse, InvalidSubmission, Receipt, submit
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@bp.get("/openapi.json")
def openapi():
    return openapi_document()


@bp.get("/questionnaires/<key>")
def questionnaire(key: str):
    version = request.args.get("version", type=int)
    if "version" in request.args and (version is None or not 1 <= version <= MAX_ID):
        return _error(400, "bad_request", _("The version must be a whole number."))
    if not readable(key):
        return _error(404, "not_found", _("There is no such questionnaire."))
    found = find_version(key, version)
    if found is None:
        return _error(404, "not_found", _("There is no such questionnaire."))
    return found.definition


@bp.post("/responses")
def responses():
    body = request.get_json(silent=True)
    if body is None:
        return _error(400, "bad_request", _("Send the response as JSON."))
    if not (plainly_readable(request.get_data()) or readable(body)):
        return _error(400, "bad_request", _("The response holds text that is not valid Unicode."))
    language = body.get("language") if isinstance(body, dict) else None
    # The family's language for the rest of the request: its refusals are in that language.
    use_language(language if language in supported() else select_locale())
    return _store(body)


def _store(body):
    try:
        receipt = submit(read_submission(body))
    except InvalidSubmission as exc:
        return jsonify(errors=exc.errors), 422
    except UnknownLink:
        return _error(404, "unknown_link", _("This link is not known. Check the code."))
    except ClosedLink:
        message = _("This survey is closed. Thank you for wanting to help.")
        return _error(410, "closed_link", message)
    except ConflictingResponse:
        return _error(409, "conflict", _("A different response with this id is stored already."))
    return _receipt(receipt), 201 if receipt.created else 200


def _receipt(receipt: Receipt) -> dict:
    stored_at = receipt.stored_at.isoformat().replace("+00:00", "Z")
    return {"id": str(receipt.id), "stored_at": stored_at}


def plainly_readable(data: bytes) -> bool:
    """Whether a JSON body can hold no lone surrogate, seen from its bytes alone: UTF-8 (no
    byte 0 and no UTF-16 or UTF-32 mark, so the parser reads it as UTF-8) that decodes strictly
    (an encoded surrogate does not) and has no ``\\u`` escape. Any other body is walked by
    :func:`readable`."""
    if b"\\u" in data or b"\x00" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True


def readable(value: Any) -> bool:
    """Whether every string in a JSON value (keys too) can be written as UTF-8: a lone
    surrogate (``"\\ud800"``, half of an emoji) cannot be stored or sent back."""
    stack = [value]
    while stack:  # not recursive: the parser allows deeper nesting than Python's stack
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _error(status: int, code: str, message: str):
    return jsonify(error=code, message=message), status

