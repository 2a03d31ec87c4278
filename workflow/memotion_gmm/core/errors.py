"""Exceptions with messages meant for the user (file, row, key and what to do)."""


class InputError(ValueError):
    """Input data the workflow cannot use: names the file, the row and the reason."""


class ConfigError(ValueError):
    """A configuration value that is invalid: names the key and the allowed values."""
