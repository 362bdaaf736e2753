"""Form helpers for every room's forms (Flask-WTF): choices from pairs, a field of checkboxes,
and the choices of round, neighbourhood and version that depend on the network."""

from flask_babel import gettext as _
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n import localized


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
