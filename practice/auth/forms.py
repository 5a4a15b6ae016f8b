from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..web_form import WebForm
from .accounts import account_key
from .passwords import MAX_LENGTH, password_problem


def _strip(value: str | None) -> str | None:
    """The address as the account lookup and the sign-in limit both read it."""
    return account_key(value) if isinstance(value, str) else value


class SignInForm(WebForm):
    email = EmailField(
        "Email",
        filters=[_strip],
        validators=[DataRequired("Enter your email."), Length(max=254)],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=MAX_LENGTH)]
    )


class NewPasswordMixin:
    def validate_new_password(self, field):
        problem = password_problem(
            field.data or "",
            email=getattr(self, "account_email", ""),
            name=getattr(self, "account_name", ""),
        )
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordMixin, WebForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    new_password = PasswordField(
        "New password",
        description="At least 10 characters. A short phrase of a few words works well.",
        validators=[DataRequired("Choose a new password.")],
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            DataRequired("Type the new password again."),
            EqualTo("new_password", "The two new passwords don't match."),
        ],
    )


class AccountFieldsMixin:
    name = StringField("Name", validators=[DataRequired("Enter a name."), Length(max=120)])
    email = EmailField(
        "Email",
        filters=[_strip],
        validators=[
            DataRequired("Enter an email address."),
            Email("Enter an email address like name@example.org."),
            Length(max=254),
        ],
    )


__all__ = ["AccountFieldsMixin", "ChangePasswordForm", "NewPasswordMixin", "SignInForm"]
