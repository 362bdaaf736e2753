"""Demo: two self-evaluations of Oostende's partners a year apart (``participatie demo``).
In 2025 every partner filled it; in 2026 one partner has not yet, and most blocks moved up."""

import random
from datetime import UTC, datetime

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import Network
from ..vocabulary import BUILDING_BLOCKS
from .evaluation import network_evaluations, save_entry, start_evaluation

NETWORK = "oostende"
EVALUATIONS = (("Najaar 2025", datetime(2025, 11, 14, 10, tzinfo=UTC), 0),
               ("Najaar 2026", datetime(2026, 11, 13, 10, tzinfo=UTC), 1))
# Where the network starts, per block (1 to 5), before each partner's own view.
START = {"shared_vision": 2, "quality_services": 3, "communication": 2, "support_staff": 2,
         "shared_leadership": 2, "time": 1, "resources": 2, "monitoring": 1}
NEXT_STEPS = {
    "shared_vision": ("Samen met ouders een visietekst schrijven op het buurtfeest.",
                      "De resultaten van de bevraging samen bespreken."),
    "quality_services": ("De wachtlijst van de kinderopvang samen bekijken.",
                         "Een vast aanspreekpunt per buurt afspreken."),
    "communication": ("Eén folder in eenvoudige taal voor alle partners.",
                      "De activiteitenkalender delen met de scholen."),
    "support_staff": ("Een vorming over meertaligheid voor medewerkers en vrijwilligers.",
                      "Intervisie voor de vrijwilligers van het speelplein."),
    "shared_leadership": ("De trekkersrol laten doorschuiven tussen partners.",
                          "Elke partner neemt één werkgroep op."),
    "time": ("Vier vaste overlegmomenten per jaar inplannen.",
             "Uren voor het netwerk opnemen in de planning van het team."),
    "resources": ("Samen een projectaanvraag indienen bij de stad.",
                  "Een lokaal delen voor de ouderwerking."),
    "monitoring": ("De bevraging van de gezinnen elk jaar herhalen.",
                   "Bijhouden welke gezinnen we via welke partner bereiken."),
}


def load_demo_evaluations(created: list[str]) -> None:
    network = db.session.scalar(select(Network).where(Network.key == NETWORK))
    if network is None or not network.partners:
        return
    done = {e.name for e in network_evaluations(network)}
    rng = random.Random(19)
    for name, when, year in EVALUATIONS:
        if name in done:
            continue
        evaluation = start_evaluation(network, name, when=when)
        entries = evaluation.entries[:-1] if year else evaluation.entries
        for entry in entries:
            answers: dict[str, str] = {}
            for block in BUILDING_BLOCKS:
                now = min(5, max(1, START[block] + year + rng.choice((-1, 0, 0, 1))))
                goal = min(5, max(now, 4 + rng.choice((0, 0, 1))))
                step = rng.choice(NEXT_STEPS[block]) if rng.random() < 0.3 else ""
                answers |= {f"{block}_now": str(now), f"{block}_goal": str(goal),
                            f"{block}_next": step}
            save_entry(entry, MultiDict(answers), when=when)
        created.append(f"self-evaluation {name} of {network.key}'s partners")
