"""Importing the file an offline tablet saved (its waiting answers), on the dashboard or with
``participatie import FILE``. Each response goes through :func:`submit`, exactly as the tablet
would have sent it: a response stored already is counted once, whatever the number of imports."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..extensions import db
from ..models import CollectionLink
from .audit import record
from .links import LinkError, find_link
from .payloads import read_submission
from .responses import ConflictingResponse, InvalidSubmission, submit

FORMAT = "participatie-responses"
MAX_FILE_BYTES = 20 * 1024 * 1024  # about 20,000 responses: far more than a tablet holds


class ImportFileError(ValueError):
    """The file is not a file of saved answers; the message says why, for a person."""


@dataclass
class ImportReport:
    stored: int = 0
    already: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (response id, reason)


def read_file(data: bytes) -> list:
    """The responses in a saved file, or :class:`ImportFileError`."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is too large for a file of saved answers."))
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ImportFileError(_("This is not a file of saved answers (it is not JSON).")) from None
    if not isinstance(content, dict) or content.get("format") != FORMAT or not isinstance(
            content.get("responses"), list):
        raise ImportFileError(_("This is not a file of saved answers from a tablet."))
    return content["responses"]


def import_responses(bodies: list,
                     may_import: Callable[[CollectionLink], bool] = lambda link: True
                     ) -> ImportReport:
    """Store every response of ``bodies`` once; ``may_import`` says whose links one may fill
    (a coordinator: their own networks). Refusals are listed, never half-stored."""
    report = ImportReport()
    stored: dict[int, int] = {}  # per network
    for body in bodies:
        ident = str(body.get("id")) if isinstance(body, dict) else "?"
        try:
            submission = read_submission(body)
            link = find_link(submission.link)
            if link is None or not may_import(link):
                report.refused.append((ident, _("This link is not known. Check the code.")))
                continue
            receipt = submit(submission)
        except InvalidSubmission as exc:
            reasons = "; ".join(f"{key}: {message}" for key, message in exc.errors.items())
            report.refused.append((ident, reasons))
            continue
        except LinkError:
            report.refused.append((ident, _("This survey is closed.")))
            continue
        except ConflictingResponse:
            message = _("A different response with this id is stored already.")
            report.refused.append((ident, message))
            continue
        if receipt.created:
            report.stored += 1
            stored[link.round.network_id] = stored.get(link.round.network_id, 0) + 1
        else:
            report.already += 1
    for network_id, rows in stored.items():
        record("import", network_id, rows=rows, commit=False)
    db.session.commit()
    return report
