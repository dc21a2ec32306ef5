"""One time model for every scheme: tolerances, an injectable clock, strict Unix timestamps."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TypeAlias

from authhooks.errors import ConfigurationError, TimestampError, VerificationError

__all__ = ["Clock", "Seconds", "check_age", "now", "parse_unix", "seconds"]

#: A zero-argument callable giving the current time: Unix seconds (like `time.time`) or
#: a ``datetime`` (aware, or naive taken as UTC). Every scheme and provider takes one as
#: ``clock=``, so tests can freeze time.
Clock: TypeAlias = "Callable[[], float | datetime]"

#: A duration: seconds as a number, or a ``timedelta``.
Seconds: TypeAlias = "float | timedelta"

#: The most digits a Unix timestamp in a header may have (milliseconds until the year 33658;
#: schemes bound seconds further).
MAX_TIMESTAMP_DIGITS = 15


def seconds(value: Seconds, name: str) -> float:
    """``value`` as a finite, non-negative number of seconds; ``ConfigurationError`` if not."""
    if isinstance(value, timedelta):
        result = value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            result = float(value)
        except OverflowError:  # an int beyond any float
            result = math.inf
    else:
        raise ConfigurationError(f"{name} must be a number of seconds or a timedelta")
    if not math.isfinite(result) or result < 0:
        raise ConfigurationError(f"{name} must be a finite, non-negative duration")
    return result


def check_clock(clock: Clock | None) -> Clock | None:
    """``clock`` itself, after checking it is callable (``None``: the real time)."""
    if clock is not None and not callable(clock):
        raise ConfigurationError("clock must be a zero-argument callable")
    return clock


def now(clock: Clock | None) -> float:
    """The current Unix time in seconds, read from ``clock`` (``None``: `time.time`)."""
    if clock is None:
        return time.time()
    value = clock()
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            result = float(value)
        except OverflowError:  # an int beyond any float
            result = math.inf
        if math.isfinite(result):
            return result
    raise ConfigurationError("clock must return a datetime or finite Unix seconds")


def parse_unix(text: str) -> int | None:
    """The integer a timestamp field holds, or ``None`` when it is not one.

    The grammar is strict: 1 to ``MAX_TIMESTAMP_DIGITS`` ASCII digits, nothing else (no
    sign, space, underscore or other digit scripts, all of which `int()` would accept).
    """
    if 0 < len(text) <= MAX_TIMESTAMP_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


def check_age(
    occurred_at: datetime | None,
    *,
    clock: Clock | None,
    max_age: float,
    tolerance: float,
    field: str,
) -> None:
    """Refuse an event whose own time (a payload field, authentic but unsigned by any
    time claim) is more than ``max_age`` seconds old or ``tolerance`` seconds ahead.

    For senders whose signatures never expire: the event's time bounds how long a captured
    request can be replayed.

    Raises:
        VerificationError: the payload has no time (reason ``missing_timestamp``).
        TimestampError: the time is out of bounds.
    """
    if occurred_at is None:
        raise VerificationError(
            f"the payload has no {field!r}, so its age cannot be checked",
            field=field,
            reason="missing_timestamp",
        )
    age = now(clock) - occurred_at.timestamp()
    if age > max_age:
        raise TimestampError(
            f"the event's {field!r} is {age:.0f} s old, more than max_age ({max_age:g} s)",
            skew=age,
        )
    if -age > tolerance:
        raise TimestampError(
            f"the event's {field!r} is {-age:.0f} s ahead of this clock "
            f"(tolerance {tolerance:g} s)",
            skew=age,
        )
