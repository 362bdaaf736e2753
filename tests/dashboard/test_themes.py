"""Themes in open answers as a coordinator uses them: the analysis job, its stored embeddings,
codings and hidden quotes that survive a re-analysis, suppression, escaping, the comparison with
the previous round, and the network's own codebook."""

import csv
import io
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from markupsafe import escape
from sqlalchemy import func, select

from analysis import ThemeFinder, load_codebook
from analysis.codebooks import default_codebook
from analysis.stats import change_in_share
from participatie.cli import main
from participatie.extensions import db
from participatie.models import AnswerEmbedding, CodebookEntry, Coding, FoundTheme
from participatie.services import themes as service
from tests.conftest import csrf_token, log_in
from tests.dashboard.conftest import BASE

POOL = yaml.safe_load((Path(service.__file__).parents[1] / "demo_answers.yaml").read_text(
    encoding="utf-8"))["better_neighbourhood"]["nl"]
QUESTION = "better_neighbourhood"
PAGE = f"{BASE}/najaar/themes/family/{QUESTION}"


@pytest.fixture
def by_command(app):
    app.config["THEMES_RUNNER"] = "command"  # the test runs the job itself, in its own time


@pytest.fixture
def answered(rounds, respond, by_command):
    """60 autumn and 40 spring answers to "what would make the neighbourhood better"."""
    for index, text in enumerate(POOL[:60]):
        respond("najaar", ("opex", "konterdam")[index % 2], **{QUESTION: text})
    for index, text in enumerate(POOL[50:90]):
        respond("voorjaar", ("opex", "konterdam")[index % 2], **{QUESTION: text})
    return rounds


def analyse(round_):
    analysis = service.request_analysis(round_, "family", QUESTION)
    assert analysis.status == "queued"
    service.run(analysis.id)
    db.session.expire_all()
    assert analysis.status == "done", analysis.error
    return analysis


def shows(page, text: str) -> bool:
    """Whether a page shows these words (as HTML escapes them, or as they are in a file)."""
    body = page.get_data(as_text=True)
    return str(escape(text)) in body or text in body


def coding_of(text: str) -> Coding:
    from participatie.models import Answer

    return db.session.scalar(select(Coding).join(Answer, Answer.id == Coding.answer_id)
                             .where(Answer.text == text))


def test_the_first_analysis_stores_embeddings_and_a_reanalysis_embeds_nothing(
        answered, monkeypatch):
    analysis = analyse(answered["autumn"])
    assert analysis.method == "embed" and analysis.answers == 60
    assert db.session.scalar(select(func.count()).select_from(AnswerEmbedding)) == 60
    assert db.session.scalar(select(func.count()).select_from(Coding)) == 60
    assert len(analysis.themes) >= 3
    embedder = service._embedder()
    embedded = []
    original = embedder.embed
    monkeypatch.setattr(embedder, "embed", lambda texts: embedded.extend(texts) or original(texts))
    analyse(answered["autumn"])
    assert embedded == []  # every vector came back from the database


def test_codings_and_hidden_quotes_survive_a_reanalysis_and_new_answers(answered, respond):
    round_ = answered["autumn"]
    analysis = analyse(round_)
    big, second = sorted(analysis.themes, key=lambda t: -len(_members(t)))[:2]
    service.rename(big, "Spelen in de buurt")
    hidden = _members(big)[0]
    service.hide(coding_of(hidden))
    moved = _members(second)[0]
    service.move(coding_of(moved), big)
    service.confirm(second)
    second_members = set(_members(second))
    respond("najaar", "opex", **{QUESTION: "Een grotere speeltuin met schommels voor de kleintjes"})
    respond("najaar", "opex", **{QUESTION: "Veilige fietspaden naar school, nu is het gevaarlijk"})

    analyse(round_)

    big, second = db.session.get(FoundTheme, big.id), db.session.get(FoundTheme, second.id)
    assert big is not None and big.shown_label() == "Spelen in de buurt" and big.kept
    assert second is not None and second.confirmed
    assert coding_of(moved).theme_id == big.id and coding_of(moved).by_person
    assert second_members <= set(_members(second))  # confirmed: its answers stay
    assert coding_of(hidden).hidden
    new = coding_of("Een grotere speeltuin met schommels voor de kleintjes")
    assert new is not None and new.theme_id is not None  # proposed into a theme
    shown = [q for row in service.theme_table(analysis).rows for _, q in row.quotes]
    assert hidden not in shown


def _members(theme) -> list[str]:
    from participatie.models import Answer

    return list(db.session.scalars(
        select(Answer.text).join(Coding, Coding.answer_id == Answer.id)
        .where(Coding.theme_id == theme.id).order_by(Coding.closeness.desc(), Answer.id)))


def test_confirming_a_theme_fills_the_network_codebook_and_the_next_round_knows_it(answered):
    spring = analyse(answered["spring"])
    theme = max(spring.themes, key=lambda t: len(_members(t)))
    service.rename(theme, "Onze wijk")
    hidden = _members(theme)[1]
    service.hide(coding_of(hidden))
    service.confirm(theme)
    entry = db.session.scalar(select(CodebookEntry).where(CodebookEntry.key == theme.key))
    examples = [p for phrases in entry.examples.values() for p in phrases]
    assert _members(theme)[0] in examples and hidden not in examples
    if entry.labels:  # a theme of the network's own (not one of the default codebook)
        assert "Onze wijk" in entry.labels.values()
    autumn = analyse(answered["autumn"])
    assert theme.key in {t.key for t in autumn.themes}


def test_hidden_quotes_stay_out_of_every_view_and_export(answered, coordinator):
    analysis = analyse(answered["autumn"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    secret = _members(theme)[0]
    assert shows(coordinator.get(PAGE), secret)  # the most representative quote
    hide = coordinator.post(f"{PAGE}/hide", data={
        "answer": coding_of(secret).answer_id, "csrf_token": csrf_token(coordinator, PAGE)})
    assert hide.status_code == 302 and coding_of(secret).hidden
    for url in (PAGE, f"{PAGE}?theme={theme.id}", f"{BASE}/najaar/report",
                f"{BASE}/najaar/export?kind=responses&format=csv",
                "/dashboard/networks/oostende/codebook/"):
        assert not shows(coordinator.get(url), secret), url
    rows = list(csv.reader(io.StringIO(coordinator.get(
        f"{BASE}/najaar/export?kind=responses&format=csv&keys=only")
        .get_data(as_text=True).lstrip("\ufeff"))))
    column = rows[0].index(QUESTION)
    assert sum(1 for row in rows[1:] if row[0][0] != "#" and row[column] == "") == 1  # hidden


def test_answers_that_came_in_after_the_analysis_are_counted_and_offered(
        answered, respond, coordinator):
    analyse(answered["autumn"])
    page = coordinator.get(PAGE).text
    assert "These themes were found in 60 answers" in page and "came in since" not in page
    for text in POOL[60:69]:
        respond("najaar", "opex", **{QUESTION: text})
    page = coordinator.get(PAGE).text
    assert "9 answers came in since then: they are in no theme yet." in page
    assert "Analyse again to place them." in page
    assert "9 new answers" in coordinator.get(f"{BASE}/najaar/themes/").text
    analyse(answered["autumn"])
    page = coordinator.get(PAGE).text
    assert "found in 69 answers" in page and "came in since" not in page


def test_hiding_a_quote_offers_to_hide_every_answer_with_the_same_words(
        answered, respond, coordinator):
    analysis = analyse(answered["autumn"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    same = _members(theme)[0]  # two more families wrote these very words
    for text in (same, "  " + same.upper().replace(" ", "  ")):
        respond("najaar", "opex", **{QUESTION: text})
    analyse(answered["autumn"])
    page = coordinator.get(f"{PAGE}?theme={theme.id}")
    assert "and the 2 other answers with the same words" in page.text  # the offer
    hide = coordinator.post(f"{PAGE}/hide", data={
        "answer": coding_of(same).answer_id, "alike": "1",
        "csrf_token": csrf_token(coordinator, PAGE)})
    assert hide.status_code == 302
    assert "3 answers with these words are hidden" in coordinator.get(hide.location).text
    assert db.session.scalar(select(func.count()).select_from(Coding)
                             .where(Coding.hidden.is_(True))) == 3
    words = " ".join(same.split()).casefold()
    for url in (PAGE, f"{PAGE}?theme={theme.id}", f"{BASE}/najaar/report",
                f"{BASE}/najaar/export?kind=responses&format=csv"):
        body = " ".join(coordinator.get(url).get_data(as_text=True).split()).casefold()
        assert str(escape(words)) not in body and words not in body, url

    respond("najaar", "konterdam", **{QUESTION: same})  # the same words come in later
    body = " ".join(coordinator.get(f"{BASE}/najaar/export?kind=responses&format=csv")
                    .get_data(as_text=True).split()).casefold()
    assert words not in body  # hidden before any new analysis
    analyse(answered["autumn"])
    assert db.session.scalar(select(func.count()).select_from(Coding)
                             .where(Coding.hidden.is_(True))) == 4


def test_hiding_one_answer_only_leaves_its_twins_shown(answered, respond):
    analysis = analyse(answered["autumn"])
    same = _members(max(analysis.themes, key=lambda t: len(_members(t))))[0]
    respond("najaar", "opex", **{QUESTION: same})
    analyse(answered["autumn"])
    first = coding_of(same)
    assert service.hide(first, every_alike=False) == 1
    assert len(service.alike(first)) == 1  # the twin, still shown, still offered


def test_a_theme_of_fewer_than_five_shows_neither_size_nor_quotes(answered, coordinator):
    analysis = analyse(answered["autumn"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    members = _members(theme)
    for text in members[3:]:
        service.move(coding_of(text), None)
    table = service.theme_table(analysis)
    row = next(r for r in table.rows if r.theme.id == theme.id)
    assert row.size is None and row.quotes == []
    page, listing = coordinator.get(PAGE), coordinator.get(f"{PAGE}?theme={theme.id}")
    assert not any(shows(page, text) or shows(listing, text) for text in members[:3])


def test_quotes_are_escaped(rounds, respond, by_command, coordinator):
    for text in POOL[:20]:
        respond("najaar", "opex", **{QUESTION: text})
    evil = "<script>alert('x')</script> de speeltuin is altijd kapot en vuil"
    for _ in range(6):
        respond("najaar", "opex", **{QUESTION: evil})
    analysis = analyse(rounds["autumn"])
    theme = coding_of(evil).theme
    body = coordinator.get(f"{PAGE}?theme={theme.id}").get_data(as_text=True)
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body
    assert analysis.status == "done"


def test_each_theme_is_compared_with_the_previous_round(answered, coordinator):
    before = analyse(answered["spring"])
    after = analyse(answered["autumn"])
    table = service.with_previous_round(service.theme_table(after), after)
    assert table.before.id == before.id
    # Compared on the figures shown for each round (perturbed), as the page shows them.
    earlier_table = service.theme_table(before, quotes=0)
    counts_before = {row.theme.id: row.size for row in earlier_table.rows}
    n_before = earlier_table.answers
    shared = [row for row in table.rows if row.change and not row.change.suppressed]
    assert shared, "some theme is large enough in both rounds"
    for row in shared:
        earlier = next(t for t in before.themes if t.key == row.theme.key)
        expected = change_in_share(counts_before[earlier.id], n_before, row.size, table.answers)
        assert row.change.before == pytest.approx(expected.before)
        assert row.change.low == pytest.approx(expected.low)
    assert "compared with Voorjaar" in coordinator.get(PAGE).get_data(as_text=True)


def test_a_coordinator_renames_merges_moves_and_confirms_through_the_page(answered, coordinator):
    analysis = analyse(answered["autumn"])
    first, second = sorted(analysis.themes, key=lambda t: -len(_members(t)))[:2]
    token = csrf_token(coordinator, PAGE)
    assert coordinator.post(f"{PAGE}/rename", data={
        "theme": first.id, "label": "Veilig spelen", "csrf_token": token}).status_code == 302
    gone = _members(second)
    assert coordinator.post(f"{PAGE}/merge", data={
        "theme": second.id, "into": first.id, "csrf_token": token}).status_code == 302
    db.session.expire_all()
    assert db.session.get(FoundTheme, second.id) is None
    assert set(gone) <= set(_members(first))
    text = gone[0]
    assert coordinator.post(f"{PAGE}/move", data={
        "answer": coding_of(text).answer_id, "to": "other", "csrf_token": token}).status_code == 302
    assert coding_of(text).theme_id is None
    assert coordinator.post(f"{PAGE}/confirm", data={
        "theme": first.id, "csrf_token": token}).status_code == 302
    page = coordinator.get(PAGE).get_data(as_text=True)
    assert "Veilig spelen" in page and "confirmed" in page
    codebook = coordinator.get("/dashboard/networks/oostende/codebook/")
    builtin = default_codebook().theme(first.key)  # keeps its built-in name in the codebook
    assert shows(codebook, builtin.label("en") if builtin else "Veilig spelen")
    assert shows(codebook, _members(first)[0])


def test_a_theme_of_another_analysis_is_not_found(answered, coordinator):
    spring = analyse(answered["spring"])
    analyse(answered["autumn"])
    foreign = spring.themes[0]
    answer = coordinator.post(f"{PAGE}/rename", data={
        "theme": foreign.id, "label": "x", "csrf_token": csrf_token(coordinator, PAGE)})
    assert answer.status_code == 404
    assert db.session.get(FoundTheme, foreign.id).label is None


def test_a_viewer_sees_themes_but_cannot_code(answered, english_client):
    analysis = analyse(answered["autumn"])
    viewer = english_client()
    log_in(viewer, "viewer@example.org")
    page = viewer.get(PAGE).get_data(as_text=True)
    assert analysis.themes[0].shown_label() in page or "answers" in page
    assert "Rename" not in page and "Find themes" not in page and "Analyse again" not in page
    token = csrf_token(viewer, PAGE)
    assert viewer.post(f"{PAGE}/hide", data={
        "answer": 1, "csrf_token": token}).status_code == 403


def test_a_failed_analysis_says_so_and_keeps_the_last_themes(answered, monkeypatch):
    analysis = analyse(answered["autumn"])
    before = {t.id for t in analysis.themes}

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(service.ThemeFinder, "fit", broken)
    service.request_analysis(answered["autumn"], "family", QUESTION)
    service.run(analysis.id)
    db.session.expire_all()
    assert analysis.status == "failed" and analysis.error == "RuntimeError"  # details: the log
    assert {t.id for t in analysis.themes} == before


def test_the_web_app_runs_the_job_in_a_thread_and_the_page_follows_it(
        app, rounds, respond, coordinator):
    app.config["THEMES_RUNNER"] = "thread"
    for index, text in enumerate(POOL[:30]):
        respond("najaar", ("opex", "konterdam")[index % 2], **{QUESTION: text})
    assert coordinator.get(f"{PAGE}/status").json["status"] == "none"
    token = csrf_token(coordinator, PAGE)
    started = coordinator.post(f"{PAGE}/analyse", data={"csrf_token": token})
    assert started.status_code == 302
    deadline = time.monotonic() + 120
    while (state := coordinator.get(f"{PAGE}/status").json)["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, state
        time.sleep(0.3)
    assert state == {"status": "done", "progress": 100, "step": None, "seconds_left": None,
                     "time_left": ""}
    db.session.expire_all()
    page = coordinator.get(PAGE).get_data(as_text=True)
    assert "30 answers" in page and "Analyse again" in page


def test_a_running_analysis_says_about_how_long_it_still_needs(
        rounds, respond, by_command, coordinator):
    """From its pace so far: a quarter done in a minute leaves about three minutes."""
    from datetime import timedelta

    from participatie.models.base import utcnow

    for index, text in enumerate(POOL[:10]):
        respond("najaar", ("opex", "konterdam")[index % 2], **{QUESTION: text})
    analysis = service.request_analysis(rounds["autumn"], "family", QUESTION)
    assert coordinator.get(f"{PAGE}/status").json["time_left"] == ""  # queued: not yet known
    now = utcnow()
    analysis.status, analysis.progress = "running", 25
    analysis.started_at, analysis.updated_at = now - timedelta(seconds=60), now
    db.session.commit()
    state = coordinator.get(f"{PAGE}/status").json
    assert 175 <= state["seconds_left"] <= 185 and state["time_left"] == "about 3 minutes left"
    assert "about 3 minutes left" in coordinator.get(PAGE).get_data(as_text=True)
    analysis.progress = 95
    db.session.commit()
    assert coordinator.get(f"{PAGE}/status").json["time_left"] == "less than a minute left"


def test_fewer_than_five_answers_are_not_analysed(rounds, respond, by_command, coordinator):
    for text in POOL[:4]:
        respond("najaar", "opex", **{QUESTION: text})
    coordinator.post(f"{PAGE}/analyse", data={"csrf_token": csrf_token(coordinator, PAGE)})
    assert service.analysis_of(rounds["autumn"], "family", QUESTION) is None
    assert "Too few answers" in coordinator.get(PAGE).get_data(as_text=True)


def test_the_command_runs_an_analysis(app, answered, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.setenv("SECRET_KEY", "test")
    runner = CliRunner()
    result = runner.invoke(main, ["themes", "run", "oostende/najaar", "family", QUESTION])
    assert result.exit_code == 0, result.output
    assert "themes in 60 answers" in result.output
    db.session.expire_all()
    assert service.analysis_of(answered["autumn"], "family", QUESTION).status == "done"
    wrong = runner.invoke(main, ["themes", "run", "oostende/najaar", "family", "nope"])
    assert wrong.exit_code != 0 and "no open question 'nope'" in wrong.output


def test_the_report_and_the_summary_show_themes_per_neighbourhood_from_five_up(
        rounds, respond, by_command, coordinator):
    play = [t for t in POOL if "speel" in t.lower()][:8]
    for text in [*POOL[:30], *play]:
        respond("najaar", "opex", **{QUESTION: text})
    for text in play[:4]:  # Konterdam: four answers only
        respond("najaar", "konterdam", **{QUESTION: text})
    analysis = analyse(rounds["autumn"])
    opex, konterdam = rounds["hoods"]
    whole = service.theme_table(analysis)
    # Konterdam's four answers are in no figure: the whole round leaves them out, so its
    # sizes are Opex's own, and nothing is left to find by difference.
    tables = service.tables_by_neighbourhood(analysis, [opex.id, konterdam.id])
    assert not tables[konterdam.id].shown and tables[opex.id].shown
    assert whole.left_out == (konterdam.id,)
    assert sorted((r.theme.id, r.size) for r in whole.rows) == sorted(
        (r.theme.id, r.size) for r in tables[opex.id].rows)
    rows = summary_rows(coordinator)
    assert not [r for r in rows if r["neighbourhood"] == "Konterdam"
                and r["option_key"].startswith("theme:")]
    # The report names Opex's largest themes in order, with quotes, but no sizes.
    top = next(row for row in service.theme_table(analysis, opex.id, quotes=2).rows if row.size)
    report = coordinator.get(f"{BASE}/najaar/report")
    assert "What the open answers are about" in report.text
    assert shows(report, top.theme.shown_label("en")) and shows(report, top.quotes[0][1])
    assert len({quote for _, quote in top.quotes}) == len(top.quotes)  # no quote twice
    assert f"{top.size} answers" not in report.text
    pages = {hood.id: report.text.index(f'id="hood-{hood.id}"') for hood in (opex, konterdam)}
    konterdam_page = report.text[pages[konterdam.id]:pages[opex.id]]  # Konterdam comes first
    assert "What the open answers are about" not in konterdam_page  # four answers only
    for text in POOL[60:72]:  # twelve more in Konterdam
        respond("najaar", "konterdam", **{QUESTION: text})
    analysis = analyse(rounds["autumn"])
    assert service.theme_table(analysis).left_out == ()  # sixteen answers: in the round now
    themes = [r for r in summary_rows(coordinator) if r["option_key"].startswith("theme:")]
    assert themes and all(r["count"] in ("", "0") or int(r["count"]) >= 5 for r in themes)
    whole = {r["option"]: r for r in themes if r["neighbourhood"] == ""}
    assert whole[top.theme.shown_label("nl")]["respondents"] == str(  # the Dutch export
        service.theme_table(analysis).answers)


def summary_rows(client) -> list[dict]:
    """The summary export's rows, without its closing note (a row starting with "#")."""
    return [row for row in csv.DictReader(io.StringIO(client.get(
        f"{BASE}/najaar/export?kind=summary&format=csv&keys=only").data.decode("utf-8-sig")))
        if not row["neighbourhood"].startswith("#")]


def paper_link(rounds):
    """A paper link of the autumn round in Opex."""
    from participatie.models import CollectionLink

    autumn = rounds["autumn"]
    link = CollectionLink(code="papier", round=autumn, neighbourhood=rounds["hoods"][0],
                          questionnaire_version=autumn.questionnaire_versions[0], mode="paper")
    db.session.add(link)
    db.session.commit()
    return link


def test_a_paper_form_corrected_or_voided_after_an_analysis_keeps_hidden_words_hidden(
        answered, make_user):
    from participatie.models import PaperForm
    from participatie.services.paper import correct_form, enter_form, void_form

    autumn = answered["autumn"]
    link = paper_link(answered)
    words = "Mijn buurvrouw Fatma van nummer 12 helpt ons altijd"
    form = enter_form(link, "papier-0001", "nl", {QUESTION: words})
    analyse(autumn)
    service.hide(coding_of(words))
    correct_form(form, "nl", {QUESTION: words, "children_count": 2})
    assert coding_of(words).hidden  # typed again: still hidden
    analyse(autumn)
    assert coding_of(words).hidden
    void_form(db.session.get(PaperForm, form.id))
    assert coding_of(words) is None and analyse(autumn).answers == 60


def test_a_coordinator_edits_the_codebook_and_the_next_analysis_uses_it(answered, coordinator):
    analysis = analyse(answered["spring"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    service.rename(theme, "Buurtfeest")
    service.confirm(theme)
    key = theme.key
    url = "/dashboard/networks/oostende/codebook/"
    examples = "Een feest op het plein voor alle buren\nUne fête de quartier pour les enfants"
    saved = coordinator.post(url, data={
        "key": key, "label_nl": "Buurtfeesten", "label_fr": "Fêtes de quartier", "label_en": "",
        "label_ar": "", "label_tr": "", "examples": examples,
        "csrf_token": csrf_token(coordinator, url)})
    assert saved.status_code == 302
    db.session.expire_all()
    entry = db.session.scalar(select(CodebookEntry).where(CodebookEntry.key == key))
    if default_codebook().theme(key) is None:
        assert entry.labels == {"nl": "Buurtfeesten", "fr": "Fêtes de quartier"}
    assert entry.examples == {"nl": ["Een feest op het plein voor alle buren"],
                              "fr": ["Une fête de quartier pour les enfants"]}
    assert key in {t.key for t in service.network_codebook(answered["network"]).themes}
    removed = coordinator.post(f"{url}remove", data={
        "key": key, "csrf_token": csrf_token(coordinator, url)})
    assert removed.status_code == 302
    assert db.session.scalar(select(CodebookEntry).where(CodebookEntry.key == key)) is None


def test_another_networks_codebook_entry_cannot_be_edited(answered, coordinator, make_user):
    from participatie.models import Network

    other = Network(key="beringen", name="Beringen")
    db.session.add(other)
    db.session.add(CodebookEntry(network=other, key="kermis", labels={"nl": "Kermis"},
                                 examples={"nl": ["de kermis is te duur"]}))
    db.session.commit()
    url = "/dashboard/networks/oostende/codebook/"
    answer = coordinator.post(url, data={"key": "kermis", "label_nl": "x", "examples": "",
                                         "csrf_token": csrf_token(coordinator, url)})
    assert answer.status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(CodebookEntry).where(
        CodebookEntry.key == "kermis")).labels == {"nl": "Kermis"}
    assert coordinator.get("/dashboard/networks/beringen/codebook/").status_code == 404


def test_hidden_words_leave_the_themes_words_and_a_small_theme_has_no_name_of_words(
        answered, respond, coordinator):
    secret = "Fatma Yilmaz van de bakkerij verdient een medaille voor de kinderen"
    for _ in range(6):
        respond("najaar", "opex", **{QUESTION: secret})
    analysis = analyse(answered["autumn"])
    theme = coding_of(secret).theme
    for coding in db.session.scalars(select(Coding).where(Coding.theme_id == theme.id)):
        if coding.answer.text == secret:
            service.hide(coding)
    for run in ("after hiding", "after a re-analysis"):
        page = coordinator.get(PAGE).get_data(as_text=True).lower()
        for word in ("fatma", "yilmaz", "bakkerij", "medaille"):
            assert word not in page, (run, word)
        analysis = analyse(answered["autumn"])
    worded = next((t for t in analysis.themes if t.worded and not t.key), None)
    if worded is not None:  # a theme the clustering named by its words, made small
        members = _members(worded)
        for text in members[2:]:
            service.move(coding_of(text), None)
        row = next(r for r in service.theme_table(analysis).rows if r.theme.id == worded.id)
        assert row.size is None and row.name.startswith("Small theme")
        assert worded.proposed_label not in coordinator.get(PAGE).get_data(as_text=True)


def test_a_theme_under_five_cannot_be_confirmed_and_an_empty_one_does_not_break_the_page(
        answered, coordinator):
    analysis = analyse(answered["autumn"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    members = _members(theme)
    for text in members[2:]:
        service.move(coding_of(text), None)
    refused = coordinator.post(f"{PAGE}/confirm", data={
        "theme": theme.id, "csrf_token": csrf_token(coordinator, PAGE)}, follow_redirects=True)
    assert "cannot be confirmed" in refused.text
    assert db.session.scalar(select(func.count()).select_from(CodebookEntry)) == 0
    service.rename(theme, "Leeg thema")
    for text in members[:2]:
        service.move(coding_of(text), None)
    page = coordinator.get(PAGE)
    assert page.status_code == 200 and "Leeg thema" in page.text and "0 answers" in page.text


def test_a_merge_holds_when_the_analysis_finds_the_merged_theme_again(answered, respond):
    analysis = analyse(answered["autumn"])
    keyed = sorted((t for t in analysis.themes if t.key), key=lambda t: -len(_members(t)))
    target, source = keyed[0], keyed[1]
    source_key = source.key
    service.merge(source, target)
    like_source = _members(target)[-1]  # an answer the analysis had put under source's key
    respond("najaar", "opex", **{QUESTION: like_source + " echt waar"})
    analysis = analyse(answered["autumn"])
    assert source_key not in {t.key for t in analysis.themes}
    assert source_key in target.merged_keys


def test_a_job_runs_once_even_when_two_workers_reach_for_it(answered):
    analysis = service.request_analysis(answered["autumn"], "family", QUESTION)
    assert service._claim(analysis.id)  # a worker takes it
    again = service.run(analysis.id)  # a second one finds it taken
    assert again.status == "skipped"
    db.session.expire_all()
    assert db.session.get(service.ThemeAnalysis, analysis.id).status == "running"


def test_a_hidden_multi_line_answer_leaves_the_codebook_even_after_an_edit(
        answered, respond, coordinator):
    words = "Onze buurman Jef\nvan het café\nhelpt iedereen met de kinderen"
    for _ in range(5):
        respond("najaar", "opex", **{QUESTION: words})
    analysis = analyse(answered["autumn"])
    theme = coding_of(words).theme
    service.confirm(theme)
    url = "/dashboard/networks/oostende/codebook/"
    entry = db.session.scalar(select(CodebookEntry).where(CodebookEntry.key == theme.key))
    lines = "\n".join(p for phrases in entry.examples.values() for p in phrases)
    coordinator.post(url, data={"key": entry.key, "examples": lines,
                                "csrf_token": csrf_token(coordinator, url)})
    for coding in db.session.scalars(select(Coding).where(Coding.analysis_id == analysis.id)):
        if coding.answer.text == words:
            service.hide(coding)
    assert "Jef" not in coordinator.get(url).get_data(as_text=True)


def test_the_paper_correction_screen_does_not_show_a_hidden_answer(answered, make_user):
    from participatie.services.paper import enter_form

    autumn = answered["autumn"]
    link = paper_link(answered)
    words = "De juf van het 3de leerjaar, mevrouw Peeters, is te streng"
    enter_form(link, "papier-0001", "nl", {QUESTION: words})
    analyse(autumn)
    service.hide(coding_of(words))
    make_user("facilitator@example.org", answered["network"], "facilitator")
    from flask import current_app

    client = current_app.test_client()
    log_in(client, "facilitator@example.org")
    url = "/facilitate/networks/oostende/paper/papier/forms/papier-0001"
    page = client.get(url).get_data(as_text=True)
    assert "Peeters" not in page
    check = client.post(url, data={"language": "nl", QUESTION: "", "csrf_token":
                                   csrf_token(client, url)})
    assert check.status_code == 200 and "Peeters" not in check.get_data(as_text=True)
    saved = client.post(url, data={"language": "nl", QUESTION: "", "step": "save",
                                   "csrf_token": csrf_token(client, url)})
    assert saved.status_code == 302
    assert coding_of(words).hidden  # kept as it was, and still hidden


def test_twins_merged_under_the_other_name_keep_their_page(answered, respond, coordinator):
    """Two twin themes the answers do not tell apart are one theme, under the key of the twin
    with more answers. When new answers tip that balance, the theme keeps its page (its id):
    a coordinator who has it open, or on the projector, is not sent to "not found"."""
    first = analyse(answered["autumn"])
    apart = ThemeFinder(codebook=load_codebook(), merge_twins=False).fit(POOL[:60])
    twin_of = {text: apart.theme_of(i).key for i, text in enumerate(POOL[:60])
               if apart.theme_of(i) is not None}
    theme = next(t for t in first.themes if len({twin_of.get(m) for m in _members(t)}) == 2)
    members = _members(theme)
    smaller = next(m for m in members if twin_of[m] != theme.key)
    for _ in range(len(members)):  # the other twin now has more answers
        respond("najaar", "opex", **{QUESTION: smaller})
    again = analyse(answered["autumn"])
    assert coding_of(smaller).theme_id == theme.id
    assert db.session.get(FoundTheme, theme.id).key == twin_of[smaller]  # named as it is now
    assert theme.id in {t.id for t in again.themes}
    page = coordinator.get(f"{PAGE}?theme={theme.id}")
    assert page.status_code == 200 and shows(page, smaller)


GONE = "That theme is no longer one of this question's themes"


def test_a_link_to_a_merged_theme_leads_to_the_theme_it_was_merged_into(answered, coordinator):
    """A coordinator merges a theme; the link to it (in another tab, a note, on the projector)
    leads to the theme that holds its answers, with a word on why, not to "not found"."""
    analysis = analyse(answered["autumn"])
    into, source = sorted(analysis.themes, key=lambda t: -len(_members(t)))[:2]
    gone, source_id, into_id = _members(source), source.id, into.id
    assert coordinator.post(f"{PAGE}/merge", data={
        "theme": source_id, "into": into_id,
        "csrf_token": csrf_token(coordinator, PAGE)}).status_code == 302
    old_link = coordinator.get(f"{PAGE}?theme={source_id}")
    assert old_link.status_code == 302
    assert old_link.headers["Location"].endswith(f"?theme={into_id}#answers")
    page = coordinator.get(old_link.headers["Location"])
    assert page.status_code == 200 and shows(page, GONE)
    assert shows(page, gone[0])


def test_a_link_to_a_theme_a_reanalysis_no_longer_finds_leads_to_its_answers(
        answered, coordinator):
    """A coordinator moved every answer of a theme into another one by hand; the next analysis
    no longer has that theme, and its link leads to where its answers are now. An id that was
    never one of this question's themes is still not found."""
    analysis = analyse(answered["autumn"])
    themes = sorted(analysis.themes, key=lambda t: -len(_members(t)))
    into, emptied = themes[0], themes[-1]
    emptied_id, into_id = emptied.id, into.id
    for text in _members(emptied):
        service.move(coding_of(text), into)
    again = analyse(answered["autumn"])
    assert emptied_id not in {t.id for t in again.themes}
    old_link = coordinator.get(f"{PAGE}?theme={emptied_id}")
    assert old_link.status_code == 302
    assert old_link.headers["Location"].endswith(f"?theme={into_id}#answers")
    assert shows(coordinator.get(old_link.headers["Location"]), GONE)
    spring = analyse(answered["spring"])
    foreign = next(t.id for t in spring.themes if str(t.id) not in again.moved)
    assert coordinator.get(f"{PAGE}?theme={foreign}").status_code == 404
    assert coordinator.get(f"{PAGE}?theme=987654").status_code == 404


def test_a_theme_left_with_no_answers_shows_neither_its_words_nor_a_name_made_of_them(
        answered, english_client):
    """Its words came from answers that are elsewhere now (maybe fewer than five): a theme
    a coordinator emptied by moving its answers shows none of them."""
    analysis = analyse(answered["autumn"])
    theme = min((t for t in analysis.themes if t.terms), key=lambda t: len(_members(t)))
    words = list(theme.terms)
    for text in _members(theme):
        service.move(coding_of(text), None)
    viewer = english_client()
    log_in(viewer, "viewer@example.org")
    page = viewer.get(PAGE).get_data(as_text=True)
    assert f"theme-{theme.id}" in page  # still listed, with no answers
    assert str(escape(", ".join(words))) not in page
    row = next(r for r in service.theme_table(analysis).rows if r.theme.id == theme.id)
    assert row.size == 0 and row.terms == []


def test_a_viewer_reads_the_quotes_but_not_every_answer_nor_exact_counts(
        answered, respond, english_client, coordinator):
    """Every answer, word for word, and the exact counts are for the people who code them: a
    viewer would otherwise read answers from neighbourhoods left out of the figures and count
    a theme's answers one by one, past the published (perturbed) size."""
    analysis = analyse(answered["autumn"])
    theme = max(analysis.themes, key=lambda t: len(_members(t)))
    respond("najaar", "opex", **{QUESTION: "Een nieuw antwoord na de analyse"})
    viewer = english_client()
    log_in(viewer, "viewer@example.org")
    page = viewer.get(f"{PAGE}?theme={theme.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="answers"' not in body
    assert "All answers in this theme" not in body
    assert "These themes were found in 60 answers" not in body and "1 answer came in" not in body
    assert "Answers came in since then" in body
    index = viewer.get(f"{BASE}/najaar/themes/").get_data(as_text=True)
    assert "new answers" in index and "1 new answer" not in index
    coded = coordinator.get(f"{PAGE}?theme={theme.id}").get_data(as_text=True)
    assert 'id="answers"' in coded and "These themes were found in 60 answers" in coded
    assert "1 answer came in since then" in coded
    assert all(shows(coordinator.get(f"{PAGE}?theme={theme.id}"), text)
               for text in _members(theme)[:5])


def test_control_characters_never_reach_a_theme_name(answered, coordinator):
    """A NUL (which PostgreSQL refuses: a 500 before), a line break or a character that turns
    the text's direction around are not part of a name a coordinator types."""
    analysis = analyse(answered["autumn"])
    theme = analysis.themes[0]
    answer = coordinator.post(f"{PAGE}/rename", data={
        "theme": theme.id, "label": "Veilig\x00 spelen\n\u202eop straat",
        "csrf_token": csrf_token(coordinator, PAGE)})
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(FoundTheme, theme.id).label == "Veilig spelen op straat"


def test_a_theme_the_next_analysis_no_longer_finds_leads_to_where_its_answers_went(
        answered, coordinator):
    """The network's own theme found answers; the coordinator removes it from the codebook
    and analyses again: nobody touched the theme, it is not found, and its link leads to the
    theme that holds most of its answers now."""
    examples = POOL[:60:10]  # six answers of the round, as the own theme's examples
    db.session.add(CodebookEntry(network_id=answered["network"].id, key="onze-buurt",
                                 labels={"nl": "Onze buurt"}, examples={"nl": list(examples)}))
    db.session.commit()
    analysis = analyse(answered["autumn"])
    own = next(t for t in analysis.themes if t.key == "onze-buurt")
    own_id, members = own.id, _members(own)
    assert members and not own.kept
    db.session.delete(db.session.scalar(select(CodebookEntry).where(
        CodebookEntry.key == "onze-buurt")))
    db.session.commit()
    again = analyse(answered["autumn"])
    assert own_id not in {t.id for t in again.themes}
    went = {coding_of(text).theme_id for text in members}
    old_link = coordinator.get(f"{PAGE}?theme={own_id}")
    assert old_link.status_code == 302
    target = int(old_link.headers["Location"].split("?theme=")[1].split("#")[0])
    assert target in went  # the theme that took (most of) its answers
    assert shows(coordinator.get(old_link.headers["Location"]), GONE)


CHURCH_BELLS = ["De kerkklokken luiden te vroeg", "De kerkklokken luiden te luid",
                "Elke ochtend luiden de kerkklokken", "Kerkklokken luiden maakt de baby wakker",
                "Minder kerkklokken luiden aub", "De kerkklokken luiden heel lang"]


def test_a_theme_the_analysis_found_by_itself_keeps_its_page_when_found_again(
        app, answered, respond, coordinator):
    """Answers no codebook theme takes make a theme of their own, named by their words; new
    answers come in and the round is analysed again: the same theme keeps its page (its id),
    so a link to it, or the projector showing it, stays right."""
    app.config["THEMES_METHOD"] = "tfidf"  # the light method: its words make this theme
    for text in CHURCH_BELLS:
        respond("najaar", "opex", **{QUESTION: text})
    first = analyse(answered["autumn"])
    found = next(t for t in first.themes if not t.key
                 and set(_members(t)) & set(CHURCH_BELLS))
    found_id = found.id
    respond("najaar", "konterdam", **{QUESTION: "De kerkklokken luiden ook op zondag"})
    again = analyse(answered["autumn"])
    assert found_id in {t.id for t in again.themes}
    assert coding_of(CHURCH_BELLS[0]).theme_id == found_id
    assert coordinator.get(f"{PAGE}?theme={found_id}").status_code == 200
