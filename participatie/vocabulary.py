"""The shared keys that code names (DOMAIN.md's key table), each defined once.

Plain data, no Flask: models, services, rooms and the questionnaire schema all import it. Words
for these keys in the UI language live in :mod:`participatie.labels`. ``analysis`` imports
nothing of ``participatie`` and keeps its own copies; :func:`check_analysis_agrees` runs in
``create_app`` so that the two never drift apart unnoticed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in its own language and script
    direction: str = "ltr"


# The languages of the UI and of the questionnaires' texts, Dutch (the default) first.
LANGUAGES = {
    "nl": Language("nl", "Nederlands"),
    "fr": Language("fr", "Français"),
    "en": Language("en", "English"),
    "ar": Language("ar", "العربية", "rtl"),
    "tr": Language("tr", "Türkçe"),
}
UI_LANGUAGES = tuple(LANGUAGES)
DEFAULT_LANGUAGE = "nl"

# Staff roles in a network, from least to most: each may do what the ones before it may.
ROLES = ("viewer", "facilitator", "coordinator")

# The seven essential functions of a network's partners, in the framework's order.
ESSENTIAL_FUNCTIONS = (
    "meeting", "childcare_school", "play_leisure", "family_support_health", "public_space",
    "basic_rights", "advocacy",
)

# The eight building blocks (bouwstenen) of a network, rated in the partners' self-evaluation.
BUILDING_BLOCKS = (
    "shared_vision", "quality_services", "communication", "support_staff", "shared_leadership",
    "time", "resources", "monitoring",
)

# The fourteen Place Standard dimensions, in the order of the compass.
PLACE_STANDARD_DIMENSIONS = (
    "moving", "transport", "traffic", "streets", "nature", "play", "facilities", "work",
    "housing", "social", "belonging", "safety", "care", "influence",
)

# Kinds of questionnaire definition (a definition's ``kind``).
QUESTIONNAIRE_KINDS = ("family_survey", "place_standard", "children_survey", "self_evaluation")

# The family survey (kind family_survey): its questionnaire key, and its question whose options
# are the children's age bands (the dashboards' age filter, the exports' age column).
FAMILY_SURVEY = "family"
AGE_QUESTION = "children_age"


class VocabularyMismatch(RuntimeError):
    """The app and the ``analysis`` library disagree on a shared list of keys."""


def check_analysis_agrees() -> None:
    """Stop the app's start when ``analysis`` lists other languages (its text processing, its
    command line), or when its default codebook's themes for the Place Standard dimensions or
    essential functions are not the app's."""
    from analysis import text
    from analysis.cli import analyse
    from analysis.codebooks import default_codebook

    clusters = analyse.commands["clusters"]
    choices = next(tuple(getattr(p.type, "choices", ())) for p in clusters.params
                   if p.name == "lang")
    themes = default_codebook().themes
    for where, theirs, ours in (
        ("analysis.text.LANGUAGES", tuple(text.LANGUAGES), UI_LANGUAGES),
        ("analyse clusters --lang", tuple(c for c in choices if c != "auto"), UI_LANGUAGES),
        ("the default codebook's Place Standard themes",
         tuple(t.key for t in themes if t.group == "place_standard"),
         PLACE_STANDARD_DIMENSIONS),
        ("the default codebook's functions",
         tuple(t.key for t in themes if t.group == "function"), ESSENTIAL_FUNCTIONS),
    ):
        if theirs != ours:
            raise VocabularyMismatch(f"{where} are {theirs}; the app has {ours}")
