"""Languages of the UI and of the answers, and how a request's language is chosen."""

from dataclasses import dataclass

from flask import Flask, current_app, g, request

from .extensions import babel


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own language and script
    direction: str = "ltr"


LANGUAGES = {
    "nl": Language("nl", "Nederlands"),
    "fr": Language("fr", "Français"),
    "en": Language("en", "English"),
    "ar": Language("ar", "العربية", "rtl"),
    "tr": Language("tr", "Türkçe"),
}


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)


def supported() -> list[str]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    """A language chosen for this request (``g.language``) wins; else the browser's, else Dutch."""
    chosen = g.get("language")
    if chosen in supported():
        return chosen
    return request.accept_languages.best_match(supported()) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]
