"""The facilitate room's forms: a session, the group's results, a paper link, a compass."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..labels import DIMENSION_LABELS, PARTICIPANT_LABELS
from ..web.forms import MultiCheckboxField, StaffForm, options


class SessionForm(StaffForm):
    round = SelectField(_l("Round"), coerce=int)
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int)
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=200)])
    participants = IntegerField(_l("Number of participants"),
                                validators=[Optional(), NumberRange(min=1, max=500)])
    kinds = MultiCheckboxField(_l("Who takes part"), choices=options(PARTICIPANT_LABELS.items()))
    submit = SubmitField(_l("Open the session"))


def _score_choices():
    return options([("", "–"), *((str(n), str(n)) for n in range(1, 8))])


class DimensionResultForm(StaffForm):
    class Meta:
        csrf = False  # part of GroupResultsForm, which carries the token

    score = SelectField(_l("Group score"), choices=_score_choices(), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)], render_kw={"rows": 2})


class GroupResultsForm(StaffForm):
    dimensions = FieldList(FormField(DimensionResultForm), min_entries=len(DIMENSION_LABELS),
                       max_entries=len(DIMENSION_LABELS))
    priority_1 = SelectField(_l("Priority 1"))
    priority_2 = SelectField(_l("Priority 2"))
    priority_3 = SelectField(_l("Priority 3"))
    participants = IntegerField(_l("Size of the group"),
                                validators=[Optional(), NumberRange(min=1, max=500)])
    notes = TextAreaField(_l("Notes on the session"), validators=[Length(max=5000)],
                          render_kw={"rows": 3})
    submit = SubmitField(_l("Save the group's results"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dimension_choices = options([("", "–"), *DIMENSION_LABELS.items()])
        for field in (self.priority_1, self.priority_2, self.priority_3):
            field.choices = dimension_choices

    def scores(self) -> dict[str, tuple[int | None, str]]:
        return {dimension: (int(entry.form.score.data) if entry.form.score.data else None,
                            entry.form.notes.data or "")
                for dimension, entry in zip(DIMENSION_LABELS, self.dimensions, strict=True)}

    def priorities(self) -> list[str]:
        return [f.data for f in (self.priority_1, self.priority_2, self.priority_3) if f.data]


class PaperLinkForm(StaffForm):
    round = SelectField(_l("Round"), coerce=int)
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int)
    version = SelectField(_l("Questionnaire"), coerce=int)
    submit = SubmitField(_l("Type in paper forms"))


LAST_SERIAL = 99_999


class PrintForm(StaffForm):
    """Which paper forms to print (a GET form: it changes nothing)."""

    language = SelectField(_l("Language of the forms"))
    first = IntegerField(_l("Number of the first form"), default=1,
                         validators=[DataRequired(), NumberRange(min=1, max=LAST_SERIAL)])
    count = IntegerField(_l("How many forms"), default=10,
                         validators=[DataRequired(), NumberRange(min=1, max=50)])
    again = BooleanField(_l("Print numbers that were printed before (only when those sheets "
                            "are not used: the printer jammed, say)"))
    submit = SubmitField(_l("Make the PDF to print"))

    def validate_count(self, field):
        if self.first.data and field.data and self.first.data + field.data - 1 > LAST_SERIAL:
            from wtforms.validators import ValidationError

            raise ValidationError(_l("The last number would be more than %(n)s.",
                                     n=LAST_SERIAL))
