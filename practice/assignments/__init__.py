"""Assigning worksheets to couples and reviewing both partners' answers."""
