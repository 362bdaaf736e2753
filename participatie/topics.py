"""What a signal or a "you said, we did" is about: one of the shared keys of DOMAIN.md (a Place
Standard dimension, an essential function, one of the five B's), with its words and pictogram."""

from flask_babel import lazy_gettext as _l

from .labels import DIMENSION_LABELS, FUNCTION_LABELS

FIVE_B_LABELS = {
    "reachable": _l("Easy to get to"),
    "available": _l("There when you need it"),
    "affordable": _l("Affordable"),
    "understandable": _l("Easy to understand"),
    "usable": _l("Fits your life"),
}
TOPIC_LABELS = {**DIMENSION_LABELS, **FUNCTION_LABELS, **FIVE_B_LABELS}

# OpenMoji code points: the Place Standard dimensions as the questionnaire draws them, the
# functions and the B's as the family survey's cards do.
TOPIC_PICTOGRAMS = {
    "moving": "1F6B2", "transport": "1F68C", "traffic": "1F6A6", "streets": "1F3D8",
    "nature": "1F333", "play": "1F6DD", "facilities": "1F3EA", "work": "1F4BC",
    "housing": "1F3E0", "social": "1F465", "belonging": "2764", "safety": "1F6E1",
    "care": "1F9F9", "influence": "1F64B",
    "meeting": "1F465", "childcare_school": "1F3EB", "play_leisure": "26BD",
    "family_support_health": "1FA7A", "public_space": "1F333", "basic_rights": "1F3DB",
    "advocacy": "1F4E2",
    "reachable": "1F6B6", "available": "1F552", "affordable": "1F4B6",
    "understandable": "1F4C4", "usable": "1F4C5",
}
