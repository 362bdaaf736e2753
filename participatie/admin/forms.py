"""The admin room's forms (Flask-WTF). Choices that depend on the network are set by the view."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..labels import AGE_BAND_LABELS, FUNCTION_LABELS, MODE_LABELS, ROLE_HINTS, ROLE_LABELS
from ..web.forms import MultiCheckboxField, StaffForm, options

LANGUAGE_CODE = re.compile(r"^([a-z]{2,3}|other)$")


def _name(label):
    return StringField(label, validators=[DataRequired(), Length(max=200)])


def _count(label):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=1_000_000)])


class NetworkForm(StaffForm):
    name = _name(_l("Name of the network"))
    coordinator_email = EmailField(_l("E-mail address of its first coordinator"),
                                   validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Create network"))


class NeighbourhoodForm(StaffForm):
    name = _name(_l("Name of the neighbourhood"))
    families = _count(_l("Families with children (0–12)"))
    children_0_2 = _count(_l("Children %(band)s", band=AGE_BAND_LABELS["0-2"]))
    children_3_5 = _count(_l("Children %(band)s", band=AGE_BAND_LABELS["3-5"]))
    children_6_9 = _count(_l("Children %(band)s", band=AGE_BAND_LABELS["6-9"]))
    children_10_12 = _count(_l("Children %(band)s", band=AGE_BAND_LABELS["10-12"]))
    languages = StringField(_l("Main home languages"), validators=[Length(max=200)])
    submit = SubmitField(_l("Save neighbourhood"))

    def validate_languages(self, field):
        wrong = [code for code in self.language_codes() if not LANGUAGE_CODE.match(code)]
        if wrong:
            raise ValidationError(_l("Not a language code: %(codes)s", codes=", ".join(wrong)))

    def language_codes(self) -> list[str]:
        return [c.strip().lower() for c in re.split(r"[,\s]+", self.languages.data or "") if c]

    def population(self) -> dict:
        children = {band: getattr(self, "children_" + band.replace("-", "_")).data
                    for band in AGE_BAND_LABELS}
        return {
            "families": self.families.data,
            "children": {band: n for band, n in children.items() if n is not None},
            "languages": self.language_codes(),
        }

    def fill(self, population: dict) -> None:
        self.families.data = population.get("families")
        for band, n in population.get("children", {}).items():
            getattr(self, "children_" + band.replace("-", "_")).data = n
        self.languages.data = ", ".join(population.get("languages", []))


class PartnerForm(StaffForm):
    name = _name(_l("Name of the organisation"))
    functions = MultiCheckboxField(_l("Essential functions it takes up"),
                                   choices=options(FUNCTION_LABELS.items()))
    submit = SubmitField(_l("Save partner"))


class MemberForm(StaffForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=options(
        (key, f"{label} ({ROLE_HINTS[key]})") for key, label in ROLE_LABELS.items()
    ), default="facilitator")
    submit = SubmitField(_l("Add member"))


class RoleForm(StaffForm):
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS.items()))
    submit = SubmitField(_l("Change role"))


class QuestionnairesForm(StaffForm):
    versions = MultiCheckboxField(_l("Questionnaires this network uses"), coerce=int)
    submit = SubmitField(_l("Save"))


class RoundForm(StaffForm):
    name = _name(_l("Name of the round, e.g. “spring 2027”"))
    opens_on = DateField(_l("First day"), validators=[Optional()])
    closes_on = DateField(_l("Last day"), validators=[Optional()])
    versions = MultiCheckboxField(_l("Questionnaires"), coerce=int,
                                  validators=[DataRequired(_l("Choose at least one."))])
    neighbourhoods = MultiCheckboxField(_l("Neighbourhoods"), coerce=int,
                                        validators=[DataRequired(_l("Choose at least one."))])
    submit = SubmitField(_l("Save round"))

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("A round cannot end before it starts."))


class LinkForm(StaffForm):
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int)
    version = SelectField(_l("Questionnaire"), coerce=int)
    mode = SelectField(_l("How families answer"), choices=options(MODE_LABELS.items()),
                       default="kiosk")
    submit = SubmitField(_l("Make link"))
