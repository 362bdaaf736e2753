"""Every text a person reads is translated: nl (default), fr, ar and tr; en is the source."""

import re
import subprocess
import sys
from gettext import c2py
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from participatie.paths import PACKAGE_DIR

TRANSLATIONS = PACKAGE_DIR / "translations"
ROOT = PACKAGE_DIR.parent


def catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def msgids(path: Path) -> set[str]:
    return {message.id for message in catalog(path) if message.id}


def test_the_template_holds_every_string_of_the_source(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-o", str(fresh), "--no-location", "--omit-header", "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    assert msgids(fresh) == msgids(TRANSLATIONS / "messages.pot"), "run: make translations-update"


@pytest.mark.parametrize("language", ["nl", "fr", "ar", "tr"])
def test_every_string_is_translated(language):
    messages = catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    expected = msgids(TRANSLATIONS / "messages.pot")
    translated = {m.id for m in messages if m.id and not m.fuzzy and _complete(m.string)}
    assert expected - translated == set()


def _complete(string) -> bool:
    """A translation, and for a plural entry every one of its forms."""
    forms = string if isinstance(string, tuple) else (string,)
    return bool(forms) and all(form.strip() for form in forms)


@pytest.mark.parametrize("language", ["nl", "fr", "ar", "tr"])
def test_translations_keep_the_placeholders(language):
    for message in catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"):
        if not message.id or not message.string:
            continue
        # A plural entry (ngettext) has several source and translated forms: each translated
        # form keeps the placeholders of the source (a form for one may leave the number out).
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", sources[-1]))
        for form in forms:
            kept = set(re.findall(r"%\(\w+\)s", form))
            assert kept <= wanted if len(forms) > 1 else kept == wanted, message.id


# Placeholders that stand for a count, and the words that may follow a number without being a
# noun that agrees with it ("Question %(n)s of %(total)s", "from %(low)s to %(high)s").
NUMBER = re.compile(r"%\((?:n|num|count|minutes|total|used|low|high)\)s"
                    r"\s*([^\W\d_][^\s.,;:!?،؛)]*)")
NOT_A_NOUN = {
    "en": {"of", "to", "from", "and", "or", "more", "per", "in", "at", "on", "out"},
    "nl": {"van", "tot", "en", "of", "meer", "per", "op", "in", "uit"},
    "fr": {"sur", "à", "de", "et", "ou", "par", "en", "au", "plus"},
    "ar": {"من", "إلى", "في", "على", "عن", "و", "أو", "حتى", "لكل"},
}


def numbers_before_nouns(text: str, language: str) -> list[str]:
    """Each place where a counted placeholder is followed by a word that is not a preposition or
    a conjunction: a noun whose form depends on the number, which only ngettext can choose."""
    return [match.group(0) for match in NUMBER.finditer(text)
            if match.group(1).lower() not in NOT_A_NOUN[language]]


@pytest.mark.parametrize(("text", "language", "found"), [
    ("يستغرق ذلك حوالي %(minutes)s دقائق.", "ar", ["%(minutes)s دقائق"]),
    ("استخدم %(n)s حرفًا على الأكثر (الآن %(used)s).", "ar", ["%(n)s حرفًا"]),
    ("It takes about %(minutes)s minutes.", "en", ["%(minutes)s minutes"]),
    ("Kies hoogstens %(n)s antwoorden.", "nl", ["%(n)s antwoorden"]),
    ("Question %(n)s of %(total)s", "en", []),
    ("السؤال %(n)s من %(total)s", "ar", []),
    ("Indiquez un nombre de %(low)s à %(high)s.", "fr", []),
    ("Link %(code)s takes answers", "en", []),
])
def test_a_number_before_a_noun_is_found(text, language, found):
    assert numbers_before_nouns(text, language) == found


@pytest.mark.parametrize("language", ["en", "nl", "fr", "ar", "tr"])
def test_a_number_meets_a_noun_only_through_ngettext(language):
    """A noun after a count changes with it (Arabic has six forms): such a string must be a
    plural entry. A language with one plural form (Turkish) never changes the noun."""
    messages = catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    if messages.num_plurals == 1:
        return
    found = [(m.id, hit) for m in messages if m.id and not m.pluralizable
             for hit in numbers_before_nouns(m.id if language == "en" else m.string, language)]
    assert found == []


def test_the_arabic_catalog_has_its_six_plural_forms_in_cldr_order():
    """zero, one, two, few (3-10), many (11-99), other (100-102): the order gettext tools show."""
    messages = catalog(TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po")
    plural = c2py(messages.plural_expr)
    forms = [plural(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)]
    assert (messages.num_plurals, forms) == (6, [0, 1, 2, 3, 3, 4, 4, 5, 5, 3, 4])
    minutes = messages.get(("It takes about %(num)s minute.", "It takes about %(num)s minutes."))
    assert [minutes.string[plural(n)] % {"num": n} for n in (2, 5, 15)] == [
        "يستغرق ذلك حوالي دقيقتين.", "يستغرق ذلك حوالي 5 دقائق.", "يستغرق ذلك حوالي 15 دقيقةً."]
