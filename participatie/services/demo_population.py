"""Demo population figures for reach: each demo neighbourhood's families per children's age
band and home language (plausible orders of magnitude, not real statistics). Brugge knows only
the share of families not speaking Dutch at home."""

import random

from sqlalchemy import select

from ..extensions import db
from ..models import Network
from ..models.population import NOT_DUTCH
from .population import Entry, figures_of, save_population

SOURCE = "Kind en Gezin, Statistiek Vlaanderen 2025 (demo)"
AGE_SHARES = {"0-2": 0.30, "3-5": 0.33, "6-9": 0.40, "10-12": 0.36}
LANGUAGE_SHARES = {  # per network: share of families speaking the language at home
    "oostende": {"nl": 0.68, "ar": 0.36, "ber": 0.08, "fr": 0.07, "tr": 0.04, "en": 0.03},
    "beringen": {"nl": 0.66, "tr": 0.30, "ar": 0.07, "fr": 0.03, "pl": 0.04},
}
NOT_DUTCH_PERCENT = {"brugge": 21.0}


def load_demo_population() -> list[str]:
    """Population figures for every demo neighbourhood without any yet."""
    done = []
    for network in db.session.scalars(select(Network).order_by(Network.key)):
        for hood in network.neighbourhoods:
            if figures_of(hood):
                continue
            rng = random.Random(f"population-{network.key}-{hood.key}")
            total = (hood.population or {}).get("families") or 420
            entries = [Entry("age_band", band, round(total * share * rng.uniform(0.85, 1.15)))
                       for band, share in AGE_SHARES.items()]
            for code, share in LANGUAGE_SHARES.get(network.key, {}).items():
                if share:
                    entries.append(Entry("home_language", code,
                                         round(total * share * rng.uniform(0.8, 1.2))))
            if network.key in NOT_DUTCH_PERCENT:
                entries.append(Entry("home_language", NOT_DUTCH,
                                     percent=NOT_DUTCH_PERCENT[network.key]))
            save_population(hood, total, entries, SOURCE)
            done.append(f"population figures of {network.key}/{hood.key}")
    return done
