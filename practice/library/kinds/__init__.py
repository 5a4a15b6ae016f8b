"""Prompt kinds: one class per kind that parses, checks, shows and flags its own answers.

A kind's look lives in `templates/kinds/<kind>.html`; the registry is `kinds.registry`.
"""
