"""Writes to a network's set-up: the network itself, its neighbourhoods, partners, members and
the questionnaire versions it uses. Every function checks what a form cannot (uniqueness) and
raises :class:`SetupError` naming the field, so that nothing half-made is stored."""

import logging
import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import ROLES, Neighbourhood, Network, Partner, QuestionnaireVersion, User
from ..vocabulary import ESSENTIAL_FUNCTIONS
from .accounts import AccountError, check_new_email, find_user, grant_role
from .audit import record

log = logging.getLogger(__name__)



class SetupError(ValueError):
    """What is asked cannot be stored; ``field`` is the form field to show ``message`` at."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


def slug(name: str) -> str:
    """A key for URLs from a name: "Sint-Pieters (Brugge)" → "sint-pieters-brugge"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64] or "x"


def _taken(model, name: str, network: Network | None = None, exclude=None) -> bool:
    query = select(model.id).where(model.name == name)
    if network is not None:
        query = query.where(model.network_id == network.id)
    if exclude is not None:
        query = query.where(model.id != exclude.id)
    return db.session.scalar(query) is not None


def _unique_key(model, name: str, network: Network | None = None) -> str:
    base = slug(name)
    key, n = base, 1
    while True:
        query = select(model.id).where(model.key == key)
        if network is not None:
            query = query.where(model.network_id == network.id)
        if db.session.scalar(query) is None:
            return key
        n += 1
        key = f"{base}-{n}"


def create_network(name: str, coordinator_email: str) -> tuple[Network, User]:
    """A new network and its first coordinator (a new account when the address is new)."""
    name = name.strip()
    if _taken(Network, name):
        raise SetupError("name", _l("There is already a network with this name."))
    coordinator = find_user(coordinator_email)
    if coordinator is None:
        coordinator = User(email=_new_email("coordinator_email", coordinator_email))
    network = Network(key=_unique_key(Network, name), name=name)
    db.session.add_all([network, coordinator])
    db.session.flush()
    grant_role(coordinator, network, "coordinator")  # commits all three at once
    log.info("network %s created", network.key)
    return network, coordinator


def _new_email(field: str, email: str) -> str:
    try:
        return check_new_email(email)
    except AccountError as refused:
        raise SetupError(field, refused.message) from refused


def save_neighbourhood(network: Network, name: str, population: dict,
                       neighbourhood: Neighbourhood | None = None) -> Neighbourhood:
    """Add a neighbourhood to ``network``, or rename and update ``neighbourhood``."""
    name = name.strip()
    if _taken(Neighbourhood, name, network, exclude=neighbourhood):
        raise SetupError("name", _l("This network already has a neighbourhood with this name."))
    if neighbourhood is None:
        neighbourhood = Neighbourhood(network=network, name=name,
                                      key=_unique_key(Neighbourhood, name, network))
        db.session.add(neighbourhood)
    neighbourhood.name = name
    neighbourhood.population = {k: v for k, v in population.items() if v not in (None, {}, [])}
    db.session.commit()
    log.info("neighbourhood %s saved in network %s", neighbourhood.key, network.key)
    return neighbourhood


def save_partner(network: Network, name: str, functions: list[str],
                 partner: Partner | None = None) -> Partner:
    name = name.strip()
    unknown = set(functions) - set(ESSENTIAL_FUNCTIONS)
    if unknown:
        raise SetupError("functions", _l("Unknown function: %(keys)s", keys=", ".join(unknown)))
    if _taken(Partner, name, network, exclude=partner):
        raise SetupError("name", _l("This network already has a partner with this name."))
    if partner is None:
        partner = Partner(network=network)
        db.session.add(partner)
    partner.name = name
    partner.functions = [f for f in ESSENTIAL_FUNCTIONS if f in functions]
    record("partner", network.id, rows=1, commit=False)
    db.session.commit()
    log.info("partner %s saved in network %s", partner.id, network.key)
    return partner


def delete_partner(partner: Partner) -> None:
    record("partner", partner.network_id, rows=1, commit=False)
    db.session.delete(partner)
    db.session.commit()
    log.info("partner %s removed", partner.id)


def add_member(network: Network, email: str, role: str) -> tuple[User, bool]:
    """Give ``email`` a role in ``network``; returns the user and whether the account is new."""
    if role not in ROLES:
        raise SetupError("role", _l("Unknown role."))
    user = find_user(email)
    created = user is None
    if user is None:
        user = User(email=_new_email("email", email))
        db.session.add(user)
        db.session.flush()
    elif user.role_in(network.id) is not None:
        raise SetupError("email", _l("This person is already a member of the network."))
    record("role", network.id, rows=1, commit=False)
    grant_role(user, network, role)
    return user, created


def set_questionnaires(network: Network, version_ids: list[int]) -> None:
    """Which published questionnaire versions the network uses (rounds choose among these)."""
    versions = db.session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(version_ids),
                                           QuestionnaireVersion.kind != "self_evaluation")
    ).all()
    if len(versions) != len(set(version_ids)):
        raise SetupError("versions", _l("Unknown questionnaire version."))
    network.questionnaire_versions = list(versions)
    db.session.commit()
    log.info("network %s uses questionnaire versions %s", network.key, sorted(version_ids))


def published_versions() -> list[QuestionnaireVersion]:
    return list(db.session.scalars(
        # The partners' self-evaluation is filled through its own links, never in a round.
        select(QuestionnaireVersion).where(QuestionnaireVersion.kind != "self_evaluation")
        .order_by(QuestionnaireVersion.key,
                                              QuestionnaireVersion.version)
    ))
