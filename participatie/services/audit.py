"""The audit log of staff actions that touch data: who (the logged-in person, or the command
line), what, in which network and round, how many rows; never the data itself."""

from ..extensions import db
from ..models import AuditEntry

# export: row-level data out; hide, merge, confirm, rename, move: what people did with the
# themes of open answers; role: a membership given, changed or taken; partner: a partner
# added, changed or removed; links: a round's links moved to a newer questionnaire version;
# paper: a typed paper form corrected or voided; import: responses imported from a file;
# purge: answers removed at the end of their retention; backup, restore: the whole database.
ACTIONS = ("export", "hide", "merge", "confirm", "rename", "move", "role", "partner", "links",
           "paper", "import", "purge", "backup", "restore")


def current_user_id() -> int | None:
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def record(action: str, network_id: int | None, round_id: int | None = None, rows: int = 0,
           user_id: int | None = None, commit: bool = True) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(action=action, network_id=network_id, round_id=round_id, rows=rows,
                       user_id=user_id if user_id is not None else current_user_id())
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry
