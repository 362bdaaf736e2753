"""A family at the school gate, on a shared tablet: tapping through the survey as a person would,
in Dutch and Arabic, with and without JavaScript; axe-core checks every kind of screen."""

import re

import pytest
from sqlalchemy import select

from participatie.extensions import db
from participatie.models import Draft, Response
from participatie.paths import resource_dir
from participatie.services.responses import stored_answers
from tests.browser.conftest import LANDSCAPE, PORTRAIT
from tests.conftest import read_definition

FAMILY_V3 = resource_dir("questionnaires") / "published" / "family-v3.yaml"

OPEN_ANSWER = "Meer zebrapaden aan de school"


def go(page, target):
    """Tap something that leads to another page, and wait for that page."""
    with page.expect_navigation():
        target.tap()


def next_screen(page):
    go(page, page.locator("button.next"))


def tap_card(page, label):
    page.locator("label.card").get_by_text(label, exact=True).tap()


def stored():
    db.session.expire_all()
    return db.session.scalars(select(Response)).all()


def walk_in_dutch(page, check=lambda page: None):
    """The whole family survey in Dutch, checking each kind of screen on the way."""
    for label in ("3 tot 5 jaar", "6 tot 9 jaar"):
        tap_card(page, label)
    check(page)  # multiple choice
    next_screen(page)
    page.locator("input.number").fill("2")
    check(page)  # number
    next_screen(page)
    for screen in (["Nederlands", "Arabisch"], ["Kinderopvang of school", "Park of speelplein"],
                   ["Veilige plekken om buiten te spelen"], ["Goed"], ["Gaat wel"],
                   ["Niet goed"], ["Heel goed"], ["Goed"], ["Ja"], ["Heel goed"],
                   ["Het Huis van het Kind"], ["Via de school"]):
        for label in screen:
            tap_card(page, label)
        if screen == ["Ja"] or screen == ["Het Huis van het Kind"]:
            check(page)  # yes/no, single choice
        if screen == ["Gaat wel"]:
            check(page)  # smiley
        next_screen(page)
    page.get_by_role("textbox").fill(OPEN_ANSWER)
    check(page)  # open text
    next_screen(page)
    next_screen(page)  # the last open question may stay empty
    assert page.url.endswith("/s/demo/send")
    check(page)
    go(page, page.locator("button.next"))
    assert re.search(r"/s/demo/nl/thanks$", page.url)


EXPECTED = {
    "children_age": ["3-5", "6-9"], "children_count": 2, "home_languages": ["nl", "ar"],
    "offer_used": ["childcare_school", "public_space"], "offer_missed": ["public_space"],
    "reachable": 4, "available": 3, "affordable": 2, "understandable": 5, "usable": 4,
    "childcare_used": True, "childcare_reachable": 5, "first_question_to": "huis_van_het_kind",
    "information_channel": ["school"], "better_neighbourhood": OPEN_ANSWER,
}


def test_a_family_completes_the_survey_in_dutch(demo_link, serve, tablet, no_violations):
    base = serve()
    page = tablet(LANDSCAPE)
    page.goto(f"{base}/s/demo")
    no_violations(page)  # language choice
    go(page, page.get_by_role("link", name="Nederlands"))
    assert page.locator("h1").inner_text() == "Jouw gezin in de buurt"
    no_violations(page)  # what this is
    go(page, page.get_by_role("button", name="Beginnen"))
    walk_in_dutch(page, no_violations)
    assert page.get_by_role("heading", name="Bedankt!").is_visible()
    no_violations(page)  # thank you
    [response] = stored()
    assert response.language == "nl"
    assert stored_answers(response) == EXPECTED


def test_a_family_completes_the_survey_in_arabic_right_to_left(demo_link, serve, tablet,
                                                                no_violations):
    base = serve()
    page = tablet(PORTRAIT)
    page.goto(f"{base}/s/demo")
    go(page, page.get_by_role("link", name="العربية"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    go(page, page.get_by_role("button", name="ابدأ"))
    screens = 0
    while "/q/" in page.url:
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == "ar"
        if page.locator("label.card").count():
            page.locator("label.card").first.tap()
        elif page.locator("input.number").count():
            page.locator("input.number").fill("٣")  # 3, as an Arabic keyboard types it
        else:
            page.get_by_role("textbox").fill("حديقة أكبر للأطفال")
        if screens == 2:
            no_violations(page)
        go(page, page.get_by_role("button", name="التالي"))
        screens += 1
    go(page, page.get_by_role("button", name="أرسل"))
    assert page.get_by_role("heading", name="شكرًا!").is_visible()
    [response] = stored()
    answers = stored_answers(response)
    assert (response.language, answers["children_count"]) == ("ar", 3)
    assert answers["better_neighbourhood"] == "حديقة أكبر للأطفال"
    assert screens == len(answers) >= 14


def test_the_whole_survey_works_without_javascript(demo_link, serve, tablet):
    base = serve()
    page = tablet(LANDSCAPE, javascript=False)
    page.goto(f"{base}/s/demo/nl")
    assert page.locator(".speak").first.is_hidden()  # nothing to press without JavaScript
    go(page, page.get_by_role("button", name="Beginnen"))
    walk_in_dutch(page)
    [response] = stored()
    assert stored_answers(response) == EXPECTED


def test_errors_are_shown_on_the_same_screen_in_the_familys_language(demo_link, serve, tablet,
                                                                     no_violations):
    base = serve()
    page = tablet(PORTRAIT)
    page.goto(f"{base}/s/demo/fr")
    go(page, page.get_by_role("button", name="Commencer"))
    next_screen(page)  # nothing chosen
    assert page.get_by_role("alert").inner_text().strip() == "Merci de répondre à cette question."
    assert "/q/children_age" in page.url
    no_violations(page)  # a screen with an error
    tap_card(page, "0 à 2 ans")
    next_screen(page)
    page.locator("input.number").fill("40")
    next_screen(page)
    assert page.get_by_role("alert").inner_text().strip() == "Indiquez un nombre de 1 à 15."
    assert stored() == []


def test_going_back_and_changing_an_answer(demo_link, serve, tablet):
    base = serve()
    page = tablet(LANDSCAPE)
    page.goto(f"{base}/s/demo/nl")
    go(page, page.get_by_role("button", name="Beginnen"))
    tap_card(page, "0 tot 2 jaar")
    next_screen(page)
    go(page, page.get_by_role("button", name="Terug"))
    assert page.get_by_role("checkbox", name="0 tot 2 jaar").is_checked()
    tap_card(page, "0 tot 2 jaar")  # untick
    tap_card(page, "10 tot 12 jaar")
    next_screen(page)
    go(page, page.get_by_role("button", name="Terug"))
    assert page.get_by_role("checkbox", name="10 tot 12 jaar").is_checked()
    assert not page.get_by_role("checkbox", name="0 tot 2 jaar").is_checked()
    db.session.expire_all()
    assert db.session.scalar(select(Draft)).answers == {"children_age": ["10-12"]}


def test_read_aloud_asks_for_the_right_text_and_language(demo_link, serve, tablet,
                                                         no_violations):
    base = serve()
    page = tablet(LANDSCAPE)
    page.goto(f"{base}/s/demo/ar")
    go(page, page.get_by_role("button", name="ابدأ"))
    page.get_by_role("button", name="اقرأ بصوت عالٍ: كم عمر أطفالك؟").tap()
    page.get_by_role("button", name="اقرأ بصوت عالٍ: من 0 إلى 2 سنة").tap()
    spoken = page.evaluate("window.__spoken")
    assert spoken == [{"text": "كم عمر أطفالك؟", "lang": "ar"},
                      {"text": "من 0 إلى 2 سنة", "lang": "ar"}]
    # No Turkish voice on this tablet: it says so calmly, instead of staying silent.
    page.goto(f"{base}/s/demo/restart")
    page.goto(f"{base}/s/demo/tr")
    go(page, page.get_by_role("button", name="Başla"))
    page.locator(".question-head .speak").tap()  # stays on the page
    status = page.get_by_role("status")
    assert "Sesli okuma bu cihazda çalışmıyor" in status.inner_text()
    assert page.evaluate("window.__spoken") == []
    no_violations(page)


def test_read_aloud_speaks_the_reviewed_words_and_a_number_that_agrees(make_link, serve, tablet):
    make_link("words", definition=read_definition(FAMILY_V3))
    base = serve()
    page = tablet(LANDSCAPE)
    page.goto(f"{base}/s/words/ar")
    page.get_by_role("button", name="اقرأ بصوت عالٍ: يستغرق ذلك حوالي 5 دقائق.").tap()
    assert page.evaluate("window.__spoken") == [{"text": "يستغرق ذلك حوالي 5 دقائق.", "lang": "ar"}]
    go(page, page.get_by_role("button", name="ابدأ"))
    page.get_by_role("button", name="اقرأ بصوت عالٍ: من 0 إلى سنتين").tap()
    assert page.evaluate("window.__spoken") == [{"text": "من 0 إلى سنتين", "lang": "ar"}]


def test_kiosk_returns_to_the_start_after_thanks_and_leaves_nothing_behind(
        demo_link, serve, tablet, no_violations):
    base = serve(KIOSK_THANKS_SECONDS=2)
    page = tablet(LANDSCAPE)
    page.goto(f"{base}/s/demo/nl")
    go(page, page.get_by_role("button", name="Beginnen"))
    walk_in_dutch(page)
    page.wait_for_url(f"{base}/s/demo", timeout=10_000)
    assert page.locator("input:checked").count() == 0
    assert OPEN_ANSWER not in page.content()
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert not [c for c in page.context.cookies() if c["name"] == "session"]
    for _ in range(8):  # the back button shows nothing of the family either
        page.go_back()
        page.wait_for_load_state()
        assert OPEN_ANSWER not in page.content()
        assert page.locator("input:checked").count() == 0
    assert len(stored()) == 1


def test_kiosk_resets_a_tablet_left_alone(demo_link, serve, tablet):
    base = serve(KIOSK_IDLE_SECONDS=2)
    page = tablet(PORTRAIT)
    page.goto(f"{base}/s/demo/nl")
    go(page, page.get_by_role("button", name="Beginnen"))
    tap_card(page, "3 tot 5 jaar")
    next_screen(page)
    page.wait_for_url(f"{base}/s/demo", timeout=10_000)
    db.session.expire_all()
    assert db.session.scalars(select(Draft)).all() == []
    page.go_back()
    assert page.locator("input:checked").count() == 0


@pytest.mark.parametrize("path", ["/s/nope", "/about"])
def test_messages_and_about_are_accessible(demo_link, serve, tablet, no_violations, path):
    base = serve()
    page = tablet(PORTRAIT)
    page.goto(f"{base}{path}")
    no_violations(page)


def test_the_stop_question_is_accessible_and_keeps_the_answers_on_no(demo_link, serve, tablet,
                                                                      no_violations):
    base = serve()
    page = tablet(LANDSCAPE)
    page.goto(f"{base}/s/demo/nl")
    go(page, page.get_by_role("button", name="Beginnen"))
    tap_card(page, "3 tot 5 jaar")
    next_screen(page)
    go(page, page.get_by_role("link", name="Stoppen"))
    no_violations(page)
    go(page, page.get_by_role("link", name="Nee, verder doen"))
    assert "/q/children_count" in page.url
    db.session.expire_all()
    assert db.session.scalar(select(Draft)).answers == {"children_age": ["3-5"]}


def test_a_family_at_a_mistyped_address_finds_the_way_to_the_start(demo_link, serve, tablet,
                                                                    no_violations):
    """A link copied from a poster with a letter too many: the tablet says the page is not
    there, in Dutch, and one tap leads to the start page."""
    base = serve()
    page = tablet(LANDSCAPE)
    answer = page.goto(f"{base}/s/demo/oeps")
    assert answer.status == 404
    assert page.get_by_role("heading", name="Pagina niet gevonden").is_visible()
    no_violations(page)
    page.get_by_role("link", name="Naar de startpagina").tap()
    page.wait_for_url(f"{base}/")
    assert page.url == f"{base}/"


def test_a_kiosk_left_alone_without_a_connection_clears_its_screen_and_starts_again(
        demo_link, serve, tablet, no_violations):
    """A family walked away mid-survey while the school gate's Wi-Fi was gone: the screen is
    cleared at the idle time all the same, and once the connection returns the tablet is back
    at the start, the family's answers forgotten (Back shows none of them)."""
    base = serve(KIOSK_IDLE_SECONDS=3)
    page = tablet(LANDSCAPE)
    page.goto(f"{base}/s/demo")
    go(page, page.get_by_role("link", name="Nederlands"))
    go(page, page.get_by_role("button", name="Beginnen"))
    tap_card(page, "3 tot 5 jaar")
    next_screen(page)
    page.locator("input.number").fill("2")
    page.context.set_offline(True)
    waiting = page.get_by_text("Deze tablet gaat terug naar het begin")
    waiting.wait_for(timeout=20_000)
    assert page.locator("input").count() == 0  # nothing of the family's answers on screen
    no_violations(page)
    page.context.set_offline(False)
    page.wait_for_url(f"{base}/s/demo", timeout=20_000)
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("input:checked").count() == 0
    assert not page.url.endswith("/q/children_count")
