"""Couple cases and their partners."""
