"""Reminders and notifications: an outbox written with the event, and the sender that
delivers it at most once, outside quiet hours, with no clinical text in any message."""
