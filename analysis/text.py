"""Language-aware text handling for short open answers: normalise, tokenise, stop words, stems.

Everything ships inside packages: NLTK's regexp tokenizer and Snowball stemmers need no data
download, stop words come from the ``stop-words`` package, language guesses from ``langdetect``.
"""

import re
import unicodedata
from functools import cache, lru_cache

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from stop_words import get_stop_words

LANGUAGES = ("nl", "fr", "en", "ar", "tr")
_SNOWBALL = {"nl": "dutch", "fr": "french", "en": "english", "ar": "arabic"}
_STOP_NAMES = {"nl": "dutch", "fr": "french", "en": "english", "ar": "arabic", "tr": "turkish"}
# Flemish everyday words that carry no theme (the packaged Dutch list is Netherlands Dutch).
_EXTRA_STOP = {
    "nl": {"ge", "gij", "da", "nen", "ne", "zijn", "aub", "allee", "eens", "meer", "graag",
           "zou", "zouden", "mogen", "moet", "moeten", "kindjes", "kinderen", "kind", "buurt"},
    "fr": {"plus", "enfants", "enfant", "quartier", "faut", "serait"},
    "en": {"more", "children", "kids", "child", "neighbourhood", "would", "need"},
    "ar": {"الأطفال", "أطفال", "الحي", "أكثر"},
    "tr": {"daha", "çocuklar", "çocuklar için", "mahalle", "mahallede", "için", "çok"},
}
# Fillers and interjections of spoken Flemish (and their like in the other languages): they say
# how something is said, not what about, so they are never a theme's word.
FILLERS = frozenset({
    "haha", "hahaha", "hihi", "hehe", "allez", "allee", "alee", "ge", "gij", "amai", "amaai",
    "awel", "wel", "ewel", "enfin", "ofzo", "zeg", "hé", "he", "hey", "euh", "eh",
    "ehm", "uhm", "hmm", "pff", "pfff", "bah", "oei", "oeps", "ja", "jaja", "nee", "neen",
    "nen", "ne", "da", "dus", "toch", "hoor", "zenne", "zunne", "eig", "eigenlijk", "nu",
    "gewoon", "precies", "tiens", "bon", "voila", "voilà", "ok", "oke", "oké", "okay", "lol",
    "xd", "jong", "manneke", "seg", "zo", "echt", "super",
    "bref", "ben", "quoi", "genre", "bof", "like", "yeah", "yes", "well", "um",
    "يعني", "والله", "yani", "işte", "hani", "ya",
})
_LAUGHTER = re.compile(r"^(?:(?:ha)+h?|(?:hi)+h?|(?:he)+h?|(?:hu)+h?|x+d+)$")


def is_filler(word: str) -> bool:
    """A filler word or laughter ("amai", "allez", "hahaha"): no theme's word."""
    return word in FILLERS or bool(_LAUGHTER.match(word))


_TOKENS = RegexpTokenizer(r"\w+(?:['’]\w+)?")
_ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_TURKISH = re.compile(r"[ğışĞİŞ]")


def normalise(text: str) -> str:
    """Unicode NFKC, lower case, one space between words; Arabic tatweel and diacritics out."""
    text = unicodedata.normalize("NFKC", text or "").lower().replace("’", "'")
    text = re.sub(r"[\u0640\u064B-\u0652]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def tokens(text: str) -> list[str]:
    """Word tokens (letters and digits); punctuation, emoji and symbols are dropped."""
    return [t for t in _TOKENS.tokenize(normalise(text)) if not t.isdigit()]


@cache
def stop_words(language: str) -> frozenset[str]:
    name = _STOP_NAMES.get(language)
    words = set(get_stop_words(name)) if name else set()
    return frozenset(words | _EXTRA_STOP.get(language, set()))


@cache
def _stemmer(language: str) -> SnowballStemmer | None:
    name = _SNOWBALL.get(language)
    return SnowballStemmer(name) if name else None


def stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return stemmer.stem(word) if stemmer else word


def content_words(text: str, language: str) -> list[str]:
    """Tokens without stop words, stemmed where Snowball has the language."""
    return [stemmed for _, stemmed in content_pairs(text, language)]


@lru_cache(maxsize=65536)
def content_pairs(text: str, language: str) -> tuple[tuple[str, str], ...]:
    """(word as written, its stem) for each content word: stems to count, words to show
    (remembered: a round's answers repeat, and a re-analysis reads them all again)."""
    stops = stop_words(language)
    words = tokens(text)
    if language == "fr":  # l'école, d'enfants, qu'il: the elided article is not the word
        words = [_ELISION.sub("", word) for word in words]
    return tuple((t, stem(t, language)) for t in words
                 if t not in stops and not is_filler(t) and len(t) > 1)


@lru_cache(maxsize=65536)
def detect_language(text: str, default: str = "nl") -> str:
    """The most likely of nl, fr, en, ar, tr; script first, then langdetect (seeded)."""
    if _ARABIC.search(text or ""):
        return "ar"
    if _TURKISH.search(text or ""):
        return "tr"
    if len(tokens(text)) < 2:
        return default
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # deterministic
    try:
        guesses = detect_langs(text)
    except LangDetectException:
        return default
    ours = [g for g in guesses if g.lang in LANGUAGES]
    return ours[0].lang if ours else default


@lru_cache(maxsize=65536)
def is_informative(text: str) -> bool:
    """At least two words with letters: empty, one-word and unreadable answers are not."""
    return len([t for t in tokens(text) if any(ch.isalpha() for ch in t)]) >= 2
