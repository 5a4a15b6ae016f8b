"""Trust check-ins: a short repeated measure both partners answer, charted over time."""
