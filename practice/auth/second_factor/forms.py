from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ...web_form import WebForm

# Long enough for a recovery code typed with spaces; anything longer is not a code.
MAX_CODE_LENGTH = 40


class EnrolForm(WebForm):
    code = StringField(
        "6-digit code from the app",
        description="After adding the account, your app shows a code that changes every "
        "30 seconds. Type the one it shows now.",
        validators=[
            DataRequired("Enter the 6-digit code your app shows."),
            Length(max=MAX_CODE_LENGTH, message="Enter the 6-digit code your app shows."),
        ],
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )


class CodeForm(WebForm):
    code = StringField(
        "Code",
        description="The 6-digit code your authenticator app shows now, "
        "or one of your recovery codes.",
        validators=[
            DataRequired("Enter the code from your authenticator app."),
            Length(max=MAX_CODE_LENGTH, message="That is longer than any code. Check it."),
        ],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )


class AppCodeForm(WebForm):
    code = StringField(
        "6-digit code from your app",
        description="To show it's you, not someone at a computer you left signed in.",
        validators=[
            DataRequired("Enter the 6-digit code your app shows."),
            Length(max=MAX_CODE_LENGTH, message="Enter the 6-digit code your app shows."),
        ],
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )
