"""The signals register: a coordinator records a signal from a proposed change, attaches
evidence the app publishes (never a figure typed in, never a hidden quote), follows it up, and
prints a one-page letter; viewers read it all and change nothing."""

import io
from datetime import date

import pytest
from markupsafe import escape
from pypdf import PdfReader
from sqlalchemy import func, select

from participatie.extensions import db
from participatie.models import Coding, Signal, SignalNote
from participatie.services import signals as service
from participatie.services.compare import compare, sentence
from participatie.services.sessions import open_session, save_group_results
from participatie.vocabulary import FAMILY_SURVEY
from tests.conftest import csrf_token, log_in
from tests.dashboard.test_themes import QUESTION, _members, analyse, answered, by_command  # noqa: F401

REGISTER = "/dashboard/networks/oostende/signals"


def shows(page, text: str) -> bool:
    body = page.get_data(as_text=True)
    return str(escape(text)) in body


@pytest.fixture
def changed(rounds, respond):
    """Families found the offer much easier to get to in autumn than in spring."""
    respond("voorjaar", "opex", count=12, reachable=1)
    respond("voorjaar", "konterdam", count=12, reachable=2)
    respond("najaar", "opex", count=12, reachable=5)
    respond("najaar", "konterdam", count=12, reachable=4)
    return rounds


def the_change(rounds):
    item = next(i for i in compare(rounds["spring"], rounds["autumn"], FAMILY_SURVEY)
                if i.question == "reachable")
    assert item.notable
    return item


def signal_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Signal))


def test_the_register_proposes_a_notable_change_and_records_it_with_that_evidence(
        changed, coordinator):
    item = the_change(changed)
    expected = sentence(item, "Oostende", "Voorjaar")  # the comparison page's own words
    register = coordinator.get(f"{REGISTER}/")
    assert register.status_code == 200 and shows(register, expected)
    token = next(c.token for c in service.proposals(changed["network"])
                 if c.lines == (expected,))
    form = coordinator.get(f"{REGISTER}/new?evidence={token}")
    assert shows(form, expected)
    saved = coordinator.post(f"{REGISTER}/new", data={
        "title": "Kinderopvang moeilijk bereikbaar", "level": "municipality",
        "neighbourhood": 0, "topic": "reachable", "status": "new", "evidence": token,
        "addressed_to": "Stad Oostende", "csrf_token": csrf_token(coordinator, f"{REGISTER}/new")})
    assert saved.status_code == 302
    signal = db.session.scalars(select(Signal)).one()
    assert [(e.kind, e.lines) for e in signal.evidence] == [("change", [expected])]
    assert shows(coordinator.get(saved.location), expected)


def test_evidence_that_the_app_does_not_publish_stores_nothing(changed, coordinator):
    network = changed["network"]
    spring, autumn = changed["spring"].id, changed["autumn"].id
    for forged in (f"change:{spring}:{autumn}:family:0:children_count:",  # not notable
                   f"change:{spring}:{autumn}:family:0:nothing:x", "score:1:1:play",
                   "quotes:1:1", "session:1", "session:x", "figure:42"):
        with pytest.raises(service.SignalError):
            service.record_signal(network, evidence=forged, title="Iets", level="flemish")
    page = coordinator.post(f"{REGISTER}/new", data={
        "title": "Iets", "level": "flemish", "neighbourhood": 0, "status": "new",
        "evidence": "score:1:1:play", "csrf_token": csrf_token(coordinator, f"{REGISTER}/new")})
    assert page.status_code == 200 and shows(page, "no longer) shown by the app")
    assert signal_count() == 0


def test_bad_input_gets_a_clear_error_and_nothing_half_stored(rounds, coordinator):
    network = rounds["network"]
    for fields in ({"title": "", "level": "municipality"}, {"title": "X", "level": "europe"},
                   {"title": "X", "level": "municipality", "status": "lost"},
                   {"title": "X", "level": "municipality", "neighbourhood_id": 999999}):
        with pytest.raises(service.SignalError):
            service.record_signal(network, **fields)
    assert signal_count() == 0
    page = coordinator.post(f"{REGISTER}/new", data={
        "title": "", "level": "municipality", "neighbourhood": 0, "status": "new",
        "csrf_token": csrf_token(coordinator, f"{REGISTER}/new")})
    assert page.status_code == 200 and 'class="form-error"' in page.get_data(as_text=True)
    assert signal_count() == 0


def test_follow_up_notes_are_dated_and_move_the_status(rounds, coordinator):
    signal = service.record_signal(rounds["network"], title="Schoolstraat", level="neighbourhood")
    page = f"{REGISTER}/{signal.id}"
    for day, text, status in (("2026-11-18", "Antwoord van de schepen", "answered"),
                              ("2026-10-20", "Brief verstuurd", "sent")):
        added = coordinator.post(f"{page}/notes", data={
            "noted_on": day, "text": text, "status": status,
            "csrf_token": csrf_token(coordinator, page)})
        assert added.status_code == 302
    db.session.expire_all()
    assert signal.status == "sent"  # the last note given moves it, whatever its date
    assert [n.text for n in signal.notes] == ["Brief verstuurd", "Antwoord van de schepen"]
    empty = coordinator.post(f"{page}/notes", data={
        "noted_on": "2026-12-01", "text": "", "csrf_token": csrf_token(coordinator, page)})
    assert empty.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SignalNote)) == 2


def test_a_group_sessions_notes_and_priorities_become_evidence(rounds):
    network = rounds["network"]
    session = open_session(network, round_id=rounds["autumn"].id,
                           neighbourhood_id=rounds["hoods"][0].id, held_on=date(2026, 10, 14),
                           place="Buurthuis", participants=8, kinds=["parents"])
    save_group_results(session, {"play": (2, "Het speelplein is te klein.")}, ["play"], 8,
                       "Acht ouders.")
    signal = service.record_signal(network, title="Spelen", level="municipality")
    evidence = service.attach(signal, f"session:{session.id}")
    assert evidence.kind == "session"
    assert any("Het speelplein is te klein." in line for line in evidence.lines)
    assert "Acht ouders." in evidence.lines
    with pytest.raises(service.SignalError):
        service.attach(signal, f"session:{session.id}")  # once is enough


def test_quotes_of_a_theme_leave_hidden_answers_out(answered):  # noqa: F811
    from participatie.services import themes

    analysis = analyse(answered["autumn"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    secret = _members(theme)[0]  # its most representative answer: quoted first
    themes.hide(next(c for c in db.session.scalars(select(Coding))
                     if c.answer.text == secret))
    signal = service.record_signal(answered["network"], title="Buurt", level="municipality")
    evidence = service.attach(signal, f"quotes:{analysis.id}:{theme.id}")
    assert evidence.kind == "quotes" and len(evidence.lines) > 1
    assert all(secret not in line for line in evidence.lines)


def test_a_quote_hidden_after_it_was_attached_leaves_the_signal_and_its_letter(
        answered, coordinator):  # noqa: F811
    """A coordinator attached a theme's quotes to a signal, then sees that one of them could
    identify a family and hides it: the signal's page and its letter no longer show it."""
    from participatie.services import themes

    analysis = analyse(answered["autumn"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    signal = service.record_signal(answered["network"], title="Buurt", level="municipality")
    evidence = service.attach(signal, f"quotes:{analysis.id}:{theme.id}")
    quoted = [line for line in evidence.lines if line.startswith("“")]
    secret = quoted[0][1:-1]
    signal_id = signal.id
    assert shows(coordinator.get(f"{REGISTER}/{signal_id}/letter"), secret)
    themes.hide(next(c for c in db.session.scalars(select(Coding)) if c.answer.text == secret))
    db.session.expire_all()
    for page in (f"{REGISTER}/{signal_id}", f"{REGISTER}/{signal_id}/letter"):
        answer = coordinator.get(page)
        assert answer.status_code == 200 and not shows(answer, secret)
    pdf = coordinator.get(f"{REGISTER}/{signal_id}/letter.pdf")
    text = " ".join(PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split())
    assert " ".join(secret.split()) not in text
    kept = db.session.get(type(evidence), evidence.id).lines
    assert len(kept) == len(evidence.lines) and all(q in kept for q in quoted[1:])


def test_the_letter_is_one_a4_page_with_the_signal_and_its_evidence(changed, coordinator):
    item = the_change(changed)
    token = next(c.token for c in service.proposals(changed["network"])
                 if c.lines == (sentence(item, "Oostende", "Voorjaar"),))
    signal = service.record_signal(
        changed["network"], evidence=token, title="Kinderopvang moeilijk bereikbaar",
        level="municipality", addressed_to="Stad Oostende", description="Ouders zeggen het.")
    html = coordinator.get(f"{REGISTER}/{signal.id}/letter")
    assert html.status_code == 200 and shows(html, "Kinderopvang moeilijk bereikbaar")
    pdf = coordinator.get(f"{REGISTER}/{signal.id}/letter.pdf")
    assert pdf.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(pdf.data)).pages
    assert len(pages) == 1
    text = " ".join(pages[0].extract_text().split())
    assert "Kinderopvang moeilijk bereikbaar" in text and "Stad Oostende" in text


def test_viewers_read_the_register_and_letters_but_change_nothing(changed, english_client):
    signal = service.record_signal(changed["network"], title="Schoolstraat",
                                   level="neighbourhood")
    viewer = english_client()
    log_in(viewer, "viewer@example.org")
    register = viewer.get(f"{REGISTER}/")
    assert shows(register, "Schoolstraat") and not shows(register, "Record a signal")
    assert not shows(register, "Record as a signal")  # proposals are the coordinators' work
    page = viewer.get(f"{REGISTER}/{signal.id}")
    assert page.status_code == 200 and not shows(page, "Add a note")
    assert viewer.get(f"{REGISTER}/{signal.id}/letter.pdf").status_code == 200
    assert viewer.post(f"{REGISTER}/{signal.id}/notes", data={
        "noted_on": "2026-12-01", "text": "x"}).status_code in (400, 403)


def test_a_hidden_quote_takes_its_words_out_of_the_name_of_the_evidence(answered):  # noqa: F811
    """A theme the analysis found is named by its answers' words; its quotes attached to a
    signal carry that name. Hiding one of the answers takes its words out of it there too."""
    from analysis.text import tokens
    from participatie.services import themes

    analysis = analyse(answered["autumn"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    secret = _members(theme)[0]
    word = max(tokens(secret), key=len)  # a word of the answer, among the theme's words
    theme.key, theme.worded, theme.label = None, True, None  # as an emergent theme is
    theme.terms = [word, *theme.terms]
    theme.proposed_label = " · ".join(theme.terms[:3])
    db.session.commit()
    signal = service.record_signal(answered["network"], title="Buurt", level="municipality")
    evidence = service.attach(signal, f"quotes:{analysis.id}:{theme.id}")
    assert word in evidence.heading
    themes.hide(next(c for c in db.session.scalars(select(Coding)) if c.answer.text == secret))
    db.session.expire_all()
    assert word.casefold() not in db.session.get(type(evidence), evidence.id).heading.casefold()
