"""Form helpers for every room's forms (Flask-WTF): the base of the staff's forms (their text
cleaned of control characters), choices from pairs, a field of checkboxes, and the choices of
round, neighbourhood and version that depend on the network."""

import re
from functools import partial

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n import localized

# Control characters (NUL among them, which PostgreSQL refuses) and lone surrogates are never
# meant; in a one-line field (a name) neither are line breaks or the characters that turn the
# direction of the text around it (a name could then read as another).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")
_TURNS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def clean_text(value, *, one_line: bool):
    """A text as people typed it, without the characters nobody means to type."""
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    return _TURNS.sub("", _BREAKS.sub(" ", value)) if one_line else value


class StaffForm(FlaskForm):
    """The base of every staff form: its text fields (not passwords) are cleaned by
    :func:`clean_text` before their own filters and any validator see them."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                clean = partial(clean_text, one_line=not issubclass(kind, TextAreaField))
                filters = [clean, *unbound_field.kwargs.get("filters", ())]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)


def options(pairs) -> list[SelectChoice]:
    """Choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def version_label(version) -> str:
    return _("%(title)s, version %(version)s",
             title=localized(version.questionnaire.title), version=version.version)


def fill_choices(form, owner) -> None:
    """A form's ``round``, ``neighbourhood`` and ``version`` choices (those it has), from
    what ``owner`` holds: a network's, or a round's."""
    if "round" in form:
        form.round.choices = options((r.id, r.name) for r in owner.rounds)
    if "neighbourhood" in form:
        form.neighbourhood.choices = options((n.id, n.name) for n in owner.neighbourhoods)
    if "version" in form:
        form.version.choices = options((v.id, version_label(v))
                                       for v in owner.questionnaire_versions)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
