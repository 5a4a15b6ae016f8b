from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from ..auth.forms import AccountFieldsMixin, NewPasswordMixin
from ..form_checks import plausible_date
from ..web_form import WebForm

ROLE_CHOICES = {"counselor": "Counselor", "admin": "Practice admin"}


class UserForm(AccountFieldsMixin, WebForm):
    role = RadioField("Role", choices=ROLE_CHOICES, default="counselor")
    active = BooleanField(
        "Active",
        default=True,
        description="Untick to deactivate: the person is signed out everywhere at once.",
    )


class NewUserForm(NewPasswordMixin, UserForm):
    new_password = PasswordField(
        "First password",
        description="At least 10 characters. Share it privately; they can change it later.",
    )


class AuditFilterForm(WebForm):
    """The audit page's filters: read from the query string, so a filtered page can be linked."""

    class Meta(WebForm.Meta):
        csrf = False  # a GET form that changes nothing

    who = StringField(
        "Who", description="Part of an email address.", validators=[Optional(), Length(max=254)]
    )
    case = IntegerField("Case number", validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    action = SelectField("Action", choices={"": "Any action"}, validate_choice=False)
    since = DateField("From", validators=[Optional(), plausible_date])
    until = DateField("To", validators=[Optional(), plausible_date])

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")
