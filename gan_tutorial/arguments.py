"""Checks of arguments where they enter, with errors that name the argument, the value and what
was expected.

Each check returns the value (as an ``int`` or ``float``) when it is good and raises otherwise: a
`TypeError` when the value is not a number at all (a string, a list, ``None``, a bool), a
`ValueError` when it is a number out of range (NaN and infinity are out of every range).
"""

import math
import numbers

__all__ = ["fraction", "integer", "nonnegative", "positive", "real"]


def _number(name, value, expected):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {expected}, got {value!r}")
    return value


def integer(name, value, minimum=1):
    """``value`` as an int, if it is a whole number (not a bool) >= ``minimum``; else an error
    that says so."""
    expected = f"an integer >= {minimum}"
    _number(name, value, expected)
    if not math.isfinite(value) or int(value) != value or value < minimum:
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return int(value)


def real(name, value):
    """``value`` as a float, if it is a finite number; else an error that says so."""
    _number(name, value, "a finite number")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def positive(name, value):
    """``value``, if it is a finite number > 0; else an error that says so."""
    _number(name, value, "a finite number > 0")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def nonnegative(name, value):
    """``value``, if it is a finite number >= 0; else an error that says so."""
    _number(name, value, "a finite number >= 0")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


def fraction(name, value):
    """``value`` as a float, if it is a number strictly between 0 and 1; else an error that says
    so."""
    _number(name, value, "a number between 0 and 1")
    if not 0 < value < 1:
        raise ValueError(f"{name} must be a number between 0 and 1 (exclusive), got {value!r}")
    return float(value)
