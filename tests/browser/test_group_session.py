"""A whole group session: the facilitator opens it on a laptop, six people join through its
one QR code on their own devices (five adults, one of them in Arabic, and a child), the live
screen shows the adults' compass once five adults have rated, the facilitator records the
group's own scores and priorities, and the results keep individual and group scores apart."""

import statistics

from participatie.extensions import db
from participatie.models import GroupSession
from tests.browser.conftest import PORTRAIT
from tests.browser.test_admin import LAPTOP, click, log_in

DIMENSIONS = ["moving", "transport", "traffic", "streets", "nature", "play", "facilities", "work",
              "housing", "social", "belonging", "safety", "care", "influence"]
# Adult a rates dimension t with SCORES[a][t]; the fifth adult answers in Arabic.
SCORES = [[(a * 3 + t) % 7 + 1 for t in range(14)] for a in range(5)]


def go(page, target):
    with page.expect_navigation():
        target.tap()


def rate_as_adult(page, join_url, scores, language="Nederlands", check=None):
    page.goto(join_url)
    go(page, page.locator("a.card").nth(0))  # adults and young people
    go(page, page.get_by_role("link", name=language))
    go(page, page.locator("button.next"))  # start
    for index, score in enumerate(scores):
        page.locator(f'.scale-point label[for="choice-{score}"]').tap()
        if index == 0 and check:
            check(page)  # the 1–7 rating screen, with its comments
        go(page, page.locator("button.next"))
    page.locator("label.card").nth(5).tap()  # the priorities: play
    go(page, page.locator("button.next"))
    go(page, page.locator("button.next"))  # send
    assert "/thanks" in page.url


def rate_as_child(page, join_url):
    page.goto(join_url)
    go(page, page.locator("a.card").nth(1))  # children
    go(page, page.get_by_role("link", name="Nederlands"))
    go(page, page.locator("button.next"))
    for _ in DIMENSIONS:
        page.locator("label.card").nth(2).tap()  # the happy face
        go(page, page.locator("button.next"))
    go(page, page.locator("button.next"))
    assert "/thanks" in page.url


def test_a_whole_group_session(facilitated_network, serve, browser, no_violations):
    base = serve()
    contexts = []

    def device(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    laptop = device(viewport=LAPTOP, locale="en-GB")
    log_in(laptop, base, "buurtwerker@oostende.be")
    laptop.goto(f"{base}/facilitate/")
    click(laptop, "New group session")
    laptop.get_by_label("Place").fill("Buurthuis De Schakel")
    laptop.get_by_label("Number of participants").fill("8")
    click(laptop, "Open the session", role="button")
    join_url = laptop.locator(".qr-figure figcaption a").inner_text()
    session_url = laptop.url

    projector = device(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    log_in(projector, base, "buurtwerker@oostende.be")
    projector.goto(session_url + "live")
    assert projector.get_by_text("The compass appears once 5 people").is_visible()
    no_violations(projector)  # the live screen, waiting

    tablet = dict(viewport=PORTRAIT, has_touch=True, locale="nl-BE")
    first = device(**tablet)
    first.goto(join_url)
    no_violations(first)  # the join page
    for index, scores in enumerate(SCORES):
        page = first if index == 0 else device(**tablet)
        arabic = index == 4
        rate_as_adult(page, join_url, scores, "العربية" if arabic else "Nederlands",
                      check=no_violations if index == 0 else None)
    rate_as_child(device(**tablet), join_url)

    # The projector polls: the adults' compass appears with the medians of the five adults.
    projector.wait_for_selector("#adults-table", timeout=15000)
    shown = {row.get_attribute("data-dimension"): float(row.locator(".median").inner_text())
             for row in projector.locator("#adults-table tbody tr").all()}
    expected = {dimension: statistics.median(s[t] for s in SCORES)
                for t, dimension in enumerate(DIMENSIONS)}
    assert shown == expected
    assert projector.get_by_text("5 people rated").is_visible()
    assert projector.locator("#children-title").count() == 0  # one child: no compass yet
    no_violations(projector)  # the live screen with its compass

    laptop.goto(session_url)
    laptop.get_by_label("Group score for Play and recreation").select_option("2")
    laptop.get_by_label("Notes for Play and recreation").fill("Te weinig speelruimte")
    laptop.get_by_label("Group score for Traffic and parking").select_option("3")
    laptop.get_by_label("Priority 1").select_option(label="Play and recreation")
    laptop.get_by_label("Priority 2").select_option(label="Traffic and parking")
    click(laptop, "Save the group's results", role="button")
    session = db.session.scalars(db.select(GroupSession)).one()
    db.session.refresh(session)
    assert session.priorities == ["play", "traffic"]

    with laptop.expect_navigation():
        laptop.locator(".link-card").get_by_role("link", name="Results").click()
    individual = laptop.locator("section", has=laptop.locator("#individual-title"))
    group = laptop.locator("section", has=laptop.locator("#group-title"))
    assert "5 adults rated on their own." in individual.inner_text()
    assert "A group of 8 people, together." in group.inner_text()
    play = laptop.locator("table.results tr", has_text="Play and recreation")
    cells = play.locator("td").all_inner_texts()
    assert cells[0].startswith(f"{expected['play']:g} (") and cells[3] == "2"
    assert cells[4] == "Te weinig speelruimte"
    no_violations(laptop)

    laptop.goto(session_url)
    laptop.get_by_text("Finish the session", exact=True).click()  # asks first
    assert laptop.get_by_text("Finish this session?").is_visible()
    db.session.refresh(session)
    assert session.finished_at is None
    no_violations(laptop)  # the open question
    click(laptop, "Yes, finish the session", role="button")
    db.session.refresh(session)
    assert session.finished_at is not None
    for context in contexts:
        context.close()
