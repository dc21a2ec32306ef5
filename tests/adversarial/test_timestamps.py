"""Poison timestamps: every authenticated body ends as an event or a PayloadError.

A correctly signed payload whose timestamp sits at the ends of the datetime range (year 1
with a positive offset, year 9999 with a negative one) used to raise ``OverflowError`` in
the conversion to UTC: a 500, so the provider retried it for ever. A large number used to
be read as milliseconds. Each provider is tested on a timestamp field of its own payload.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from authhooks import PayloadError, WebhookError

from ._cases import PROVIDER_NAMES, Case, get_case
from .test_properties import SETTINGS

UTC = timezone.utc

#: Per provider: the path of a timestamp field in its payload, the field as the PayloadError
#: names it, and how to read the typed value back from the event.
FIELDS: dict[str, tuple[tuple[str, ...], str, Callable[[Any], datetime | None]]] = {
    "userfront": (("record", "createdAt"), "createdAt", lambda e: e.record.created_at),
    "authcore": (("created_at",), "created_at", lambda e: e.created_at),
    "theauthapi": (("data", "createdAt"), "createdAt", lambda e: e.data.created_at),
    "frontegg": (("user", "createdAt"), "createdAt", lambda e: e.user.created_at),
    "akamai": (("toe",), "toe", lambda e: e.toe),
    "workos": (("created_at",), "created_at", lambda e: e.created_at),
    "logto": (("user", "createdAt"), "createdAt", lambda e: e.user.created_at),
    "clerk": (("data", "created_at"), "created_at", lambda e: e.data.created_at),
    "stytch": (("timestamp",), "timestamp", lambda e: e.timestamp),
    # Kinde's signer dates ``timestamp`` (its replay bound); ``event_timestamp`` is free.
    "kinde": (("event_timestamp",), "event_timestamp", lambda e: e.event_timestamp),
    "supabase": (("metadata", "time"), "metadata.time", lambda e: e.metadata.time),
}

#: Per provider whose times are milliseconds since the epoch (FusionAuth's instants): the
#: same, for the tests in milliseconds at the end of this module.
MILLIS_FIELDS: dict[str, tuple[tuple[str, ...], str, Callable[[Any], datetime | None]]] = {
    "fusionauth": (("event", "createInstant"), "createInstant", lambda e: e.create_instant),
}

#: Providers whose numeric times are epoch milliseconds (Logto's entities): the numbers below,
#: written in seconds, are sent to them multiplied by 1000, so each keeps its meaning (in
#: range, out of range, huge). Every other provider reads numbers as seconds only.
MILLISECONDS = {"logto"}


def _in_unit(case: Case, value: Any) -> Any:
    if case.name in MILLISECONDS and isinstance(value, int) and not isinstance(value, bool):
        return value * 1000
    return value


#: Providers whose times follow a rule of their own, tested in their folder: Clerk sends
#: integers of Unix milliseconds (seconds in its specification's envelope examples) and never
#: text. Their poison text still ends as a 400 through an adapter (below).
OWN_RULES = {"clerk": "tests/providers/clerk/test_times.py"}

#: Providers of batches, where one event's unreadable time is ``None`` (the text stays in its
#: ``raw``) rather than refusing every event of the delivery: tested in their folders.
LENIENT_TIMES = {
    "okta": "tests/providers/okta/test_receiver.py",
    "auth0": "tests/providers/auth0/test_receiver.py",
}


def _with_time(case: Case, value: Any) -> Any:
    path, _, _ = FIELDS[case.name] if case.name in FIELDS else MILLIS_FIELDS[case.name]
    payload = copy.deepcopy(case.payload)
    target = payload
    for name in path[:-1]:
        target = target[name]
    target[path[-1]] = _in_unit(case, value)
    return case.provider.sign(payload)


@pytest.fixture(params=PROVIDER_NAMES)
def timed_case(request: pytest.FixtureRequest) -> Case:
    name: str = request.param
    if name in MILLIS_FIELDS:
        pytest.skip("times in milliseconds: see the tests in milliseconds")
    if name in LENIENT_TIMES:
        pytest.skip(f"{name}'s unreadable times are None: {LENIENT_TIMES[name]}")
    if name not in FIELDS:
        pytest.fail(f"name a timestamp field of {name!r} in FIELDS (or MILLIS_FIELDS)")
    if name in OWN_RULES:
        pytest.skip(f"{name}'s times follow their own rule: {OWN_RULES[name]}")
    case = get_case(name)
    assert case is not None
    return case


POISON = [
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:30:00+14:00",
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:59:59.999999-00:01",
    1_700_000_000_000,  # milliseconds: never guessed
    1.7e12,
    -62_135_596_801,
    253_402_300_800,
    10**25,
    "1700000000000",
    "+1700000000",
]


@pytest.mark.parametrize("value", POISON, ids=repr)
def test_poison_timestamps_are_payload_errors(timed_case: Case, value: Any) -> None:
    request = _with_time(timed_case, value)
    with pytest.raises(PayloadError) as info:
        timed_case.receiver.verify(request.body, request.headers)
    _, field, _ = FIELDS[timed_case.name]
    assert info.value.field is not None
    assert info.value.field.endswith(field), info.value.field
    assert info.value.raw is not None  # nothing is lost


EDGES = [
    ("0001-01-01T00:00:00-01:00", datetime(1, 1, 1, 1, tzinfo=UTC)),
    ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
    ("9999-12-31T23:59:59+01:00", datetime(9999, 12, 31, 22, 59, 59, tzinfo=UTC)),
    (-62_135_596_800, datetime(1, 1, 1, tzinfo=UTC)),
    (253_402_300_799, datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    (20_000_000_001, datetime(2603, 10, 11, 11, 33, 21, tzinfo=UTC)),
]


@pytest.mark.parametrize(("value", "expected"), EDGES, ids=repr)
def test_the_ends_of_the_range_are_events(timed_case: Case, value: Any, expected: datetime) -> None:
    request = _with_time(timed_case, value)
    event = timed_case.receiver.verify(request.body, request.headers)
    _, _, read = FIELDS[timed_case.name]
    assert read(event) == expected


times = (
    st.integers(min_value=-(10**22), max_value=10**22)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.datetimes(timezones=st.timezones() | st.none()).map(datetime.isoformat)
    | st.text(max_size=30)
)


@SETTINGS
@given(value=times)
def test_any_signed_timestamp_is_an_event_or_a_payload_error(timed_case: Case, value: Any) -> None:
    request = _with_time(timed_case, value)
    try:
        event = timed_case.receiver.verify(request.body, request.headers)
    except PayloadError:
        return
    _, _, read = FIELDS[timed_case.name]
    result = read(event)
    assert result is not None
    assert result.utcoffset() is not None
    if isinstance(value, (int, float)):  # seconds (or milliseconds), whatever the size
        assert not (timed_case.name in MILLISECONDS and isinstance(value, float))
        seconds = (result - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()
        assert abs(seconds - value) <= 1e-6 * max(1.0, abs(value))


def test_a_poison_timestamp_through_an_adapter_is_a_400() -> None:
    pytest.importorskip("starlette")
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from authhooks.starlette import webhook_endpoint

    handled: list[Any] = []
    routes = []
    for name in PROVIDER_NAMES:
        case = get_case(name)
        assert case is not None
        routes.append(Route(f"/{name}", webhook_endpoint(case.receiver, handled.append)))
    client = TestClient(Starlette(routes=routes), raise_server_exceptions=False)
    for name in sorted(set(PROVIDER_NAMES) - set(LENIENT_TIMES)):
        case = get_case(name)
        assert case is not None
        for value in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
            request = _with_time(case, value)
            reply = client.post(f"/{name}", content=request.body, headers=request.headers)
            assert reply.status_code == 400, (name, reply.text)
            assert json.loads(reply.content) == {"error": "invalid_payload"}
    assert handled == []


# -- times in milliseconds -------------------------------------------------------------------


@pytest.fixture(params=sorted(set(MILLIS_FIELDS) & set(PROVIDER_NAMES)))
def millis_case(request: pytest.FixtureRequest) -> Case:
    case = get_case(request.param)
    assert case is not None
    return case


POISON_MILLIS = [
    "2023-11-14T22:13:20Z",  # text, whatever it says
    "1700000000000",
    True,
    -62_135_596_800_001,  # just before 0001-01-01
    253_402_300_800_000,  # 10000-01-01
    10**25,
    -(10**25),
]


@pytest.mark.parametrize("value", POISON_MILLIS, ids=repr)
def test_poison_instants_are_payload_errors(millis_case: Case, value: Any) -> None:
    request = _with_time(millis_case, value)
    with pytest.raises(PayloadError) as info:
        millis_case.receiver.verify(request.body, request.headers)
    _, field, _ = MILLIS_FIELDS[millis_case.name]
    assert info.value.field is not None
    assert info.value.field.endswith(field), info.value.field
    assert info.value.raw is not None


EDGES_MILLIS = [
    (-62_135_596_800_000, datetime(1, 1, 1, tzinfo=UTC)),
    (253_402_300_799_999, datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)),
    (1_700_000_000_000, datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
    (1_700_000_000, datetime(1970, 1, 20, 16, 13, 20, tzinfo=UTC)),  # never read as seconds
]


@pytest.mark.parametrize(("value", "expected"), EDGES_MILLIS, ids=repr)
def test_the_ends_of_the_range_in_milliseconds(
    millis_case: Case, value: Any, expected: datetime
) -> None:
    request = _with_time(millis_case, value)
    event = millis_case.receiver.verify(request.body, request.headers)
    _, _, read = MILLIS_FIELDS[millis_case.name]
    assert read(event) == expected


@SETTINGS
@given(value=times)
def test_any_signed_instant_is_an_event_or_a_payload_error(millis_case: Case, value: Any) -> None:
    request = _with_time(millis_case, value)
    try:
        event = millis_case.receiver.verify(request.body, request.headers)
    except PayloadError:
        return
    _, _, read = MILLIS_FIELDS[millis_case.name]
    result = read(event)
    assert result is not None
    assert result.utcoffset() is not None
    assert isinstance(value, (int, float))  # text is never an instant
    millis = (result - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() * 1000
    assert abs(millis - value) <= 1e-3 * max(1.0, abs(value))


def test_nothing_but_webhook_errors() -> None:
    # The classes the tests above expect are the library's own.
    assert issubclass(PayloadError, WebhookError)
