"""Practice administration: counselor accounts."""
