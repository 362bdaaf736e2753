"""The dashboard's figures are counted once per state of a round's answers: a new response,
a paper form typed, corrected or voided shows at once; nothing else recounts."""

from participatie.extensions import db
from participatie.models import CollectionLink
from participatie.services.paper import correct_form, enter_form, void_form
from participatie.services.results import tallies
from tests.dashboard.conftest import BASE, family_answers


def test_results_follow_every_change_of_the_answers(coordinator, respond, rounds):
    respond(count=6, reachable=2)
    assert "6 responses" in coordinator.get(f"{BASE}/najaar/results").text
    respond(count=1, reachable=5)
    assert "7 responses" in coordinator.get(f"{BASE}/najaar/results").text
    autumn = rounds["autumn"]
    link = CollectionLink(code="papier", round=autumn, neighbourhood=rounds["hoods"][0],
                          questionnaire_version=autumn.questionnaire_versions[0], mode="paper")
    db.session.add(link)
    db.session.commit()
    form = enter_form(link, "papier-0001", "nl", family_answers(reachable=4))
    _n, counted = tallies(autumn, "family")
    assert _n == 8 and sorted(counted["reachable"].numbers) == [2] * 6 + [4, 5]
    correct_form(form, "nl", family_answers(reachable=1))
    _n, counted = tallies(autumn, "family")
    assert sorted(counted["reachable"].numbers) == [1] + [2] * 6 + [5]
    void_form(form)
    _n, counted = tallies(autumn, "family")
    assert _n == 7 and sorted(counted["reachable"].numbers) == [2] * 6 + [5]


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
    assert tallies(rounds["autumn"], "family")[0] == 7 and len(calls) == 2
