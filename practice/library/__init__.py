"""The worksheet library: YAML files validated at load, browsed and previewed by counselors."""
