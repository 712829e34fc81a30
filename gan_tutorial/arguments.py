"""Checks of arguments where they enter, with errors that name the argument, the value and what
was expected."""

import numbers

__all__ = ["integer", "positive"]


def integer(name, value, minimum=1):
    """``value`` as an int, if it is a whole number (not a bool) >= ``minimum``; else a
    ValueError that says so."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or int(value) != value
        or value < minimum
    ):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def positive(name, value):
    """``value``, if it is a number > 0; else a ValueError that says so."""
    if isinstance(value, bool) or not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value
