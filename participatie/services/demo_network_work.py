"""Demo data of the network's own work in Oostende: three signals with evidence in different
states of their follow-up, and "you said, we did" for the closed spring round in the five
languages. A second run adds nothing."""

from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from ..models import Network, Round, Signal
from .demo_places import EARLIER_ROUND
from .feedback import round_feedback, save_feedback
from .signals import (
    SignalError,
    add_note,
    attach,
    latest_round,
    low_scores,
    proposals,
    sessions,
    shown_themes,
)

NETWORK = "oostende"
SIGNALS: list[dict[str, Any]] = [
    {"title": "Te weinig veilige speelruimte in de Vuurtorenwijk",
     "description": "Ouders en kinderen geven spelen de laagste score. Het speelpleintje aan "
                    "de Vuurtorenstraat is te klein en vaak vuil; er is geen groene speelplek "
                    "op wandelafstand.",
     "for_whom": "gezinnen met kinderen van 3 tot 12 jaar in de Vuurtorenwijk",
     "topic": "play", "level": "municipality", "hood": "vuurtorenwijk",
     "addressed_to": "Stad Oostende, dienst Openbaar Domein", "status": "answered",
     "evidence": ("score", "session"),
     "notes": [(date(2026, 10, 20), "Brief verstuurd naar de schepen van openbaar domein.",
                "sent"),
               (date(2026, 11, 18), "Antwoord: het pleintje wordt in het voorjaar heraangelegd; "
                "de buurt mag mee ontwerpen.", "answered")]},
    {"title": "Auto's rijden te snel langs de school",
     "description": "In de groepssessie vroegen ouders om een schoolstraat.",
     "for_whom": "kinderen die te voet of met de fiets naar school gaan",
     "topic": "traffic", "level": "neighbourhood", "hood": "vuurtorenwijk",
     "addressed_to": "Mobiliteitsdienst en wijkagent", "status": "sent",
     "evidence": ("session",),
     "notes": [(date(2026, 11, 2), "Besproken op het wijkoverleg, brief meegegeven.", "sent")]},
    {"title": "Ouders weten niet waar ze met een idee terechtkunnen",
     "description": "Inspraak en invloed scoren laag in alle wijken.",
     "for_whom": "alle gezinnen van het netwerk", "topic": "influence", "level": "flemish",
     "hood": None, "addressed_to": "Opgroeien, team buurtgerichte netwerken", "status": "new",
     "evidence": ("change", "quotes", "score"), "notes": []},
]
FEEDBACK = Path(__file__).with_name("demo_feedback.yaml")
UNCHECKED = ["ar", "tr"]  # self-translated by a volunteer, not yet read by a native reader


def load_demo_network_work(created: list[str]) -> None:
    """Evidence is kept in the words it was attached in: Dutch, as a coordinator here writes."""
    with force_locale("nl"):
        _load(created)


def _load(created: list[str]) -> None:
    network = db.session.scalar(select(Network).where(Network.key == NETWORK))
    if network is None:
        return
    if db.session.scalar(select(Signal).where(Signal.network_id == network.id)) is None:
        for spec in SIGNALS:
            _signal(network, spec)
            created.append(f"signal {spec['title']!r} in {network.key}")
    spring = db.session.scalar(select(Round).where(Round.network_id == network.id,
                                                   Round.key == EARLIER_ROUND[0]))
    if spring is not None and not round_feedback(spring):
        entries = yaml.safe_load(FEEDBACK.read_text(encoding="utf-8"))
        for entry in entries:
            save_feedback(spring, entry["topic"], entry["said"], entry["did"], UNCHECKED,
                          {e["topic"] for e in entries})
        created.append(f"you said, we did for {network.key}/{spring.key}")


def _evidence(network: Network, kind: str, spec: dict) -> list[str]:
    hood = next((n for n in network.neighbourhoods if n.key == spec["hood"]), None)
    if kind == "session":
        return [c.token for c in sessions(network)][:1]
    if kind == "score":
        latest = latest_round(network)
        if latest is None:
            return []
        hoods = [hood] if hood else network.neighbourhoods
        return [c.token for h in hoods for c in low_scores(latest, h)
                if c.topic == spec["topic"]][:2]
    if kind == "quotes":
        return [c.token for c in shown_themes(network)][:1]
    return [c.token for c in proposals(network)
            if c.kind == "change" and c.topic == spec["topic"]][:1]


def _signal(network: Network, spec: dict) -> None:
    hood = next((n for n in network.neighbourhoods if n.key == spec["hood"]), None)
    signal = Signal(network=network, title=spec["title"], description=spec["description"],
                    for_whom=spec["for_whom"], topic=spec["topic"], level=spec["level"],
                    neighbourhood=hood, addressed_to=spec["addressed_to"], status="new")
    db.session.add(signal)
    db.session.commit()
    for kind in spec["evidence"]:
        for token in _evidence(network, kind, spec):
            # Already attached through another kind: the signal keeps the one it has.
            with suppress(SignalError):
                attach(signal, token)
    for day, text, status in spec["notes"]:
        add_note(signal, day, text, status)
