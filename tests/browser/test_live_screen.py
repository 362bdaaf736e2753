"""The live screen on a projector: at 1280×720 and at 1920×1080 both compasses, the join code
and every dimension name are whole on one screen, nothing scrolls, no label covers another."""

import random
import uuid
from datetime import date

import pytest

from participatie.extensions import db
from participatie.services.compass import ADULTS, CHILDREN
from participatie.services.responses import Submission, submit
from participatie.services.sessions import open_session
from tests.browser.test_group_session import DIMENSIONS
from tests.conftest import PASSWORD

PROBLEMS = """() => {
  const vw = window.innerWidth, vh = window.innerHeight, bad = [];
  const root = document.documentElement;
  if (root.scrollHeight > vh || root.scrollWidth > vw) bad.push("the page scrolls");
  const labels = [];
  for (const svg of document.querySelectorAll(".live-chart svg")) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
          || r.bottom > box.bottom + 1) bad.push("cut off: " + text.textContent);
      if (text.classList.contains("dimension-label")) labels.push([text.textContent, r]);
    }
  }
  labels.forEach(([a, r], i) => labels.slice(i + 1).forEach(([b, s]) => {
    if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom)
      bad.push("overlap: " + a + " / " + b);
  }));
  for (const el of document.querySelectorAll("main h1, main h2, main p, main figure")) {
    if (el.closest(".visually-hidden")) continue;
    const r = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1 || r.right > vw + 1 || r.bottom > vh + 1 || r.left < -1)
      bad.push("outside the screen: " + el.textContent.trim().slice(0, 40));
  }
  return bad;
}"""


@pytest.fixture
def rated_session(facilitated_network):
    network = facilitated_network
    session = open_session(network, round_id=network.rounds[0].id,
                           neighbourhood_id=network.neighbourhoods[0].id, held_on=date.today(),
                           place="Buurthuis De Vuurtoren", participants=12,
                           kinds=["parents", "children"])
    rng = random.Random(7)
    for link in session.links:
        kind = link.questionnaire_version.key
        for _person in range(6):
            top = 3 if kind == CHILDREN else 7
            answers = {dimension: rng.randint(1, top) for dimension in DIMENSIONS}
            if kind == ADULTS:
                answers["priorities"] = rng.sample(DIMENSIONS, 3)
            submit(Submission(uuid.uuid4(), link.code, "nl", answers))
    db.session.commit()
    return session


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("locale", ["nl-BE", "fr-BE"])
def test_the_live_screen_fits_a_projector_with_every_label_whole(
        rated_session, serve, browser, no_violations, size, locale):
    base = serve()
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale=locale)
    page = context.new_page()
    page.goto(f"{base}/login")
    page.locator("#email").fill("buurtwerker@oostende.be")
    page.locator("#password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#submit").click()
    page.goto(f"{base}/facilitate/networks/oostende/sessions/{rated_session.id}/live")
    assert page.locator(".live-chart svg").count() == 2  # the adults' and the children's
    assert page.locator(".qr-figure svg").is_visible()
    assert page.evaluate(PROBLEMS) == []
    if size == (1280, 720) and locale == "nl-BE":
        no_violations(page)
    context.close()
