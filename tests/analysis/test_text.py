"""Text handling that needs no downloads: tokens, stop words, stems, language guesses."""

import pytest

from analysis.text import content_words, detect_language, is_informative, normalise, tokens


def test_normalise_folds_case_space_and_arabic_tatweel():
    assert normalise("  Meer   SPEELTUINEN\n") == "meer speeltuinen"
    assert normalise("حـديـقة") == "حديقة"


def test_tokens_drop_punctuation_digits_and_emoji():
    assert tokens("Drempels!! aan de school 🚸 (2x)") == ["drempels", "aan", "de", "school", "2x"]


def test_content_words_remove_stop_words_and_stem():
    words = content_words("Er zijn te weinig speeltuinen in de buurt", "nl")
    assert words == ["weinig", "speeltuin"]
    assert content_words("plus de parcs pour les enfants", "fr") == ["parc"]


@pytest.mark.parametrize(("text", "language"), [
    ("de auto's rijden veel te snel in onze straat", "nl"),
    ("il faudrait plus de places en crèche dans le quartier", "fr"),
    ("we need more safe places for the children to play", "en"),
    ("نحتاج إلى حديقة للأطفال", "ar"),
    ("çocuklar için daha fazla oyun alanı lazım", "tr"),
])
def test_the_language_of_an_answer_is_guessed(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(("text", "informative"), [
    ("", False), ("   ", False), ("nee", False), ("???", False), ("🙂🙂", False),
    ("meer groen", True), ("لا شيء هنا", True),
])
def test_empty_one_word_and_unreadable_answers_are_not_informative(text, informative):
    assert is_informative(text) is informative


def test_french_elisions_are_taken_off():
    assert content_words("l’école et d'autres activités", "fr") == ["écol", "activ"]
