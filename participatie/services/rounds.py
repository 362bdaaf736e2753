"""Rounds of asking and their collection links: creating, closing, and short codes to type."""

import logging
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import (
    MODES,
    CollectionLink,
    GroupSession,
    Neighbourhood,
    Network,
    PurgedRound,
    QuestionnaireVersion,
    Round,
)
from ..models.base import utcnow
from .networks import SetupError, _taken, _unique_key

log = logging.getLogger(__name__)

# Easy to read aloud and type on a tablet: no 0/o, 1/l/i look-alikes.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 6


def new_code() -> str:
    """A short code not yet in use by a link or a session's join page (31⁶ ≈ 890 million, so a
    retry is rare)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken = [select(model.id).where(model.code == code)
                 for model in (CollectionLink, GroupSession)]
        if not any(db.session.scalar(query) for query in taken):
            return code


def save_round(network: Network, *, name: str, opens_on: date | None, closes_on: date | None,
               version_ids: list[int], neighbourhood_ids: list[int],
               round_: Round | None = None) -> Round:
    """Create a round of ``network`` or change ``round_``: its name, period and what it covers.

    Questionnaires must be among the network's; neighbourhoods among its own.
    """
    name = name.strip()
    if opens_on and closes_on and closes_on < opens_on:
        raise SetupError("closes_on", _l("A round cannot end before it starts."))
    if _taken(Round, name, network, exclude=round_):
        raise SetupError("name", _l("This network already has a round with this name."))
    versions = [v for v in network.questionnaire_versions if v.id in set(version_ids)]
    if len(versions) != len(set(version_ids)) or not versions:
        raise SetupError("versions", _l("Choose at least one of the network's questionnaires."))
    hoods = [n for n in network.neighbourhoods if n.id in set(neighbourhood_ids)]
    if len(hoods) != len(set(neighbourhood_ids)) or not hoods:
        raise SetupError("neighbourhoods", _l("Choose at least one neighbourhood."))
    if round_ is not None:
        _keep_what_has_links(round_, versions, hoods)
    if round_ is None:
        round_ = Round(network=network, key=_unique_key(Round, name, network))
        db.session.add(round_)
    round_.name, round_.opens_on, round_.closes_on = name, opens_on, closes_on
    round_.questionnaire_versions, round_.neighbourhoods = versions, hoods
    db.session.commit()
    log.info("round %s of network %s saved", round_.key, network.key)
    return round_


def _keep_what_has_links(round_: Round, versions: list, hoods: list) -> None:
    """A neighbourhood or questionnaire with links in the round stays: its answers count."""
    for link in round_links(round_):
        if link.neighbourhood not in hoods:
            raise SetupError("neighbourhoods", _l(
                "%(name)s has links in this round: switch them off instead.",
                name=link.neighbourhood.name))
        if link.questionnaire_version not in versions:
            raise SetupError("versions", _l(
                "This questionnaire has links in this round: switch them off instead."))


def close_round(round_: Round) -> None:
    """No link of the round takes answers from now on (web and API alike)."""
    round_.closed_at = utcnow()
    db.session.commit()
    log.info("round %s of network %s closed", round_.key, round_.network.key)


def reopen_round(round_: Round) -> None:
    """Open a closed round again; never one whose answers are purged (its figures are kept
    cells: new answers would count on the overview and nowhere else)."""
    if db.session.get(PurgedRound, round_.id) is not None:
        raise SetupError("round", _l("This round's answers are removed (kept figures only): "
                                     "it cannot be opened again. Start a new round."))
    round_.closed_at = None
    db.session.commit()
    log.info("round %s of network %s reopened", round_.key, round_.network.key)


def create_link(round_: Round, neighbourhood_id: int, version_id: int, mode: str
                ) -> CollectionLink:
    """A link for one neighbourhood, questionnaire version and mode of the round.

    One link per combination: two tablets at the same school gate share one kiosk link.
    """
    neighbourhood = next((n for n in round_.neighbourhoods if n.id == neighbourhood_id), None)
    if neighbourhood is None:
        raise SetupError("neighbourhood", _l("This neighbourhood is not part of the round."))
    version = next((v for v in round_.questionnaire_versions if v.id == version_id), None)
    if version is None:
        raise SetupError("version", _l("This questionnaire version is not part of the round."))
    if mode not in MODES:
        raise SetupError("mode", _l("Unknown way of asking."))
    existing = find_round_link(round_, neighbourhood, version, mode)
    if existing is not None:
        raise SetupError("mode", _l("This link exists already: %(code)s", code=existing.code))
    link = CollectionLink(code=new_code(), round=round_, neighbourhood=neighbourhood,
                          questionnaire_version=version, mode=mode)
    db.session.add(link)
    db.session.commit()
    log.info("link %s created in round %s", link.code, round_.key)
    return link


def find_round_link(round_: Round, neighbourhood: Neighbourhood, version: QuestionnaireVersion,
                    mode: str) -> CollectionLink | None:
    return db.session.scalar(select(CollectionLink).where(
        CollectionLink.round_id == round_.id,
        CollectionLink.neighbourhood_id == neighbourhood.id,
        CollectionLink.questionnaire_version_id == version.id,
        CollectionLink.mode == mode,
    ))


def set_link_enabled(link: CollectionLink, enabled: bool) -> None:
    link.closed_at = None if enabled else utcnow()
    db.session.commit()
    log.info("link %s %s", link.code, "enabled" if enabled else "disabled")


def network_round(network: Network, key: str) -> Round | None:
    return db.session.scalar(
        select(Round).where(Round.network_id == network.id, Round.key == key)
    )


def network_link(network: Network, code: str) -> CollectionLink | None:
    return db.session.scalar(
        select(CollectionLink).join(CollectionLink.round)
        .where(Round.network_id == network.id, CollectionLink.code == code.lower())
    )


def round_links(round_: Round) -> list[CollectionLink]:
    return list(db.session.scalars(
        select(CollectionLink).where(CollectionLink.round_id == round_.id)
        .order_by(CollectionLink.neighbourhood_id, CollectionLink.mode)
    ))
