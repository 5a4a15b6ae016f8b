from wtforms import BooleanField, PasswordField, RadioField

from ..auth.forms import AccountFieldsMixin, NewPasswordMixin
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
