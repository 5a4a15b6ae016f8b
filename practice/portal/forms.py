from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo

from ..auth.forms import NewPasswordMixin
from ..web_form import WebForm


class AcceptInvitationForm(NewPasswordMixin, WebForm):
    new_password = PasswordField(
        "Choose a password",
        description="At least 10 characters. A short phrase of a few words is easy to remember.",
        validators=[DataRequired("Choose a password.")],
    )
    confirm = PasswordField(
        "Type it again",
        validators=[
            DataRequired("Type the password again."),
            EqualTo("new_password", "The two passwords don't match. Please try again."),
        ],
    )
