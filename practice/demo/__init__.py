"""A demo practice for trying Trustwork: `flask --app practice demo`."""
