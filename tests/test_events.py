"""The shared field types of the event models: :data:`authhooks.events.Timestamp` (seconds),
:data:`~authhooks.events.MillisecondTimestamp` and :data:`~authhooks.events.UnixMilliseconds`
(milliseconds)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st
from pydantic import TypeAdapter, ValidationError

from authhooks.events import (
    MAX_UNIX_SECONDS,
    MIN_UNIX_SECONDS,
    MillisecondTimestamp,
    Timestamp,
    UnixMilliseconds,
)

ADAPTER: TypeAdapter[datetime] = TypeAdapter(Timestamp)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
UTC = timezone.utc


def parse(value: Any) -> datetime:
    """Validate ``value`` both ways the receivers do: from JSON bytes and from Python data."""
    from_json = ADAPTER.validate_json(json.dumps(value))
    from_python = ADAPTER.validate_python(value)
    assert from_json == from_python
    return from_python


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, EPOCH),
        (1_700_000_000, datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        (1_700_000_000.5, datetime(2023, 11, 14, 22, 13, 20, 500_000, tzinfo=UTC)),
        (-1, datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)),
        # Seconds stay seconds past 2e10, where pydantic alone switches to milliseconds.
        (20_000_000_001, datetime(2603, 10, 11, 11, 33, 21, tzinfo=UTC)),
        (-20_000_000_001, EPOCH - timedelta(seconds=20_000_000_001)),
        (MIN_UNIX_SECONDS, datetime(1, 1, 1, tzinfo=UTC)),
        (MAX_UNIX_SECONDS, datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        (MAX_UNIX_SECONDS + 0.5, datetime(9999, 12, 31, 23, 59, 59, 500_000, tzinfo=UTC)),
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        ("-1.25", datetime(1969, 12, 31, 23, 59, 58, 750_000, tzinfo=UTC)),
        ("2026-01-02T03:04:05Z", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2026-01-02T03:04:05", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),  # naive: UTC
        ("2026-01-02T05:04:05+02:00", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2026-01-02", datetime(2026, 1, 2, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
        ("0001-01-01T00:00:00-01:00", datetime(1, 1, 1, 1, tzinfo=UTC)),
        ("9999-12-31T23:59:59+01:00", datetime(9999, 12, 31, 22, 59, 59, tzinfo=UTC)),
        ("9999-12-31T23:59:59.999999Z", datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)),
    ],
)
def test_accepted_times_are_aware_utc(value: Any, expected: datetime) -> None:
    result = parse(value)
    assert result == expected
    assert result.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value",
    [
        # The ends of the range, pushed past them by the offset.
        "0001-01-01T00:00:00+01:00",
        "0001-01-01T00:59:59+01:00",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-01:00",
        "9999-12-31T23:00:00-01:00",
        "9999-12-31T23:59:59.999999-00:01",
        # Numbers out of range: milliseconds are never guessed.
        1_700_000_000_000,
        1.7e12,
        MIN_UNIX_SECONDS - 1,
        MAX_UNIX_SECONDS + 1,
        10**30,
        -(10**30),
        1e308,
        # Text that is neither ISO 8601 nor plain decimal seconds.
        "1700000000000",  # milliseconds as text
        "+1700000000",
        "1_700_000_000",
        " 1700000000",
        "1e9",
        "\u0661\u0667\u0660\u0660",
        "yesterday",
        "",
        # Not a time at all.
        True,
        False,
        [],
        {},
    ],
)
def test_refused_times(value: Any) -> None:
    with pytest.raises(ValidationError):
        ADAPTER.validate_json(json.dumps(value))
    with pytest.raises(ValidationError):
        ADAPTER.validate_python(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(value: float) -> None:
    with pytest.raises(ValidationError):
        ADAPTER.validate_python(value)


@settings(max_examples=300, deadline=None)
@given(
    value=st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
)
def test_a_number_is_seconds_or_refused(value: float) -> None:
    try:
        result = ADAPTER.validate_python(value)
    except ValidationError:
        assert not MIN_UNIX_SECONDS <= value < MAX_UNIX_SECONDS + 1
        return
    assert MIN_UNIX_SECONDS <= value < MAX_UNIX_SECONDS + 1
    assert abs((result - EPOCH).total_seconds() - value) <= 1e-6 * max(1.0, abs(value))


@settings(max_examples=300, deadline=None)
@given(value=st.datetimes(timezones=st.timezones() | st.none()).map(datetime.isoformat))
def test_any_iso_time_parses_or_fails_validation_only(value: str) -> None:
    # Conversion to UTC can leave datetime's range: a validation error, never OverflowError.
    try:
        result = ADAPTER.validate_python(value)
    except ValidationError:
        return
    assert result.utcoffset() == timedelta(0)


# -- milliseconds --------------------------------------------------------------------------------

MS: TypeAdapter[datetime] = TypeAdapter(MillisecondTimestamp)
MS_ONLY: TypeAdapter[datetime] = TypeAdapter(UnixMilliseconds)
MIN_MS = MIN_UNIX_SECONDS * 1000
MAX_MS = MAX_UNIX_SECONDS * 1000 + 999
JAN_1 = datetime(2026, 1, 1, tzinfo=UTC)

#: Integers of Unix milliseconds, as JSON, and the time each is.
MILLISECONDS = [
    (b"1767225600000", JAN_1),
    (b"1767225600123", datetime(2026, 1, 1, 0, 0, 0, 123000, tzinfo=UTC)),
    (b"0", EPOCH),
    (b"-1000", datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)),
    (b"-1", datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)),
    # Numbers are milliseconds whatever their size: what looks like seconds is early 1970.
    (b"1767225600", datetime(1970, 1, 21, 10, 53, 45, 600000, tzinfo=UTC)),
    (b"100000000000", datetime(1973, 3, 3, 9, 46, 40, tzinfo=UTC)),
    (b"253402300799999", datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)),
    (b"-62135596800000", datetime(1, 1, 1, tzinfo=UTC)),
]

#: ISO 8601 text, as JSON: a time for ``MillisecondTimestamp``, refused by ``UnixMilliseconds``.
ISO_TEXT = [
    (b'"2026-01-01T00:00:00.000Z"', JAN_1),
    (b'"2026-01-01T01:00:00+01:00"', JAN_1),
    (b'"2026-01-01T00:00:00"', JAN_1),
    (b'"0001-01-01T00:00:00-01:00"', datetime(1, 1, 1, 1, tzinfo=UTC)),
]

#: Refused by both.
NOT_MILLISECONDS = [
    b"1767225600000.5",
    b"1767225600000.0",
    b"1.7672256e12",
    b"true",
    b"false",
    b'"1767225600000"',
    b'"+1767225600000"',
    b'"1767225600"',
    b'"yesterday"',
    b'"01/01/2026"',
    b"253402300800000",
    b"-62135596800001",
    b"99999999999999999999999999",
    b"-99999999999999999999999999",
    b"null",
    b"[]",
    b"{}",
    b'"0001-01-01T00:00:00+01:00"',
    b'"9999-12-31T23:59:59-01:00"',
]


@pytest.mark.parametrize(("wire", "expected"), MILLISECONDS + ISO_TEXT)
def test_milliseconds_and_iso_text_are_read_as_utc(wire: bytes, expected: datetime) -> None:
    value = MS.validate_json(wire)
    assert value == expected
    assert value.utcoffset() == timedelta(0)
    assert MS.validate_python(json.loads(wire)) == expected


@pytest.mark.parametrize(("wire", "expected"), MILLISECONDS)
def test_unix_milliseconds_are_read_as_utc(wire: bytes, expected: datetime) -> None:
    value = MS_ONLY.validate_json(wire)
    assert value == expected
    assert value.utcoffset() == timedelta(0)
    assert MS_ONLY.validate_python(json.loads(wire)) == expected


@pytest.mark.parametrize("wire", NOT_MILLISECONDS)
def test_anything_else_is_refused(wire: bytes) -> None:
    with pytest.raises(ValidationError, match="ISO 8601 date-time or Unix milliseconds"):
        MS.validate_json(wire)
    with pytest.raises(ValidationError, match="Unix milliseconds"):
        MS_ONLY.validate_json(wire)


@pytest.mark.parametrize(("wire", "expected"), ISO_TEXT)
def test_unix_milliseconds_refuse_text_whatever_it_says(wire: bytes, expected: datetime) -> None:
    with pytest.raises(ValidationError, match="never seconds"):
        MS_ONLY.validate_json(wire)


@pytest.mark.parametrize("adapter", [MS, MS_ONLY], ids=["MillisecondTimestamp", "UnixMilliseconds"])
def test_a_datetime_given_in_python_is_kept_in_utc(adapter: TypeAdapter[datetime]) -> None:
    assert adapter.validate_python(datetime(2026, 1, 1)) == JAN_1  # naive: taken as UTC
    paris = timezone(timedelta(hours=1))
    result = adapter.validate_python(datetime(2026, 1, 1, 1, tzinfo=paris))
    assert (result, result.utcoffset()) == (JAN_1, timedelta(0))
    with pytest.raises(ValidationError):
        adapter.validate_python(1.5)
    with pytest.raises(ValidationError):
        adapter.validate_python(True)


def test_the_json_schemas() -> None:
    assert MS.json_schema() == {"format": "date-time", "type": "string"}
    assert MS_ONLY.json_schema() == {
        "type": "integer",
        "description": "milliseconds since the Unix epoch",
    }


@settings(max_examples=300, deadline=None)
@given(
    value=st.integers(min_value=-(10**22), max_value=10**22)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
)
def test_a_number_is_milliseconds_or_refused(value: Any) -> None:
    """An integer is read as milliseconds, never seconds; any other number is refused."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    for adapter in (MS, MS_ONLY):
        try:
            result = adapter.validate_json(json.dumps(value))
        except ValidationError:
            assert not (is_int and MIN_MS <= value <= MAX_MS)
            continue
        assert is_int
        assert MIN_MS <= value <= MAX_MS
        assert result - EPOCH == timedelta(milliseconds=value)


@settings(max_examples=300, deadline=None)
@given(value=st.datetimes(timezones=st.timezones() | st.none()).map(datetime.isoformat))
def test_any_iso_time_in_milliseconds_parses_or_fails_validation_only(value: str) -> None:
    try:
        result = MS.validate_python(value)
    except ValidationError:
        return
    assert result.utcoffset() == timedelta(0)
    with pytest.raises(ValidationError):
        MS_ONLY.validate_python(value)
