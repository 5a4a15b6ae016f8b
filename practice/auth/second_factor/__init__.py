"""Two-step sign-in for counselors and admins: a code from an authenticator app (TOTP),
or one of ten single-use recovery codes, after the password."""
