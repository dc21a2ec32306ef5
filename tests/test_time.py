"""``check_age``: an event's own time bounds how long a never-expiring signature can be
replayed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from authhooks import TimestampError, VerificationError
from authhooks._time import check_age

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def clock() -> float:
    return NOW.timestamp()


def check(when: datetime | None, *, max_age: float = 3600, tolerance: float = 300) -> None:
    check_age(when, clock=clock, max_age=max_age, tolerance=tolerance, field="timestamp")


@pytest.mark.parametrize(
    "when",
    [
        NOW,
        NOW - timedelta(seconds=3600),  # exactly max_age old
        NOW + timedelta(seconds=300),  # exactly tolerance ahead
        (NOW - timedelta(minutes=30)).astimezone(timezone(timedelta(hours=10))),  # +10:00
    ],
)
def test_inside_the_window(when: datetime) -> None:
    check(when)


@pytest.mark.parametrize(
    ("when", "sign"),
    [
        (NOW - timedelta(seconds=3601), 1),
        (NOW - timedelta(days=800), 1),
        (NOW + timedelta(seconds=301), -1),
        (NOW + timedelta(days=3), -1),
        # the same instant written with a far offset is still in the future
        ((NOW + timedelta(hours=1)).astimezone(timezone(timedelta(hours=-12))), -1),
    ],
)
def test_outside_the_window(when: datetime, sign: int) -> None:
    with pytest.raises(TimestampError) as info:
        check(when)
    assert info.value.skew * sign > 0
    assert "timestamp" in str(info.value)


def test_a_missing_time_is_refused() -> None:
    with pytest.raises(VerificationError) as info:
        check(None)
    assert not isinstance(info.value, TimestampError)
    assert info.value.reason == "missing_timestamp"
    assert info.value.field == "timestamp"


def test_clock_may_return_a_datetime() -> None:
    with pytest.raises(TimestampError):
        check_age(NOW - timedelta(seconds=10), clock=lambda: NOW, max_age=5, tolerance=0, field="t")
    check_age(NOW - timedelta(seconds=4), clock=lambda: NOW, max_age=5, tolerance=0, field="t")
