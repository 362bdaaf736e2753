"""i18n helpers of the rooms: a text in each of several languages, for the pages that speak to
a family before its language is known (a link's messages, the language choice, posters)."""

from flask_babel import force_locale

from ..i18n import LANGUAGES


def in_each_language(text, languages: list[str]) -> list[dict]:
    """``text()`` translated into each language, with the language (for lang/dir attributes)."""
    translated = []
    for code in languages:
        with force_locale(code):
            translated.append({"language": LANGUAGES[code], "text": text()})
    return translated
