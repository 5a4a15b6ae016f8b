"""Printable and fillable PDF handouts."""
