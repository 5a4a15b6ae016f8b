"""The worksheet library: YAML worksheet files, their schema, loader and CLI."""
