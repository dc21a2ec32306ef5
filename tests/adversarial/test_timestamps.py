"""Poison timestamps: every authenticated body ends as an event or a PayloadError.

A correctly signed payload whose timestamp sits at the ends of the datetime range (year 1
with a positive offset, year 9999 with a negative one) used to raise ``OverflowError`` in
the conversion to UTC: a 500, so the provider retried it for ever. A large number used to
be read as milliseconds. Each registered provider is tested on a field of its own sample
that its event types as a timestamp (found, not listed: a new provider needs no change here).
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from authhooks import PayloadError, WebhookError

from ._cases import PROVIDER_NAMES, Case, get_case
from .test_properties import SETTINGS

UTC = timezone.utc

#: A value every typed timestamp field refuses (it overflows in the conversion to UTC).
PROBE = "9999-12-31T23:59:59-01:00"
Path = tuple[str | int, ...]


def _leaves(document: Any, path: Path = ()) -> Iterator[Path]:
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _leaves(value, (*path, index))
    else:
        yield path


def _lookup(document: Any, path: Path) -> Any:
    for part in path:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def _with_time(case: Case, path: Path, value: Any) -> Any:
    payload = copy.deepcopy(case.payload)
    target = payload
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return case.sign(payload)


def _read(event: Any, path: Path) -> Any:
    """The typed value at ``path`` (wire names) of ``event``."""
    return _lookup(event.model_dump(by_alias=True), path)


@functools.cache
def timestamp_path(name: str) -> Path | None:
    """A field of the provider's sample that its event types as a timestamp, and whose poison
    values are the body's fault (a token's own time claims are checked before parsing): the
    shortest such path."""
    case = get_case(name)
    assert case is not None
    event = case.receiver.verify(case.valid.body, case.valid.headers)
    typed = [p for p in _leaves(case.payload) if isinstance(_read(event, p), datetime)]
    for path in sorted(typed, key=len):
        request = _with_time(case, path, PROBE)
        try:
            case.receiver.verify(request.body, request.headers)
        except PayloadError as exc:
            if exc.field is not None and exc.field.endswith(str(path[-1])):
                return path
        except WebhookError:
            continue
    return None


TIMED = [name for name in PROVIDER_NAMES if timestamp_path(name) is not None]


@pytest.fixture(params=TIMED)
def timed_case(request: pytest.FixtureRequest) -> tuple[Case, Path]:
    """Each provider whose sample holds a typed timestamp, with the path of one."""
    case, path = get_case(request.param), timestamp_path(request.param)
    assert case is not None
    assert path is not None
    return case, path


def test_the_registered_providers_have_timestamps_to_attack() -> None:
    # Discovery finds a field in each of these; a provider with none is not attacked here.
    assert {"akamai", "authcore", "frontegg", "theauthapi", "userfront"} <= set(TIMED)


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
def test_poison_timestamps_are_payload_errors(timed_case: tuple[Case, Path], value: Any) -> None:
    case, path = timed_case
    request = _with_time(case, path, value)
    with pytest.raises(PayloadError) as info:
        case.receiver.verify(request.body, request.headers)
    assert info.value.field is not None
    assert info.value.field.endswith(str(path[-1])), info.value.field
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
def test_the_ends_of_the_range_are_events(
    timed_case: tuple[Case, Path], value: Any, expected: datetime
) -> None:
    case, path = timed_case
    request = _with_time(case, path, value)
    event = case.receiver.verify(request.body, request.headers)
    assert _read(event, path) == expected


times = (
    st.integers(min_value=-(10**22), max_value=10**22)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.datetimes(timezones=st.timezones() | st.none()).map(datetime.isoformat)
    | st.text(max_size=30)
)


@SETTINGS
@given(value=times)
def test_any_signed_timestamp_is_an_event_or_a_payload_error(
    timed_case: tuple[Case, Path], value: Any
) -> None:
    case, path = timed_case
    request = _with_time(case, path, value)
    try:
        event = case.receiver.verify(request.body, request.headers)
    except PayloadError:
        return
    result = _read(event, path)
    assert result is not None
    assert result.utcoffset() is not None
    if isinstance(value, (int, float)):  # seconds, whatever the size
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
    for name in TIMED:
        case = get_case(name)
        assert case is not None
        routes.append(Route(f"/{name}", webhook_endpoint(case.receiver, handled.append)))
    client = TestClient(Starlette(routes=routes), raise_server_exceptions=False)
    for name in TIMED:
        case, path = get_case(name), timestamp_path(name)
        assert case is not None
        assert path is not None
        for value in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
            request = _with_time(case, path, value)
            reply = client.post(f"/{name}", content=request.body, headers=request.headers)
            assert reply.status_code == 400, (name, reply.text)
            assert json.loads(reply.content) == {"error": "invalid_payload"}
    assert handled == []


def test_nothing_but_webhook_errors() -> None:
    # The classes the tests above expect are the library's own.
    assert issubclass(PayloadError, WebhookError)
