"""Words for the shared keys (roles, modes, essential functions, age bands) in the UI language."""

from flask_babel import lazy_gettext as _l

from .vocabulary import ESSENTIAL_FUNCTIONS, PLACE_STANDARD_DIMENSIONS

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
FUNCTION_LABELS = dict(zip(ESSENTIAL_FUNCTIONS, (
    _l("Meeting each other and social cohesion"),
    _l("Childcare and primary education"),
    _l("Play, leisure, culture and sport"),
    _l("(Preventive) family support and health care"),
    _l("A place for children and families in public space"),
    _l("Support with basic rights; reception and social services"),
    _l("Advocacy and the signalling function"),
), strict=True))
AGE_BAND_LABELS = {
    "0-2": _l("0 to 2 years"),
    "3-5": _l("3 to 5 years"),
    "6-9": _l("6 to 9 years"),
    "10-12": _l("10 to 12 years"),
}
# The fourteen Place Standard dimensions, in the order of the compass.
DIMENSION_LABELS = dict(zip(PLACE_STANDARD_DIMENSIONS, (
    _l("Walking and cycling"),
    _l("Public transport"),
    _l("Traffic and parking"),
    _l("Streets and squares"),
    _l("Green space and nature"),
    _l("Play and recreation"),
    _l("Facilities and services"),
    _l("Work and local economy"),
    _l("Housing and community"),
    _l("Social contact"),
    _l("Feeling at home"),
    _l("Feeling safe"),
    _l("Care and maintenance"),
    _l("Having a say"),
), strict=True))
PARTICIPANT_LABELS = {
    "parents": _l("parents"),
    "children": _l("children"),
    "partners": _l("partners"),
}
