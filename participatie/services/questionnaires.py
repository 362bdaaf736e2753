"""Loading the frozen questionnaire versions into the database."""

import logging
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import QuestionnaireVersion
from ..questionnaire import Questionnaire
from ..questionnaire.repository import load_published

log = logging.getLogger(__name__)


class PublishedVersionChanged(Exception):
    """A frozen file no longer matches the version already in the database."""


def questionnaires_dir() -> Path:
    return Path(current_app.config["QUESTIONNAIRES_PATH"])


def load_published_versions(directory: Path | None = None) -> list[str]:
    """Store every published version not yet in the database; return what was added."""
    added = []
    for definition in load_published(directory or questionnaires_dir()):
        if store_version(definition):
            added.append(f"{definition.key} version {definition.version}")
    db.session.commit()
    return added


def store_version(definition: Questionnaire) -> bool:
    """Add one version (no commit). True when new; an unchanged one is left as it is."""
    stored = find_version(definition.key, definition.version)
    checksum = definition.checksum()
    if stored is not None:
        if stored.checksum != checksum:
            db.session.rollback()
            raise PublishedVersionChanged(
                f"{definition.key} version {definition.version} differs from the version in the "
                "database; published versions are never edited: publish a new version instead"
            )
        return False
    db.session.add(
        QuestionnaireVersion(
            key=definition.key,
            version=definition.version,
            kind=definition.kind,
            definition=definition.canonical(),
            checksum=checksum,
        )
    )
    log.info("loaded questionnaire %s version %s", definition.key, definition.version)
    return True


def find_version(key: str, version: int | None = None) -> QuestionnaireVersion | None:
    """A given version, or the latest when ``version`` is None."""
    query = select(QuestionnaireVersion).where(QuestionnaireVersion.key == key)
    if version is not None:
        return db.session.scalar(query.where(QuestionnaireVersion.version == version))
    return db.session.scalar(query.order_by(QuestionnaireVersion.version.desc()).limit(1))
