"""The dashboard's figures are counted once per state of a round's answers: a new response,
a paper form typed, corrected or voided shows at once; nothing else recounts."""

from participatie.extensions import db
from participatie.models import CollectionLink
from participatie.services.paper import correct_form, enter_form, void_form
from participatie.services.results import tallies
from tests.conftest import published
from tests.dashboard.conftest import BASE, family_answers


def responses_shown(round_) -> str:
    return f"{published(CollectionLink.round_id == round_.id)} responses"


def test_results_follow_every_change_of_the_answers(coordinator, respond, rounds):
    autumn = rounds["autumn"]
    respond(count=8, reachable=2)
    assert responses_shown(autumn) in coordinator.get(f"{BASE}/najaar/results").text
    respond(count=1, reachable=5)
    assert responses_shown(autumn) in coordinator.get(f"{BASE}/najaar/results").text
    link = CollectionLink(code="papier", round=autumn, neighbourhood=rounds["hoods"][0],
                          questionnaire_version=autumn.questionnaire_versions[0], mode="paper")
    db.session.add(link)
    db.session.commit()
    form = enter_form(link, "papier-0001", "nl", family_answers(reachable=4))
    counted = tallies(autumn, "family")
    assert counted.respondents.count == 10 and numbers(counted) == {2: 8, 4: 1, 5: 1}
    correct_form(form, "nl", family_answers(reachable=1))
    assert numbers(tallies(autumn, "family")) == {1: 1, 2: 8, 5: 1}
    void_form(form)
    counted = tallies(autumn, "family")
    assert counted.respondents.count == 9 and numbers(counted) == {2: 8, 5: 1}


def numbers(counted) -> dict:
    """How many gave each number to "reachable" (the real counts the cells hold)."""
    return {int(value): cell.count for value, cell in counted["reachable"].numbers.items()}


def test_unchanged_answers_are_not_counted_again(app, respond, rounds, monkeypatch):
    from participatie.services import results

    respond(count=6)
    calls = []
    original = results._count_tallies
    monkeypatch.setattr(results, "_count_tallies",
                        lambda *args: calls.append(args) or original(*args))
    first = tallies(rounds["autumn"], "family")
    assert tallies(rounds["autumn"], "family") is first and len(calls) == 1
    respond(count=1)
    assert tallies(rounds["autumn"], "family").respondents.count == 7 and len(calls) == 2


def test_a_new_response_is_counted_without_writing_a_row_every_family_writes(
        app, respond, rounds):
    """Families submitting at the same moment never queue behind each other on the round's row:
    a response only inserts its own rows, and the figures notice it by the count."""
    from sqlalchemy import event

    written = []
    record = lambda _c, _cur, statement, *_rest: written.append(statement.split()[0:3])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        respond(count=8, reachable=3)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    changed = {" ".join(words[:3]) for words in written if words[0] in ("INSERT", "UPDATE")}
    assert changed == {"INSERT INTO response", "INSERT INTO answer"}
    assert tallies(rounds["autumn"], "family").respondents.count == 8
