"""The signals register (*signaalfunctie*): record what families report, attach evidence from
the app, follow it up. Only published figures become evidence: changes between rounds and
Place Standard scores as the dashboard shows them (through :mod:`analysis.disclosure`), quotes
of themes large enough to show (never hidden ones), a group session's own notes and priorities.

Evidence is named by a token (``change:…``, ``score:…``, ``quotes:…``, ``session:…``) that the
server turns into text again when it is attached, within the signal's own network: a forged
token finds nothing, and no figure is typed in by hand."""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..labels import DIMENSION_LABELS
from ..models import (
    FoundTheme,
    GroupSession,
    Neighbourhood,
    Network,
    Round,
    Signal,
    SignalEvidence,
    SignalNote,
    ThemeAnalysis,
)
from ..models.signals import SIGNAL_LEVELS, SIGNAL_STATUSES
from ..vocabulary import FAMILY_SURVEY
from .compare import compare, earlier_rounds, sentence
from .compass import ADULTS, area_compass
from .themes import theme_table

LOW_SCORE = 3  # a median of 3 or less out of 7: a lot of room for improvement
QUOTES = 3  # quotes of a theme attached as evidence


class SignalError(ValueError):
    """Input that cannot be stored (unknown level, status, neighbourhood or evidence)."""


@dataclass(frozen=True)
class Candidate:
    """Evidence the dashboard proposes or a coordinator may attach."""

    token: str
    kind: str
    heading: str
    lines: tuple[str, ...]
    round_id: int | None = None
    topic: str | None = None
    neighbourhood_id: int | None = None


def network_signals(network: Network) -> list[Signal]:
    return list(db.session.scalars(select(Signal).where(Signal.network_id == network.id)
                                   .order_by(Signal.updated_at.desc(), Signal.id.desc())))


def network_signal(network: Network, signal_id: int) -> Signal | None:
    return db.session.scalar(select(Signal).where(Signal.network_id == network.id,
                                                  Signal.id == signal_id))


def _check(network: Network, fields: dict) -> dict:
    if fields.get("level") not in SIGNAL_LEVELS:
        raise SignalError(_("Choose a level."))
    if fields.get("status", "new") not in SIGNAL_STATUSES:
        raise SignalError(_("Choose a status."))
    if not (fields.get("title") or "").strip():
        raise SignalError(_("Say in a few words what the signal is about."))
    hood = fields.get("neighbourhood_id")
    if hood and hood not in {n.id for n in network.neighbourhoods}:
        raise SignalError(_("Choose a neighbourhood of this network."))
    return {**fields, "title": fields["title"].strip(), "neighbourhood_id": hood or None}


def record_signal(network: Network, evidence: str | None = None, **fields) -> Signal:
    """A new signal of ``network``, with a first piece of evidence when ``evidence`` names
    one; nothing is stored when the signal or its evidence is refused."""
    signal = Signal(network=network, **_check(network, fields))
    db.session.add(signal)
    try:
        if evidence:
            signal.evidence.append(_evidence(network, evidence))
    except SignalError:
        db.session.rollback()
        raise
    db.session.commit()
    return signal


def change_signal(signal: Signal, **fields) -> Signal:
    for name, value in _check(signal.network, {"status": signal.status, **fields}).items():
        setattr(signal, name, value)
    db.session.commit()
    return signal


def add_note(signal: Signal, noted_on: date, text: str, status: str | None = None) -> SignalNote:
    """A dated step of the follow-up; with ``status``, the signal moves to it."""
    if status and status not in SIGNAL_STATUSES:
        raise SignalError(_("Choose a status."))
    if not text.strip():
        raise SignalError(_("Write what happened."))
    note = SignalNote(signal=signal, noted_on=noted_on, text=text.strip(), status=status or None)
    if status:
        signal.status = status
    db.session.add(note)
    db.session.commit()
    return note


def attach(signal: Signal, token: str) -> SignalEvidence:
    """Attach the evidence ``token`` names, as the app publishes it now."""
    if any(e.source == token for e in signal.evidence):
        raise SignalError(_("This evidence is attached already."))
    evidence = _evidence(signal.network, token)
    signal.evidence.append(evidence)
    db.session.commit()
    return evidence


def detach(signal: Signal, evidence_id: int) -> None:
    evidence = next((e for e in signal.evidence if e.id == evidence_id), None)
    if evidence is None:
        raise SignalError(_("This evidence is not attached to the signal."))
    signal.evidence.remove(evidence)
    db.session.commit()


def _evidence(network: Network, token: str) -> SignalEvidence:
    found = next((c for c in _resolve(network, token) if c.token == token), None)
    if found is None:
        raise SignalError(_("This evidence is not (or no longer) shown by the app."))
    return SignalEvidence(kind=found.kind, source=token, round_id=found.round_id,
                          heading=found.heading, lines=list(found.lines))


def _resolve(network: Network, token: str) -> list[Candidate]:
    kind, _sep, rest = token.partition(":")
    parts = rest.split(":")
    try:
        if kind == "change" and len(parts) == 6:
            before, after = _round(network, int(parts[0])), _round(network, int(parts[1]))
            hood = _hood(network, int(parts[3]))
            return changes(before, after, parts[2], hood) if before and after else []
        if kind == "score" and len(parts) == 3:
            round_, hood = _round(network, int(parts[0])), _hood(network, int(parts[1]))
            return low_scores(round_, hood) if round_ and hood else []
        if kind == "quotes" and len(parts) == 2:
            return theme_quotes(network, int(parts[0]), int(parts[1]))
        if kind == "session" and len(parts) == 1:
            return [c for c in sessions(network) if c.token == token]
    except ValueError:
        return []
    return []


def _round(network: Network, round_id: int) -> Round | None:
    return next((r for r in network.rounds if r.id == round_id), None)


def _hood(network: Network, hood_id: int) -> Neighbourhood | None:
    return next((n for n in network.neighbourhoods if n.id == hood_id), None)


def changes(before: Round, after: Round, key: str,
            hood: Neighbourhood | None = None) -> list[Candidate]:
    """The notable changes between two rounds, as the comparison page words them."""
    where = hood.name if hood else before.network.name
    heading = _("%(after)s against %(before)s", after=after.name, before=before.name)
    return [Candidate(f"change:{before.id}:{after.id}:{key}:{hood.id if hood else 0}:"
                      f"{item.question}:{item.option or ''}", "change", heading,
                      (sentence(item, where, before.name),), after.id,
                      item.question if item.question in DIMENSION_LABELS else None,
                      hood.id if hood else None)
            for item in compare(before, after, key, hood) if item.notable]


def low_scores(round_: Round, hood: Neighbourhood) -> list[Candidate]:
    """Place Standard dimensions whose published median in a neighbourhood is ``LOW_SCORE`` or
    less (a withheld dimension proposes nothing)."""
    found = []
    for dimension, summary in area_compass(round_.id, hood.id, ADULTS).scores.items():
        if summary.suppressed or summary.values["median"] > LOW_SCORE:
            continue
        line = ngettext("In %(where)s, “%(theme)s” has a median score of %(median)s out of 7 "
                        "(%(num)s person rated it).",
                        "In %(where)s, “%(theme)s” has a median score of %(median)s out of 7 "
                        "(%(num)s people rated it).", summary.n, where=hood.name,
                        theme=DIMENSION_LABELS[dimension],
                        median=format_decimal(summary.values["median"], format="0.#"))
        found.append(Candidate(f"score:{round_.id}:{hood.id}:{dimension}", "score",
                               _("Place Standard, %(round)s", round=round_.name), (line,),
                               round_.id, dimension, hood.id))
    return found


def theme_quotes(network: Network, analysis_id: int, theme_id: int) -> list[Candidate]:
    """A theme of open answers with its shown size and most representative quotes (hidden
    ones kept out); nothing when the theme is too small to show."""
    analysis = db.session.get(ThemeAnalysis, analysis_id)
    if analysis is None or analysis.round.network_id != network.id:
        return []
    theme = db.session.get(FoundTheme, theme_id)
    if theme is None or theme.analysis_id != analysis.id:
        return []
    table = theme_table(analysis, quotes=QUOTES)
    row = next((r for r in table.rows if r.theme.id == theme.id), None)
    if row is None or not row.size or not table.answers:
        return []
    size = ngettext("%(num)s of %(total)s open answers is about this.",
                    "%(num)s of %(total)s open answers are about this.", row.size,
                    total=table.answers)
    heading = _("Open answers about “%(theme)s”, %(round)s", theme=row.name,
                round=analysis.round.name)
    return [Candidate(f"quotes:{analysis.id}:{theme.id}", "quotes", heading,
                      (size, *(f"“{words}”" for _id, words in row.quotes)), analysis.round_id,
                      theme.key if theme.key in DIMENSION_LABELS else None)]


def sessions(network: Network) -> list[Candidate]:
    """Each finished group session of the network: its agreed priorities and notes."""
    found = []
    for session in db.session.scalars(
            select(GroupSession).where(GroupSession.network_id == network.id)
            .order_by(GroupSession.held_on.desc(), GroupSession.id.desc())):
        lines = []
        if session.priorities:
            lines.append(_("Priorities chosen together: %(themes)s.", themes=", ".join(
                str(DIMENSION_LABELS.get(key, key)) for key in session.priorities)))
        lines.extend(f"{DIMENSION_LABELS.get(s.dimension, s.dimension)}: {s.notes}"
                     for s in session.scores if s.notes)
        if session.notes:
            lines.append(session.notes)
        heading = _("Group session in %(where)s, %(place)s, %(day)s",
                    where=session.neighbourhood.name, place=session.place,
                    day=format_date(session.held_on, "long"))
        found.append(Candidate(f"session:{session.id}", "session", heading, tuple(lines),
                               session.round_id,
                               session.priorities[0] if session.priorities else None,
                               session.neighbourhood_id))
    return found


def shown_themes(network: Network) -> list[Candidate]:
    """Every theme of open answers large enough to show, in the network's analysed rounds."""
    found = []
    for analysis in db.session.scalars(
            select(ThemeAnalysis).join(Round, Round.id == ThemeAnalysis.round_id)
            .where(Round.network_id == network.id, ThemeAnalysis.finished_at.is_not(None))
            .order_by(ThemeAnalysis.id)):
        for row in theme_table(analysis, quotes=0).rows:
            if row.size:
                found.extend(theme_quotes(network, analysis.id, row.theme.id))
    return found


def latest_round(network: Network) -> Round | None:
    """The round that opened last (rounds without a date left out)."""
    return max((r for r in network.rounds if r.opens_on),
               key=lambda r: r.opens_on or date.min, default=None)


def proposals(network: Network) -> list[Candidate]:
    """What the dashboard proposes as signals: the notable changes of the latest round
    against the one before (the whole network and each neighbourhood, the family survey and
    the Place Standard), and low Place Standard scores per neighbourhood in the latest round."""
    latest = latest_round(network)
    if latest is None:
        return []
    found: list[Candidate] = []
    earlier = earlier_rounds(network, latest)
    if earlier:
        for key in (FAMILY_SURVEY, ADULTS):
            for hood in (None, *latest.neighbourhoods):
                found.extend(changes(earlier[0], latest, key, hood))
    for hood in latest.neighbourhoods:
        found.extend(low_scores(latest, hood))
    return found
