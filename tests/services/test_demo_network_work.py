"""The demo's network work in Oostende: three signals with evidence in different states, and
"you said, we did" for the closed spring round, shown on that round's links."""

from sqlalchemy import select

from participatie.extensions import db
from participatie.models import Network, Signal
from participatie.services.demo import load_demo
from participatie.services.feedback import closed_round_feedback, round_feedback


def test_the_demo_has_signals_in_three_states_and_you_said_we_did_for_the_closed_round(demo_app):
    network = db.session.scalar(select(Network).where(Network.key == "oostende"))
    found = db.session.scalars(select(Signal).where(Signal.network_id == network.id)).all()
    assert len(found) == 3
    assert {s.status for s in found} == {"new", "sent", "answered"}
    assert all(s.evidence for s in found)
    assert len({e.kind for s in found for e in s.evidence}) >= 3
    closed = next(r for r in network.rounds if r.closed_at is not None)
    entries = round_feedback(closed)
    assert len(entries) == 3 and all(set(e.said) == {"nl", "fr", "en", "ar", "tr"}
                                      for e in entries)
    assert all(e.unchecked == ["ar", "tr"] for e in entries)
    assert closed_round_feedback(f"vuurtorenwijk-{closed.key[:7]}") is not None  # its kiosk
    assert load_demo() == []  # a second run adds nothing
