"""The Content-Security-Policy holds in a real browser: no page of any room needs an inline
script or style. Chromium reports every blocked one as a ``securitypolicyviolation`` event and
a console message; neither may appear on the family survey (the 1–7 rating with its numbered
scale too), the facilitate room, the live screen (after a poll), the dashboard's charts and
bars (Plotly's, with a PNG download, on the trend, results, compare and themes pages), the
report, or the admin room (issue 16, WAVE2.md)."""

import random
import uuid
from datetime import date

from participatie.extensions import db
from participatie.models import CollectionLink
from participatie.services.compass import ADULTS, CHILDREN
from participatie.services.responses import Submission, submit
from participatie.services.sessions import open_session
from tests.browser.test_admin import log_in
from tests.browser.test_group_session import DIMENSIONS
from tests.dashboard.conftest import respond, rounds  # noqa: F401 (fixtures)
from tests.dashboard.test_charts import coded  # noqa: F401 (fixture: themes of a question)

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


def test_no_page_breaks_the_content_security_policy(rounds, respond, coded, serve,  # noqa: F811
                                                    browser):
    respond(round_key="najaar", count=6, reachable=5)
    respond(round_key="voorjaar", count=6, reachable=2)
    network, hood = rounds["network"], rounds["hoods"][0]
    session = open_session(network, round_id=rounds["autumn"].id, neighbourhood_id=hood.id,
                           held_on=date.today(), place="Buurthuis", participants=12,
                           kinds=["parents", "children"])
    rng = random.Random(3)
    for link in session.links:
        for _person in range(6):
            top = 3 if link.questionnaire_version.key == CHILDREN else 7
            answers = {dimension: rng.randint(1, top) for dimension in DIMENSIONS}
            if link.questionnaire_version.key == ADULTS:
                answers["priorities"] = rng.sample(DIMENSIONS, 3)
            submit(Submission(uuid.uuid4(), link.code, "nl", answers))
    db.session.commit()
    paper = "najaar-opex"  # any link: the paper pages need a paper link
    base = serve()
    problems: list[str] = []

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB",
                                  accept_downloads=True)
    context.add_init_script(LISTEN)
    context.on("console", lambda m: problems.append(f"console: {m.text}")
               if "Content Security Policy" in m.text else None)

    def check(page, what: str) -> None:
        found = page.evaluate("window.__csp")
        problems.extend(f"{what}: {item}" for item in found)

    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    log_in(page, base, "coordinator@example.org")
    dashboard = f"{base}/dashboard/networks/oostende/rounds/najaar"
    facilitate = f"{base}/facilitate/networks/oostende"
    admin = f"{base}/admin/networks/oostende"
    link = db.session.query(CollectionLink).filter_by(code=paper).one()
    for what, url in [
        ("staff home", "/staff/"),
        ("dashboard", "/dashboard/"),
        ("overview", f"{dashboard}/"),
        ("results", f"{dashboard}/results?neighbourhood={hood.id}"),
        ("compare", f"{dashboard}/compare"),
        ("reach", f"{dashboard}/reach?neighbourhood={hood.id}"),
        ("themes", f"{dashboard}/themes/"),
        ("themes of a question", f"{dashboard}/themes/family/better_neighbourhood"),
        ("report", f"{dashboard}/report"),
        ("facilitate", "/facilitate/"),
        ("compass", f"{facilitate}/compass"),
        ("session", f"{facilitate}/sessions/{session.id}/"),
        ("session results", f"{facilitate}/sessions/{session.id}/results"),
        ("paper", f"{facilitate}/paper/"),
        ("voices", f"{facilitate}/voices/"),
        ("recording page", f"{facilitate}/voices/family/ar"),
        ("offline tablet", f"/s/{paper}/offline"),
        ("import", f"{base}/dashboard/networks/oostende/import"),
        ("admin", f"{admin}/"),
        ("members", f"{admin}/members/"),
        ("round", f"{admin}/rounds/najaar/"),
        ("link with its QR code", f"{admin}/links/{link.code}"),
        ("poster", f"{admin}/links/{link.code}/poster"),
    ]:
        page.goto(url if url.startswith("http") else base + url)
        assert page.url.startswith(base) and "/login" not in page.url, what
        check(page, what)

    # Pages of Plotly charts (plotly.min.js from the installed package), each with a chart
    # taken out as a PNG through the mode bar: the trends, and the bar charts of the results,
    # the rounds compared and a question's themes.
    for what, url in [("trend", f"{dashboard}/trend?neighbourhood={hood.id}"),
                      ("results", f"{dashboard}/results"), ("compare", f"{dashboard}/compare"),
                      ("themes", f"{dashboard}/themes/family/better_neighbourhood")]:
        page.goto(url)
        chart = page.locator("figure.chart.is-live").first
        chart.wait_for()
        chart.hover()
        with page.expect_download() as download:
            chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
        assert download.value.suggested_filename.endswith(".png"), what
        check(page, f"{what} charts and their PNG download")

    # The live screen, through one poll of live.js (which swaps in the new compass).
    page.goto(f"{facilitate}/sessions/{session.id}/live")
    with page.expect_response(lambda r: "/live" in r.url and r.request.resource_type == "fetch",
                              timeout=15_000):
        pass
    page.wait_for_timeout(200)
    check(page, "live screen")

    # A family on a tablet: the survey in a round, then the group session's 1–7 rating.
    family = browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True,
                                 locale="nl-BE")
    family.add_init_script(LISTEN)
    family.on("console", lambda m: problems.append(f"console: {m.text}")
              if "Content Security Policy" in m.text else None)
    tablet = family.new_page()
    tablet.goto(f"{base}/s/najaar-opex")
    check(tablet, "language")
    with tablet.expect_navigation():
        tablet.get_by_role("link", name="Nederlands").tap()
    check(tablet, "information")
    with tablet.expect_navigation():
        tablet.locator("button.next").tap()
    check(tablet, "first question")
    tablet.goto(f"{base}/s/najaar-opex/nl/all")
    tablet.locator("[data-part=start] [data-go=start]").tap()
    check(tablet, "one-page offline form")
    tablet.goto(f"{base}/s/{session.code}")
    check(tablet, "join")
    with tablet.expect_navigation():
        tablet.locator("a.card").nth(0).tap()
    with tablet.expect_navigation():
        tablet.get_by_role("link", name="Nederlands").tap()
    with tablet.expect_navigation():
        tablet.locator("button.next").tap()
    assert tablet.locator(".scale-points.points-7").is_visible()
    assert tablet.locator(".scale-point").count() == 7
    box = tablet.locator(".scale-point").nth(6).bounding_box()
    assert box and box["y"] == tablet.locator(".scale-point").nth(0).bounding_box()["y"]
    check(tablet, "1–7 rating")
    family.close()
    context.close()
    assert not problems, problems
