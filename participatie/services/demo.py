"""Demo data: three pilot municipalities with real neighbourhoods, an open round, kiosk links
and plausible family responses.

Running it again changes nothing but pointing the demo links at the latest published version.
"""

from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import CollectionLink, Neighbourhood, Network, Partner, Round
from ..vocabulary import FAMILY_SURVEY
from .accounts import create_user, find_user, grant_role
from .demo_places import earlier_round, load_demo_session, load_place_ratings
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
# Staff accounts for trying each role; a network's members see that network only.
DEMO_PASSWORD = "buurt-demo-2026"
DEMO_ADMIN = "beheer@example.org"
DEMO_ROLE_NETWORKS = ("oostende", "beringen")
POPULATION = {  # plausible orders of magnitude for a Flemish neighbourhood
    "families": 420, "children": {"0-2": 130, "3-5": 140, "6-9": 170, "10-12": 150},
    "languages": ["nl", "ar", "tr", "fr", "ber", "other"],
}
PARTNERS = {
    "Huis van het Kind": ["family_support_health", "meeting", "advocacy"],
    "Kinderopvang De Vlieger": ["childcare_school"],
    "Basisschool De Zeester": ["childcare_school", "meeting"],
    "Speelpleinwerking": ["play_leisure", "public_space"],
    "OCMW / Sociaal Huis": ["basic_rights"],
}
DEMO_THEMES_NETWORK, DEMO_THEMES_QUESTION = "oostende", "better_neighbourhood"


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
        if survey not in network.questionnaire_versions:
            network.questionnaire_versions.append(survey)
        round_ = _get_or_create(
            Round, created, network=network, key=ROUND[0], name=ROUND[1], opens_on=ROUND[2]
        )
        if survey not in round_.questionnaire_versions:
            round_.questionnaire_versions.append(survey)
        for hood_name in neighbourhoods:
            hood = _get_or_create(Neighbourhood, created, network=network, key=slug(hood_name),
                                  name=hood_name, population=POPULATION)
            if hood not in round_.neighbourhoods:
                round_.neighbourhoods.append(hood)
            links.append(_kiosk_link(created, slug(hood_name), round_, hood, survey))
            if (key, slug(hood_name)) == DEMO_LINK[1:]:
                _kiosk_link(created, DEMO_LINK[0], round_, hood, survey)
        _partners(network, created)
    db.session.commit()
    _accounts(created)
    ratings = load_place_ratings(
        [r for n in db.session.scalars(select(Network)) for r in
         (earlier_round(n, created), next(x for x in n.rounds if x.key == ROUND[0]))], created)
    if ratings:
        created.append(f"{ratings} Place Standard ratings and responses of the spring round")
    load_demo_session(created)
    responses = load_demo_responses(links)
    if responses:
        created.append(f"{responses} family responses")
    created.extend(_demo_themes())
    from .demo_population import load_demo_population
    created.extend(load_demo_population())
    from .demo_network_work import load_demo_network_work

    load_demo_network_work(created)
    from .demo_evaluation import load_demo_evaluations
    load_demo_evaluations(created)
    return created


def _demo_themes() -> list[str]:
    """Themes of "what would make the neighbourhood better" in Oostende, both rounds (earlier
    first, so the comparison has something to show): run now, not in the background."""
    from .themes import analysis_of, request_analysis, run

    network = db.session.scalar(select(Network).where(Network.key == DEMO_THEMES_NETWORK))
    done = []
    for round_ in sorted(network.rounds, key=lambda r: r.opens_on or date.min):
        if analysis_of(round_, FAMILY_SURVEY, DEMO_THEMES_QUESTION) is not None:
            continue
        analysis = request_analysis(round_, FAMILY_SURVEY, DEMO_THEMES_QUESTION, runner="inline")
        analysis = run(analysis.id)
        done.append(f"themes of {DEMO_THEMES_QUESTION} in {network.key}/{round_.key}: "
                    f"{len(analysis.themes)} themes in {analysis.answers} answers "
                    f"({analysis.status})")
    return done


def demo_accounts() -> list[tuple[str, str]]:
    """The demo staff: (e-mail address, what they may do)."""
    accounts = [(DEMO_ADMIN, "instance administrator")]
    for network in DEMO_ROLE_NETWORKS:
        accounts += [(f"{role}.{network}@example.org", f"{role} in {NETWORKS[network][0]}")
                     for role in ("coordinator", "facilitator", "viewer")]
    return accounts


def _accounts(created: list[str]) -> None:
    if find_user(DEMO_ADMIN) is None:
        create_user(DEMO_ADMIN, is_admin=True, password=DEMO_PASSWORD)
        created.append(f"user {DEMO_ADMIN}")
    for network_key in DEMO_ROLE_NETWORKS:
        network = db.session.scalar(select(Network).where(Network.key == network_key))
        for role in ("coordinator", "facilitator", "viewer"):
            email = f"{role}.{network_key}@example.org"
            if find_user(email) is None:
                user = create_user(email, password=DEMO_PASSWORD)
                grant_role(user, network, role)
                created.append(f"user {email}")


def _partners(network: Network, created: list[str]) -> None:
    for name, functions in PARTNERS.items():
        if not any(p.name == name for p in network.partners):
            db.session.add(Partner(network=network, name=name, functions=functions))
            created.append(f"partner {name} in {network.key}")


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
