"""Demo data: three pilot municipalities with real neighbourhoods, an open round, kiosk links
and plausible family responses.

Running it again changes nothing but pointing the demo links at the latest published version.
"""

from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import CollectionLink, Neighbourhood, Network, Round
from .demo_responses import load_demo_responses
from .links import find_link
from .questionnaires import find_version, load_published_versions

NETWORKS = {
    "oostende": ("Oostende", ["Vuurtorenwijk", "Westerkwartier", "Konterdam", "Opex"]),
    "beringen": ("Beringen", ["Beverlo", "Beringen-Mijn", "Koersel", "Paal"]),
    "brugge": ("Brugge", ["Zeebrugge", "Sint-Pieters", "Kristus-Koning"]),
}
ROUND = ("najaar-2026", "Najaar 2026", date(2026, 9, 1))
DEMO_LINK = ("demo", "oostende", "vuurtorenwijk")
FAMILY_SURVEY = "family"


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def load_demo() -> list[str]:
    """Create the demo networks, round and links; return a line per thing created."""
    created = [f"questionnaire {line}" for line in load_published_versions()]
    survey = find_version(FAMILY_SURVEY)
    if survey is None:
        raise LookupError(f"no published version of the {FAMILY_SURVEY!r} questionnaire")
    links = []
    for key, (name, neighbourhoods) in NETWORKS.items():
        network = _get_or_create(Network, created, key=key, name=name)
        round_ = _get_or_create(
            Round, created, network=network, key=ROUND[0], name=ROUND[1], opens_on=ROUND[2]
        )
        for hood_name in neighbourhoods:
            hood = _get_or_create(Neighbourhood, created, network=network, key=slug(hood_name),
                                  name=hood_name)
            links.append(_kiosk_link(created, slug(hood_name), round_, hood, survey))
            if (key, slug(hood_name)) == DEMO_LINK[1:]:
                _kiosk_link(created, DEMO_LINK[0], round_, hood, survey)
    db.session.commit()
    responses = load_demo_responses(links)
    if responses:
        created.append(f"{responses} family responses")
    return created


def _get_or_create(model, created: list[str], **values):
    lookup = {k: v for k, v in values.items() if k in ("key", "network")}
    instance = db.session.scalar(select(model).filter_by(**lookup))
    if instance is None:
        instance = model(**values)
        db.session.add(instance)
        db.session.flush()
        created.append(f"{model.__tablename__} {values['key']}")
    return instance


def _kiosk_link(created, code, round_, hood, survey) -> CollectionLink:
    link = find_link(code)
    if link is None:
        link = CollectionLink(code=code, round=round_, neighbourhood=hood, mode="kiosk")
        db.session.add(link)
        created.append(f"link {code}")
    link.questionnaire_version = survey
    return link
