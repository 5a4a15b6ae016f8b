"""Inviting partners to the client portal (the counselor's side)."""
