"""Read aloud: each read-aloud button sends its screen's words to speech synthesis (data-say).
A family that listens in any language hears the glossary's words and numbers that agree."""

import html
import re

import pytest

from participatie.paths import resource_dir
from participatie.questionnaire.glossary import load_glossary
from participatie.questionnaire.repository import load_published

QUESTIONNAIRES = resource_dir("questionnaires")
GLOSSARY = load_glossary(QUESTIONNAIRES)

HEARD = {  # words of the first review's fixes, as a family hears them
    "nl": ["Het duurt ongeveer 5 minuten.", "Consultatiebureau van Kind en Gezin of dokter",
           "De diensten in je buurt zien alleen alle antwoorden samen. Ze zien nooit wie wat zei.",
           "Is er een vrije plaats of hulp als je die nodig hebt?", "Hulp bij geld, werk of wonen",
           "Wil je nog iets zeggen aan de diensten in je buurt?"],
    "fr": ["Cela prend environ 5 minutes.", "Consultation Kind en Gezin ou médecin",
           "Aide pour élever vos enfants ou pour la santé", "École, crèche ou garderie",
           "Comment voulez-vous apprendre ce qu'il y a pour les enfants\u202f?"],
    "en": ["It takes about 5 minutes.", "What is missing in the neighbourhood for your children?",
           "Nothing is missing", "Kind en Gezin baby clinic or doctor"],
    "ar": ["يستغرق ذلك حوالي 5 دقائق.", "Kind en Gezin (فحص الرضّع) أو الطبيب", "من 0 إلى سنتين",
           "هل تجد مكانًا شاغرًا أو مساعدة عندما تحتاج إليها؟", "رسالة نصية على هاتفي",
           "رسالة ورقية أو مطوية", "لا أذهب إلى أي مكان", "انتهيت! هل تريد إرسال إجاباتك؟"],
    "tr": ["Yaklaşık 5 dakika sürer.", "Kind en Gezin (bebek kontrolü) veya doktor",
           "Mahallede çocuklarınız için ne eksik?", "Hiçbir şey eksik değil",
           "Bitti! Cevaplarınızı gönderelim mi?", "Felemenkçe (Flamanca)"],
}


@pytest.fixture
def latest_family(make_link):
    """A link to the newest published family survey (what a new round's links collect)."""
    family = max((d for d in load_published(QUESTIONNAIRES) if d.key == "family"),
                 key=lambda d: d.version)
    return make_link("words", definition=family.canonical())


def spoken(page_html: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r'data-say="([^"]*)"', page_html)]


def first_answer(family, key: str) -> dict:
    choice = re.search(rf'name="{key}" value="([^"]+)"', family.html)
    if choice:
        return {key: choice.group(1)}
    return {key: "3"} if 'class="number"' in family.html else {}


def listen_through(family, language: str) -> list[str]:
    """Every text the read-aloud buttons would speak, from the first screen to the thanks."""
    heard = spoken(family.open(f"/s/words/{language}").get_data(as_text=True))
    family.post()
    while "/q/" in family.page.request.path:
        heard += spoken(family.html)
        family.post(data={"action": "next", **first_answer(family, family.question_key())})
    heard += spoken(family.html)  # ready to send
    family.post()
    return heard + spoken(family.html)


@pytest.mark.parametrize("language", ["nl", "fr", "en", "ar", "tr"])
def test_read_aloud_speaks_the_new_words_in_each_language(latest_family, family, language):
    heard = listen_through(family, language)
    assert family.page.request.path == f"/s/words/{language}/thanks"
    missing = [text for text in HEARD[language] if text not in heard]
    assert missing == []
    avoided = [f"{text!r}: {hit.message(language)}" for text in heard
               for hit in GLOSSARY.hits(text, language)]
    assert avoided == []
