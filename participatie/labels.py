"""Words for the shared keys (roles, modes, essential functions, age bands) in the UI language."""

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "coordinator": _l("coordinator"),
    "facilitator": _l("facilitator"),
    "viewer": _l("viewer"),
}
ROLE_HINTS = {
    "coordinator": _l("everything in the network"),
    "facilitator": _l("group sessions, paper forms and results"),
    "viewer": _l("results only"),
}
MODE_LABELS = {
    "kiosk": _l("tablet at a fixed spot (kiosk)"),
    "personal": _l("personal link (own phone, at home)"),
    "group": _l("group session"),
    "paper": _l("paper forms typed in"),
}
FUNCTION_LABELS = {
    "meeting": _l("Meeting each other and social cohesion"),
    "childcare_school": _l("Childcare and primary education"),
    "play_leisure": _l("Play, leisure, culture and sport"),
    "family_support_health": _l("(Preventive) family support and health care"),
    "public_space": _l("A place for children and families in public space"),
    "basic_rights": _l("Support with basic rights; reception and social services"),
    "advocacy": _l("Advocacy and the signalling function"),
}
AGE_BAND_LABELS = {
    "0-2": _l("0 to 2 years"),
    "3-5": _l("3 to 5 years"),
    "6-9": _l("6 to 9 years"),
    "10-12": _l("10 to 12 years"),
}
# The fourteen Place Standard themes (shared keys), in the order of the compass.
THEME_LABELS = {
    "moving": _l("Walking and cycling"),
    "transport": _l("Public transport"),
    "traffic": _l("Traffic and parking"),
    "streets": _l("Streets and squares"),
    "nature": _l("Green space and nature"),
    "play": _l("Play and recreation"),
    "facilities": _l("Facilities and services"),
    "work": _l("Work and local economy"),
    "housing": _l("Housing and community"),
    "social": _l("Social contact"),
    "belonging": _l("Feeling at home"),
    "safety": _l("Feeling safe"),
    "care": _l("Care and maintenance"),
    "influence": _l("Having a say"),
}
PARTICIPANT_LABELS = {
    "parents": _l("parents"),
    "children": _l("children"),
    "partners": _l("partners"),
}
