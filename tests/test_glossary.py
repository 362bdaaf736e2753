"""One word per concept: the glossary holds the questionnaires and the family's screens of the
translation catalogs to the words families understand (questionnaires/glossary.yaml)."""

import re

import pytest
import yaml
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from participatie.paths import PACKAGE_DIR, resource_dir
from participatie.questionnaire.glossary import Glossary, load_glossary
from participatie.questionnaire.repository import check, publish

ROOT = PACKAGE_DIR.parent
QUESTIONNAIRES = resource_dir("questionnaires")
GLOSSARY = load_glossary(QUESTIONNAIRES)
JINJA = "jinja2.ext:babel_extract"
# What a family reads: the survey room, the answer types' messages, the read-aloud button, the
# about page, the paper form and the poster.
FAMILY_SOURCES = [
    ("templates/survey/**.html", JINJA), ("templates/macros/pictograms.html", JINJA),
    ("templates/pages/about.html", JINJA), ("templates/facilitate/paper_print.html", JINJA),
    ("templates/admin/poster.html", JINJA),
    ("participatie/survey/**.py", "python"), ("participatie/questionnaire/**.py", "python"),
]


def family_msgids() -> set[str]:
    found = extract_from_dir(str(ROOT), method_map=FAMILY_SOURCES,
                             keywords={**DEFAULT_KEYWORDS, "_l": None})
    return {message if isinstance(message, str) else message[0]
            for _file, _line, message, _comments, _context in found}


def catalog(language: str):
    path = PACKAGE_DIR / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle)


def texts(message, language: str) -> list[str]:
    """The words a person reads: the translation, or for English the source itself."""
    forms = message.id if language == "en" else message.string
    return list(forms) if isinstance(forms, tuple) else [forms]


def definition() -> dict:
    """A one-question questionnaire in the glossary's words."""
    words = {"nl": "Kinderopvang", "fr": "Crèche ou garderie", "en": "Childcare",
             "ar": "الحضانة أو رعاية ما بعد المدرسة", "tr": "Kreş veya okul sonrası bakım"}
    return {"key": "words", "version": 1, "kind": "family_survey",
            "languages": ["nl", "fr", "en", "ar", "tr"], "title": dict(words),
            "sections": [{"key": "s", "title": dict(words), "questions": [
                {"key": "q", "type": "yes_no", "text": dict(words)}]}]}


def write(directory, data, name="words.yaml"):
    path = directory / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    """A questionnaires folder with the shipped glossary."""
    (tmp_path / "glossary.yaml").write_text((QUESTIONNAIRES / "glossary.yaml").read_text("utf-8"),
                                            encoding="utf-8")
    return tmp_path


def test_the_shipped_questionnaires_use_the_glossary_words():
    report = check(QUESTIONNAIRES)
    assert report.ok, report.problems
    assert not [line for line in report.problems if "glossary" in line]


def test_an_avoided_word_is_reported_with_file_and_key_path(folder):
    data = definition()
    data["sections"][0]["questions"][0]["text"]["tr"] = "Çocuğunuz kreşe gidiyor mu?"
    data["title"]["fr"] = "La consultation pour bébés"
    path = write(folder, data)
    problems = check(folder, [path]).problems
    assert problems == [
        f"{path}: title.fr: 'consultation' is a word to avoid for 'consultatiebureau' "
        "(glossary): say 'consultation Kind en Gezin'",
        f"{path}: sections[0].questions[0].text.tr: 'kreşe' is a word to avoid for "
        "'kinderopvang' (glossary): say 'kreş veya okul sonrası bakım'",
    ]
    assert not publish(folder).ok  # nothing with an avoided word gets frozen


def test_the_glossary_word_itself_is_fine_where_it_holds_an_avoided_one(folder):
    data = definition()
    data["sections"][0]["questions"][0]["text"]["fr"] = "Va-t-il à la crèche ou à la garderie ?"
    data["title"]["nl"] = "Naar het consultatiebureau van Kind en Gezin?"
    assert check(folder, [write(folder, data)]).ok


def test_a_frozen_version_is_not_held_to_the_glossary(folder):
    data = definition()
    data["title"]["ar"] = "الحضانة"  # published before the glossary said otherwise
    write(folder, data)
    (folder / "glossary.yaml").rename(folder / "later.txt")
    assert publish(folder).ok
    (folder / "later.txt").rename(folder / "glossary.yaml")
    data["version"] = 2
    data["title"]["ar"] = "الحضانة أو رعاية ما بعد المدرسة"
    report = check(folder, [write(folder, data)])
    assert report.ok, report.problems
    frozen = folder / "published" / "words-v1.yaml"
    assert check(folder, [frozen]).ok  # also when named on the command line


@pytest.mark.parametrize(("text", "language", "found"), [
    ("Mahallenizde kreşler var mı?", "tr", ["kreşler"]),
    ("تعمل المدارس والحضانات معًا", "ar", ["والحضانات"]),
    ("De partners van het netwerk", "nl", ["partners"]),
    ("Nieuwe bevragingsronde", "nl", ["bevragingsronde"]),
    ("Kinderopvang of school", "nl", []),
    ("Evde hangi dilleri konuşuyorsunuz?", "tr", []),
])
def test_words_are_found_with_their_endings_and_arabic_prefixes(text, language, found):
    assert [hit.found for hit in GLOSSARY.hits(text, language)] == found


def test_each_concept_names_its_word_in_every_language():
    for concept in GLOSSARY.concepts:
        assert set(concept.use) == {"nl", "fr", "en", "ar", "tr"}, concept.key


def test_the_family_sources_are_found():
    ids = family_msgids()
    assert "Ready! Send your answers?" in ids and "Choose one of the answers shown." in ids
    assert "Round" not in ids  # a staff word


@pytest.mark.parametrize("language", ["nl", "fr", "en", "ar", "tr"])
def test_the_familys_screens_use_the_glossary_words(language):
    family = family_msgids()
    problems = []
    for message in catalog(language):
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        for text in texts(message, language):
            for hit in GLOSSARY.hits(text or "", language, staff=key not in family):
                problems.append(f"{key!r}: {hit.message(language)}")
    assert problems == []


def test_a_broken_glossary_is_named_not_a_crash(folder):
    (folder / "glossary.yaml").write_text("concepts: [kreş]\n", encoding="utf-8")
    [problem] = check(folder, [write(folder, definition())]).problems
    assert problem.startswith(f"{folder / 'glossary.yaml'}: concepts: not a glossary")


def test_an_unknown_language_or_empty_glossary_finds_nothing():
    assert list(Glossary(()).hits("kreş", "tr")) == []
    assert list(GLOSSARY.hits("kreş", "de")) == []


FRENCH_SPACE = re.compile(r"[ \u00a0][?!:;]")


def test_french_never_leaves_a_question_mark_alone_on_a_line():
    """French puts a space before ? ! : ; and it must not break: a narrow no-break space."""
    loose = [m.string for m in catalog("fr") if m.id
             for form in texts(m, "fr") if FRENCH_SPACE.search(form or "")]
    for name in ("family", "place-standard", "place-standard-children"):
        text = (QUESTIONNAIRES / f"{name}.yaml").read_text("utf-8")
        loose += [line for line in text.splitlines()
                  if re.search(r"\bfr: ", line) and FRENCH_SPACE.search(line.split("fr: ", 1)[1])]
    assert loose == []
