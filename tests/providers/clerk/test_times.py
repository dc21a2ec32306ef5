"""Clerk's times: integers of Unix milliseconds, always (every object, the envelope's
``timestamp``): a number is never read as seconds, whatever its size; every signed value
ends as an event or a ``PayloadError``, never another exception."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from authhooks import Clerk, PayloadError
from authhooks.samples import load_sample

UTC = timezone.utc
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: Where Clerk sends times: the envelope, an object, a nested object, an item of a list.
PLACES: dict[str, tuple[str, tuple[str | int, ...], str]] = {
    "envelope": ("user.deleted", ("timestamp",), "timestamp"),
    "object": ("user.created", ("data", "created_at"), "data.created_at"),
    "nested": ("session.created", ("data", "user", "last_sign_in_at"), "data.user.last_sign_in_at"),
    "list item": (
        "role.created",
        ("data", "permissions", 0, "updated_at"),
        "data.permissions.0.updated_at",
    ),
}


def _document(place: str, value: Any) -> tuple[dict[str, Any], str]:
    event, path, field = PLACES[place]
    document = copy.deepcopy(load_sample("clerk", event))
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document, field


def _read(event: Any, place: str) -> Any:
    _, path, _ = PLACES[place]
    value: Any = event
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value


def _verify(document: dict[str, Any]) -> Any:
    receiver = Clerk(SECRET)
    request = receiver.scheme.sign(json.dumps(document).encode())
    return receiver.verify(request.body, request.headers)


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_716_883_200_000, datetime(2024, 5, 28, 8, tzinfo=UTC)),
        (1_716_883_200_123, datetime(2024, 5, 28, 8, 0, 0, 123000, tzinfo=UTC)),
        # What looks like seconds (the specification's envelope examples) is milliseconds.
        (1_716_883_200, datetime(1970, 1, 20, 20, 54, 43, 200000, tzinfo=UTC)),
        (10**11, datetime(1973, 3, 3, 9, 46, 40, tzinfo=UTC)),
        (10**11 - 1, datetime(1973, 3, 3, 9, 46, 39, 999000, tzinfo=UTC)),
        (253_402_300_799, datetime(1978, 1, 11, 21, 31, 40, 799000, tzinfo=UTC)),
        (0, EPOCH),
        (-1, datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)),
        (-62_135_596_800_000, datetime(1, 1, 1, tzinfo=UTC)),
        (253_402_300_799_999, datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)),
    ],
)
def test_integers_are_milliseconds(place: str, value: int, expected: datetime) -> None:
    document, _ = _document(place, value)
    result = _read(_verify(document), place)
    assert result == expected
    assert result.utcoffset() is not None


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize(
    "value",
    [
        -62_135_596_800_001,  # before year 1
        253_402_300_800_000,  # after year 9999
        10**25,
        -(10**25),
        1.7e12,
        1_716_883_200.5,
        "2024-05-28T08:00:00Z",  # Clerk writes no text: refused, whatever it says
        "1716883200000",
        True,
        [],
        {},
    ],
    ids=repr,
)
def test_anything_else_is_a_payload_error_naming_the_field(place: str, value: Any) -> None:
    document, field = _document(place, value)
    with pytest.raises(PayloadError) as info:
        _verify(document)
    assert info.value.field == field
    assert info.value.raw == document


def test_every_sample_is_dated_in_milliseconds() -> None:
    """The samples write the envelope's ``timestamp`` in milliseconds, as Clerk's docs and
    the objects of the same examples do (the specification's examples write it in seconds)."""
    from authhooks.samples import sample_events

    for name in sample_events("clerk"):
        event = _verify(load_sample("clerk", name))
        assert (
            datetime(2022, 1, 1, tzinfo=UTC) < event.occurred_at < datetime(2025, 1, 1, tzinfo=UTC)
        )
        created = getattr(event.data, "created_at", None)
        assert created is None or created.year >= 2022, name


def test_null_is_no_time() -> None:
    document, _ = _document("object", None)
    assert _verify(document).data.created_at is None


times = (
    st.integers(min_value=-(10**22), max_value=10**22)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.datetimes(timezones=st.timezones() | st.none()).map(datetime.isoformat)
    | st.text(max_size=30)
    | st.booleans()
    | st.none()
)


@settings(max_examples=300, deadline=None)
@given(place=st.sampled_from(sorted(PLACES)), value=times)
def test_any_signed_time_is_an_event_or_a_payload_error(place: str, value: Any) -> None:
    document, _ = _document(place, value)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    millis = value if is_int else None
    in_range = millis is not None and -62_135_596_800_000 <= millis <= 253_402_300_799_999
    try:
        event = _verify(document)
    except PayloadError:
        assert not in_range
        return
    result = _read(event, place)
    if value is None:
        assert result is None
        return
    assert in_range
    assert result.utcoffset() is not None
    assert (result - EPOCH).total_seconds() * 1000 == pytest.approx(millis)


@pytest.mark.extras
def test_an_integer_out_of_range_through_an_adapter_is_a_400() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from authhooks.starlette import webhook_endpoint

    handled: list[Any] = []
    receiver = Clerk(SECRET)
    app = Starlette(routes=[Route("/clerk", webhook_endpoint(receiver, handled.append))])
    client = TestClient(app, raise_server_exceptions=False)
    for value in (10**25, -(10**25), 253_402_300_800_000, 1.7e12):
        document, _ = _document("nested", value)
        request = receiver.scheme.sign(json.dumps(document).encode())
        reply = client.post("/clerk", content=request.body, headers=request.headers)
        assert reply.status_code == 400, reply.text
        assert json.loads(reply.content) == {"error": "invalid_payload"}
    assert handled == []
