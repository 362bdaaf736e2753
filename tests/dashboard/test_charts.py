"""The dashboard's bar charts (web.charts.bars_figure / bars_svg, dashboard.figures): what a
coordinator sees in them is what the page's table shows, every label whole; a withheld figure
(fewer than the minimum) is in no part of the figure JSON, not even in its hover text. And the
themes table's "Small theme N", numbered by a flag rather than by its translated name."""

import json
from datetime import UTC, datetime
from pathlib import Path

import plotly.graph_objects as go
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from analysis.stats import Change
from participatie.dashboard.figures import answers_figure, compare_charts, themes_chart
from participatie.extensions import db
from participatie.models import Answer, Coding, FoundTheme, ThemeAnalysis
from participatie.services import themes as service
from participatie.services.compare import Comparison
from participatie.services.questionnaires import find_version
from participatie.services.results import Filters, summaries
from participatie.web.charts import Series, bar_chart, bars_figure, bars_svg, wrapped
from tests.dashboard.conftest import BASE, shown

LONG = ("Hulp bij opvoeding, gezondheid en de ontwikkelingsstimulerende activiteiten van "
        "het Huis van het Kind")
QUESTION = "better_neighbourhood"


def plotly_accepts(data: dict) -> go.Figure:
    """Plotly's own validation: the JSON is a figure it draws."""
    return go.Figure({"data": data["data"], "layout": data["layout"]})


def test_a_withheld_value_is_no_bar_and_has_no_words(app):
    with app.test_request_context(), force_locale("en"):
        data = bars_figure("Which?", ["A", "B", "C"], [
            Series("Share", [40.0, None, 10.0], ["40%", None, "10%"],
                   ["A: 40% (8 answers)", None, "C: 10% (2 answers)"])], "which")
    plotly_accepts(data)
    trace = data["data"][0]
    assert trace["x"] == [40.0, 10.0] and trace["y"] == ["A", "C"]
    assert trace["customdata"] == ["A: 40% (8 answers)", "C: 10% (2 answers)"]
    assert data["filename"] == "which" and data["layout"]["title"]["text"] == "Which?"
    assert data["layout"]["yaxis"]["categoryarray"] == ["A", "B", "C"]  # asked, not withheld
    with pytest.raises(ValueError):
        Series("Share", [None], ["3"])  # a withheld value with words would leak them


def test_a_name_a_person_typed_is_text_in_the_figure_not_markup(app):
    with app.test_request_context(), force_locale("en"):
        data = bars_figure("<b>Who?</b>", ["<a href='x'>Spelen</a> & zo"], [
            Series("Round <1>", [5.0], ["5%"], ["<i>Spelen</i>: 5%"])], "x")
    text = json.dumps(data)
    assert "<a " not in text and "<i>" not in text and "<b>" not in text
    assert "&lt;a href='x'&gt;Spelen&lt;/a&gt; &amp; zo" in data["data"][0]["y"]


def test_long_labels_wrap_whole_and_an_arabic_chart_is_mirrored(app):
    lines = wrapped(LONG).split("<br>")
    assert len(lines) > 1 and " ".join(lines) == LONG  # every word, none cut
    assert wrapped("Ontwikkelingsstimulerendeactiviteiten") == (
        "Ontwikkelingsstimulerendeactiviteiten")
    with app.test_request_context(), force_locale("ar"):
        data = bars_figure("ما؟", ["أ", "ب"], [Series("حصة", [1.0, 2.0], ["1", "2"])], "x")
        svg = bars_svg("ما؟", ["أ", "ب"], [Series("حصة", [1.0, 2.0], ["1", "2"])])
    assert data["layout"]["yaxis"]["side"] == "right"
    assert data["layout"]["xaxis"]["autorange"] == "reversed"  # bars grow from right to left
    assert 'direction="rtl"' in svg
    with app.test_request_context(), force_locale("nl"):
        data = bars_figure("Wat?", ["a"], [Series("x", [0.5], ["0,5"])], "x", unit="")
    assert data["layout"]["yaxis"]["side"] == "left" and data["layout"]["separators"] == ",."


def test_the_static_svg_has_every_word_of_a_long_label(app):
    with app.test_request_context(), force_locale("nl"):
        chart = bar_chart("Waar gaat u naartoe?", [LONG, "Park"], [
            Series("Voorjaar", [30.0, None], ["30%", None]),
            Series("Najaar", [35.0, 12.0], ["35%", "12%"]),
            Series("Opex", [5.0, 5.0], ["5%", "5%"], hidden=True)], "f")
    for word in LONG.split():
        assert word in chart["svg"]
    assert chart["svg"].count("<rect") == 3 + 2  # three bars, two legend keys
    assert "Opex" not in chart["svg"]  # a series shown on screen only once chosen
    traces = plotly_accepts(chart["data"]).data
    assert [t.visible for t in traces] == [True, True, "legendonly"]


def test_the_answers_chart_draws_the_published_figures_and_nothing_withheld(
        app, rounds, respond):
    respond(count=12, offer_used=["childcare_school", "play_leisure"], reachable=2)
    respond(count=3, offer_used=["meeting"], reachable=5)  # 3: withheld
    version = find_version("family")
    with app.test_request_context(), force_locale("en"):
        found = summaries(rounds["autumn"], version, Filters()).summaries
        question = version.questionnaire.question("offer_used")
        data = answers_figure(question, found["offer_used"], "results-offer")
        scale = answers_figure(version.questionnaire.question("reachable"),
                               found["reachable"], "results-reachable")
        assert answers_figure(version.questionnaire.question("childcare_used"),
                              found["childcare_used"], "x") is None  # yes/no: no bars
    n, counts = shown("najaar", "offer_used")
    trace = data["data"][0]
    labels = dict(zip(trace["y"], trace["customdata"], strict=True))
    assert counts["meeting"] is None
    assert "Meeting other parents" not in labels  # withheld: no bar, no hover text
    text = json.dumps(data)
    assert "Meeting other parents" in text  # the answer is asked: its label stays on the axis
    assert f"({counts['childcare_school']} answers)" in labels["Childcare or school"]
    assert trace["x"][0] == round(100 * counts["childcare_school"] / n, 1)
    n_scale, distribution = shown("najaar", "reachable")
    values = dict(zip(scale["data"][0]["y"], scale["data"][0]["x"], strict=True))
    assert distribution[5] is None and sorted(values.values()) == sorted(
        [distribution[2], 0, 0, 0])
    for one in scale["data"][0]["customdata"]:
        assert f"{distribution[2]} answers" in one or "0 answers" in one


def test_rounds_side_by_side_leave_out_what_either_round_withholds(app):
    kept = Change(0.4, 0.5, 0.1, -0.1, 0.3, "newcombe")
    withheld = Change(None, None, None, None, None, "newcombe", suppressed=True)
    items = [Comparison("offer", "Where?", "park", "Park", "share", kept),
             Comparison("offer", "Where?", "pool", "Secret pool", "share", withheld),
             Comparison("reach", "Easy to get to?", None, None, "mean",
                        Change(3.2, 3.6, 0.4, 0.1, 0.7, "bootstrap")),
             Comparison("cost", "Affordable?", None, None, "mean", withheld)]
    with app.test_request_context(), force_locale("en"):
        charts = compare_charts(items, "Voorjaar", "Najaar", "compare-o")
    assert [c["label"] for c in charts] == ["Averages", "Where?"]
    averages, where = (c["data"] for c in charts)
    assert [t["name"] for t in where["data"]] == ["Voorjaar", "Najaar"]
    assert where["data"][0]["x"] == [40.0] and where["data"][1]["x"] == [50.0]
    assert averages["data"][1]["text"] == ["3.6"] and averages["layout"]["xaxis"][
        "ticksuffix"] == ""
    assert "Secret pool" not in json.dumps(charts) and "Affordable" not in json.dumps(charts)
    assert where["filename"] == "compare-o-offer"



def test_averages_on_one_scale_are_drawn_against_the_scales_end(app):
    """Five faces: the axis runs to 5, so a mean of 3.6 looks like 3.6 out of 5, not a bar
    filling the chart; averages on different scales leave the axis to Plotly."""
    change = Change(3.2, 3.6, 0.4, 0.1, 0.7, "bootstrap")
    faces = [Comparison("reach", "Easy to get to?", None, None, "mean", change, 5.0),
             Comparison("cost", "Affordable?", None, None, "mean", change, 5.0)]
    with app.test_request_context(), force_locale("en"):
        axis = compare_charts(faces, "Voorjaar", "Najaar", "c")[0]["data"]["layout"]["xaxis"]
        mixed = compare_charts([faces[0], Comparison("kids", "Children?", None, None, "mean",
                                                     change, 12.0)], "V", "N", "c")
    assert axis["range"][0] == 0 and 5 <= axis["range"][1] < 6 and axis["tickvals"][-1] == 5
    assert "range" not in mixed[0]["data"]["layout"]["xaxis"]


def test_the_scales_end_is_read_from_the_question(app):
    from participatie.questionnaire import parse
    from participatie.questionnaire.loader import read_yaml
    from participatie.services.compare import scale_top

    folder = Path(__file__).resolve().parents[2] / "questionnaires"
    family = parse(read_yaml(folder / "family.yaml"), "family.yaml", folder)
    place = parse(read_yaml(folder / "place-standard.yaml"), "place-standard.yaml", folder)
    faces = [q for q in family.questions() if q.type == "smiley"]
    assert faces and {scale_top(q) for q in faces} <= {3.0, 5.0}
    assert scale_top(place.question("moving")) == 7.0
    assert all(scale_top(q) is None for q in family.questions() if q.type == "open_text")

@pytest.fixture
def coded(rounds, respond):
    """A hand-made analysis of the autumn round: a big named theme, and two small themes named
    by their answers' words (withheld: 2 and 3 answers)."""
    for index in range(30):
        respond("najaar", ("opex", "konterdam")[index % 2], **{QUESTION: f"speeltuin {index}"})
    analysis = ThemeAnalysis(round=rounds["autumn"], questionnaire_key="family",
                             question_key=QUESTION, status="done",
                             finished_at=datetime.now(UTC), answers=30)
    big = FoundTheme(analysis=analysis, key="play", proposed_label="Spelen")
    small = [FoundTheme(analysis=analysis, proposed_label=f"geheim woord{n}", worded=True)
             for n in (1, 2)]
    db.session.add_all([analysis, big, *small])
    db.session.flush()
    answers = db.session.scalars(select(Answer.id).where(Answer.question_key == QUESTION)
                                 .order_by(Answer.id)).all()
    places = [big] * 25 + [small[0]] * 2 + [small[1]] * 3
    db.session.add_all(Coding(answer_id=a, analysis_id=analysis.id, theme_id=t.id)
                       for a, t in zip(answers, places, strict=True))
    db.session.commit()
    return analysis


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Small theme"), ("fr", "Petit thème"), ("ar", "موضوع صغير"), ("nl", "Klein thema")])
def test_small_themes_are_numbered_in_every_language(app, coded, language, words):
    with app.test_request_context(), force_locale(language):
        rows = service.theme_table(coded).rows
    small = [row for row in rows if row.small]
    assert [row.name for row in small] == [f"{words} 1", f"{words} 2"]
    assert all(row.size is None for row in small)
    assert not next(row for row in rows if row.theme.key == "play").small


def test_the_themes_chart_shows_only_published_sizes(app, coded, rounds):
    hoods = rounds["hoods"]
    with app.test_request_context(), force_locale("en"):
        table = service.theme_table(coded)
        by_hood = service.tables_by_neighbourhood(coded, [h.id for h in hoods])
        chart = themes_chart("Themes", table, {h.name: by_hood[h.id] for h in hoods},
                             "All neighbourhoods", "themes-x")
    data = chart["data"]
    plotly_accepts(data)
    text = json.dumps(chart)
    assert "geheim" not in text and "Small theme" not in text  # withheld themes: not drawn
    whole = data["data"][0]
    play = next(row for row in table.rows if row.theme.key == "play")
    assert whole["y"] == [play.name] and whole["x"] == [round(100 * play.share, 1)]
    assert whole["name"] == "All neighbourhoods"
    for trace in data["data"][1:]:  # each neighbourhood's own table, chosen in the legend
        assert trace["visible"] == "legendonly"
        hood = next(h for h in hoods if h.name == trace["name"])
        mine = next(r for r in by_hood[hood.id].rows if r.theme.key == "play")
        assert trace["x"] == [round(100 * mine.share, 1)]


def test_the_pages_carry_the_charts_and_load_plotly_only_with_one(coordinator, respond,
                                                                  coded):
    respond(round_key="voorjaar", count=8)
    respond(round_key="najaar", count=8)
    for page in ("results", "compare", f"themes/family/{QUESTION}"):
        html = coordinator.get(f"{BASE}/najaar/{page}").get_data(as_text=True)
        assert 'class="chart-data"' in html, page
        assert "/charts/plotly-" in html and "js/charts.js" in html, page
    html = coordinator.get(f"{BASE}/najaar/results?language=tr").get_data(as_text=True)
    assert "too few answers to show" in html and "/charts/plotly-" not in html
    themes = coordinator.get(f"{BASE}/najaar/themes/family/{QUESTION}").get_data(as_text=True)
    assert '"filename": "themes-oostende-najaar-better_neighbourhood"' in themes
    assert "geheim" not in themes
