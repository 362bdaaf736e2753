"""Retention: ``participatie purge`` removes a round's answers and open texts its network's
number of months after the round closed; the published figures stay exactly as they were
(the same perturbed counts, from the kept cells and their record keys), the round offers no
other filter than the neighbourhood, and the vectors and codebook examples made of its answers
go with them. Every purge and every other staff action touching data is in the audit log."""

from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from participatie.cli import main
from participatie.extensions import db
from participatie.models import (
    Answer,
    AnswerEmbedding,
    AuditEntry,
    CodebookEntry,
    Coding,
    Response,
    ThemeAnalysis,
)
from participatie.services import retention
from participatie.services.results import Filters, _count_tallies, latest_questionnaire
from participatie.services.themes import request_analysis, run, theme_table
from participatie.services.themes.tables import tables_by_neighbourhood
from tests.conftest import log_in
from tests.dashboard.test_themes import POOL, QUESTION


def figures(round_, filters=None):
    return _count_tallies(round_, latest_questionnaire(round_, "family"), filters or Filters())


def fill(rounds, respond):
    for index, words in enumerate(POOL[:23]):
        respond("najaar", ("opex", "konterdam")[index % 3 == 0], **{QUESTION: words})
    respond("voorjaar", "opex", count=6)
    autumn = rounds["autumn"]
    autumn.closes_on = date(2020, 12, 1)
    first = db.session.scalar(select(Answer).where(Answer.text == POOL[0]))
    db.session.add(AnswerEmbedding(answer_id=first.id, model="e5", vector=b"\0" * 16))
    db.session.add(CodebookEntry(network_id=rounds["network"].id, key="spelen", labels={},
                                 examples={"nl": [POOL[0], "een speelplein voor iedereen"]}))
    db.session.commit()
    return autumn


def test_a_purge_keeps_every_published_figure_and_removes_the_answers(app, rounds, respond,
                                                                      english_client):
    app.config["THEMES_METHOD"] = "tfidf"
    autumn = fill(rounds, respond)
    analysis = request_analysis(autumn, "family", QUESTION, runner="inline")
    run(analysis.id)
    opex = rounds["hoods"][0]
    whole, by_hood = figures(autumn), figures(autumn, Filters(neighbourhood_id=opex.id))
    hood_ids = [hood.id for hood in rounds["hoods"]]
    themes_before = shown_themes(analysis, hood_ids)
    assert themes_before[None][0] and themes_before[None][1]
    assert whole.respondents.count == 23 and whole.questions
    responses = db.session.scalar(select(func.count(Response.id)))

    due = {d.round.key: d for d in retention.schedule(rounds["network"])}
    assert due["najaar"].on == date(2022, 12, 1) and due["najaar"].texts == 23
    assert due["voorjaar"].on is None  # still open: never removed
    assert retention.purge(date(2022, 11, 30)) == []  # a day early
    assert [d.round.key for d in retention.purge(date(2022, 12, 1), dry_run=True)] == ["najaar"]
    assert db.session.scalar(select(func.count(Answer.id))) > 23  # a dry run removes nothing

    done = retention.purge(date(2022, 12, 1))
    assert [d.round.key for d in done] == ["najaar"]
    db.session.expire_all()
    assert figures(autumn) == whole  # the same cells: the same perturbed figures
    assert figures(autumn, Filters(neighbourhood_id=opex.id)) == by_hood
    other = figures(autumn, Filters(language="nl"))  # no other filter on a purged round
    assert other.respondents.count == 0 and not other.questions
    autumn_answers = (select(func.count(Answer.id)).join(Response)
                      .where(Response.link.has(round_id=autumn.id)))
    assert db.session.scalar(autumn_answers) == 0
    assert db.session.scalar(select(func.count(Response.id))) == responses  # who took part
    assert db.session.scalar(select(func.count(AnswerEmbedding.answer_id))) == 0
    # Its theme tables stay (the same published sizes, whole round and per neighbourhood),
    # without a quote: the words went with the answers, and so did each answer's coding.
    assert db.session.scalar(select(func.count(ThemeAnalysis.id))) == 1
    assert shown_themes(db.session.get(ThemeAnalysis, analysis.id), hood_ids) == {
        hood: (size, rows, []) for hood, (size, rows, _quotes) in themes_before.items()}
    assert db.session.scalar(select(func.count()).select_from(Coding)) == 0
    client = english_client()
    log_in(client, "coordinator@example.org")
    page = client.get(f"/dashboard/networks/oostende/rounds/najaar/themes/family/{QUESTION}")
    kept = theme_table(db.session.get(ThemeAnalysis, analysis.id)).rows  # every kept theme
    assert page.status_code == 200 and kept
    assert all(f'id="theme-{row.theme.id}"' in page.text for row in kept)
    assert "Find themes" not in page.text and "Analyse again" not in page.text
    entry = db.session.scalar(select(CodebookEntry))
    assert entry.examples == {"nl": ["een speelplein voor iedereen"]}
    spring = figures(rounds["spring"])
    assert spring.respondents.count == 6  # another round's answers stay
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "purge")).all()
    assert [(a.round_id, a.rows > 23, a.user_id) for a in audit] == [(autumn.id, True, None)]
    assert retention.purge(date(2030, 1, 1)) == []  # once


def shown_themes(analysis, hood_ids):
    """Per neighbourhood (None: the whole round): the answers, each theme's (name, size), and
    the quotes shown."""
    tables = {None: theme_table(analysis), **tables_by_neighbourhood(analysis, hood_ids, 1)}
    return {hood: (table.answers, [(row.name, row.size) for row in table.rows],
                   [quote for row in table.rows for quote in row.quotes])
            for hood, table in tables.items()}


def test_a_purged_round_refuses_other_filters_than_the_neighbourhood(
        app, rounds, respond, english_client):
    autumn = fill(rounds, respond)
    retention.purge_round(autumn)
    client = english_client()
    log_in(client, "coordinator@example.org")
    url = "/dashboard/networks/oostende/rounds/najaar/results"
    page = client.get(url).get_data(as_text=True)
    assert 'name="neighbourhood"' in page
    assert 'name="language"' not in page and 'name="age"' not in page
    opex = rounds["hoods"][0].id
    refused = client.get(f"{url}?neighbourhood={opex}&language=nl&age=6-9")
    assert refused.status_code == 303  # never a page of empty figures
    assert refused.location.endswith(f"{url}?neighbourhood={opex}")
    shown = client.get(refused.location).get_data(as_text=True)
    assert "figures are kept per neighbourhood only" in shown
    assert 'name="language"' in client.get(
        "/dashboard/networks/oostende/rounds/voorjaar/results").get_data(as_text=True)


def test_the_command_purges_per_the_networks_months(app, rounds, respond, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("SECRET_KEY", "test")
    fill(rounds, respond)
    retention.set_months_kept(rounds["network"], 6)
    runner = CliRunner()
    dry = runner.invoke(main, ["purge", "--dry-run", "--today", "2021-06-01"])
    assert dry.exit_code == 0 and "oostende/najaar: would remove" in dry.output
    result = runner.invoke(main, ["purge", "--today", "2021-06-01"])
    assert result.exit_code == 0 and "oostende/najaar: removed" in result.output, result.output
    again = runner.invoke(main, ["purge", "--today", "2021-06-01"])
    assert "nothing to remove" in again.output


@pytest.fixture
def population_of_opex(rounds):
    from participatie.services.population import Entry, save_population

    save_population(rounds["hoods"][0], 200, [
        Entry("age_band", "0-2", 60), Entry("home_language", "nl", 150),
        Entry("home_language", "ar", 60)], "Kind en Gezin 2025")


def test_a_purged_round_keeps_its_compass_and_its_reach(rounds, respond, population_of_opex):
    """After the purge the neighbourhood's Place Standard compass and who the survey reached
    are the same figures (from the kept cells), not "too few answers" (per way of answering
    they were not kept apart: that breakdown is gone, and said so by its absence)."""
    import uuid

    from participatie.models import CollectionLink
    from participatie.services.compass import ADULTS, area_compass
    from participatie.services.questionnaires import find_version
    from participatie.services.reach import reach
    from participatie.services.responses import Submission, submit

    autumn, opex = fill(rounds, respond), rounds["hoods"][0]
    ratings = find_version(ADULTS)
    autumn.questionnaire_versions.append(ratings)
    db.session.add(CollectionLink(code="najaar-opex-ps", round=autumn, neighbourhood=opex,
                                  questionnaire_version=ratings, mode="kiosk"))
    autumn.closes_on = None  # open while the ratings come in
    db.session.commit()
    for play, safety in [(3, 5)] * 6 + [(4, 5)] * 6 + [(5, 6)] * 6:
        submit(Submission(uuid.uuid4(), "najaar-opex-ps", "nl",
                          {"play": play, "safety": safety, "priorities": ["play"]}))
    autumn.closes_on = date(2020, 12, 1)
    db.session.commit()
    compass, reached = area_compass(autumn.id, opex.id), reach(autumn, opex)
    assert compass.shown and compass.respondents and reached.groups
    retention.purge(date(2022, 12, 1))
    db.session.expire_all()
    kept = area_compass(autumn.id, opex.id)
    assert kept.respondents == compass.respondents
    assert kept.medians() == compass.medians() and kept.spreads() == compass.spreads()
    after = reach(autumn, opex)
    assert after.respondents == reached.respondents
    assert [(g.share.group, g.figure) for g in after.groups] == [
        (g.share.group, g.figure) for g in reached.groups]
    assert after.modes == {}
