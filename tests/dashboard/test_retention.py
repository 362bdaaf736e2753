"""Retention: ``participatie purge`` removes a round's answers and open texts its network's
number of months after the round closed; the published figures stay exactly as they were
(the same perturbed counts, from the kept cells and their record keys), the round offers no
other filter than the neighbourhood, and the vectors and codebook examples made of its answers
go with them. Every purge and every other staff action touching data is in the audit log."""

from datetime import date

from click.testing import CliRunner
from sqlalchemy import func, select

from participatie.cli import main
from participatie.extensions import db
from participatie.models import (
    Answer,
    AnswerEmbedding,
    AuditEntry,
    CodebookEntry,
    Response,
    ThemeAnalysis,
)
from participatie.services import retention
from participatie.services.results import Filters, _count_tallies, latest_questionnaire
from participatie.services.themes import request_analysis, run
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


def test_a_purge_keeps_every_published_figure_and_removes_the_answers(app, rounds, respond):
    app.config["THEMES_METHOD"] = "tfidf"
    autumn = fill(rounds, respond)
    analysis = request_analysis(autumn, "family", QUESTION, runner="inline")
    run(analysis.id)
    opex = rounds["hoods"][0]
    whole, by_hood = figures(autumn), figures(autumn, Filters(neighbourhood_id=opex.id))
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
    assert db.session.scalar(select(func.count(ThemeAnalysis.id))) == 0
    entry = db.session.scalar(select(CodebookEntry))
    assert entry.examples == {"nl": ["een speelplein voor iedereen"]}
    spring = figures(rounds["spring"])
    assert spring.respondents.count == 6  # another round's answers stay
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "purge")).all()
    assert [(a.round_id, a.rows > 23, a.user_id) for a in audit] == [(autumn.id, True, None)]
    assert retention.purge(date(2030, 1, 1)) == []  # once


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
