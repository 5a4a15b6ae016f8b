"""Therapy sessions and their notes (draft, signed, addenda), and note search."""
