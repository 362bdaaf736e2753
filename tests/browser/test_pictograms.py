"""Pictograms that carry their meaning for a parent who reads little: the cards of one question
look different from each other (drawn by Chromium and compared pixel by pixel), the language
cards are the language's own name, large, and on the thank-you screen each sentence has its
read-aloud button right beside it."""

import io
import itertools

import numpy as np
import pytest
from PIL import Image

from participatie.paths import resource_dir
from participatie.questionnaire.loader import load_file
from participatie.questionnaire.repository import working_files
from participatie.survey import JOIN_PICTOGRAMS
from tests.browser.conftest import LANDSCAPE, PORTRAIT, wait_until
from tests.browser.test_family_survey import go, walk_in_dutch

# Mean difference of two pictograms drawn at 96 px and compared in grey at 32 × 32 (0: the same
# picture, 1: black against white). OpenMoji's child, boy and adult faces differ by 0.015–0.054;
# pictograms a reader tells apart at a glance (a baby, a teddy bear, a school bag) by 0.09 and more.
LOOK_ALIKE = 0.08


def card_sets() -> dict[str, list[str]]:
    """Every set of cards shown together on one screen: each question's options in the working
    questionnaires and the join page of a group session. A smiley scale's faces share their
    outline by design and differ in their expression: their order was checked by someone who
    did not see the labels (see FACES in participatie/questionnaire/types.py)."""
    sets = {"join page": list(JOIN_PICTOGRAMS.values())}
    for path in working_files(resource_dir("questionnaires")):
        questionnaire = load_file(path)
        for question in questionnaire.questions():
            if question.type == "smiley" or not hasattr(question, "choices"):
                continue
            choices = question.choices()
            codes = [code for _, _, code, _ in choices if code]
            if len(codes) > 1:
                sets[f"{questionnaire.key}.{question.key}"] = codes
    return sets


@pytest.fixture
def drawn(serve, tablet):
    """The pictograms as the app serves them, drawn by Chromium: code → 32 × 32 grey array."""
    base = serve()
    page = tablet(LANDSCAPE)
    codes = sorted({code for codes in card_sets().values() for code in codes})
    page.goto(f"{base}/about")
    page.set_content("".join(f'<img id="c{c}" src="{base}/pictograms/{c}.svg" width="96" '
                             f'height="96" alt="">' for c in codes))
    wait_until(page, "[...document.images].every(i => i.complete && i.naturalWidth)")
    pictures = {}
    for code in codes:
        png = page.locator(f"#c{code}").screenshot()
        grey = Image.open(io.BytesIO(png)).convert("L").resize((32, 32))
        pictures[code] = np.asarray(grey, dtype=float) / 255
    return pictures


def test_the_cards_of_one_screen_look_different(drawn):
    alike = []
    for name, codes in card_sets().items():
        for a, b in itertools.combinations(codes, 2):
            difference = float(np.abs(drawn[a] - drawn[b]).mean())
            if difference < LOOK_ALIKE:
                alike.append(f"{name}: {a} and {b} ({difference:.3f})")
    assert alike == []


def test_the_age_cards_are_told_apart(drawn):
    """The case the field walk found: the 6–9, 10–12 and 13–18 cards showed nearly one face."""
    ages = card_sets()["family.children_age"]
    assert len(ages) == 5
    assert min(float(np.abs(drawn[a] - drawn[b]).mean())
               for a, b in itertools.combinations(ages, 2)) >= LOOK_ALIKE


def test_each_language_is_its_own_name_large_and_without_a_flag(demo_link, serve, tablet,
                                                                no_violations):
    base = serve()
    page = tablet(PORTRAIT)
    page.goto(f"{base}/s/demo")
    cards = page.locator("a.card.language")
    assert cards.all_inner_texts() == ["Nederlands", "Français", "English", "العربية", "Türkçe"]
    assert page.locator("a.card.language img").count() == 0  # no flag: a flag is a country
    heading = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    sizes = cards.evaluate_all("all => all.map(c => parseFloat(getComputedStyle(c).fontSize))")
    for size in sizes:
        assert size >= heading  # the language's name is the largest word on the screen
    assert cards.nth(3).get_attribute("lang") == "ar" and cards.nth(3).get_attribute("dir") == "rtl"
    no_violations(page)


def test_on_the_thank_you_screen_each_sentence_has_its_speaker_beside_it(demo_link, serve,
                                                                          tablet, no_violations):
    base = serve(KIOSK_THANKS_SECONDS=60)
    page = tablet(LANDSCAPE)
    page.goto(f"{base}/s/demo/nl")
    go(page, page.get_by_role("button", name="Beginnen"))
    walk_in_dutch(page)
    sentences = page.locator("p.says")
    assert sentences.count() == 2
    for index in range(2):
        sentence = sentences.nth(index)
        words = sentence.locator("span").bounding_box()
        speaker = sentence.locator("button.speak").bounding_box()
        assert 0 <= speaker["x"] - (words["x"] + words["width"]) <= 24  # beside, not far away
    page.get_by_role("button", name="Voorlezen: Geef de tablet aan de volgende persoon.").tap()
    assert page.evaluate("window.__spoken") == [
        {"text": "Geef de tablet aan de volgende persoon.", "lang": "nl"}]
    no_violations(page)
