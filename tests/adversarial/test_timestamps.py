"""Poison timestamps: every authenticated body ends as an event or a PayloadError.

A correctly signed payload whose timestamp sits at the ends of the datetime range (year 1
with a positive offset, year 9999 with a negative one) used to raise ``OverflowError`` in
the conversion to UTC: a 500, so the provider retried it for ever. A large number used to
be read as milliseconds. Each registered provider is tested on a field of its own sample
that its event types as a timestamp, and on what that field reads (seconds, milliseconds or
either; text or not), all found by probing the provider, not listed: a new provider needs no
change here.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, strategies as st

from authhooks import PayloadError, WebhookError

from ._cases import PROVIDER_NAMES, Case, get_case
from .test_properties import SETTINGS

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: A value every typed timestamp field refuses (text that overflows in the conversion to UTC,
#: or text where only numbers are read).
PROBE = "9999-12-31T23:59:59-01:00"
#: 2023-11-14T22:13:20Z in seconds, in milliseconds and as text: what a field reads.
WHEN = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
SECONDS, MILLISECONDS, TEXT = 1_700_000_000, 1_700_000_000_000, "2023-11-14T22:13:20Z"
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


def _dump(result: Any) -> Any:
    """What ``verify`` returned, as wire-named data: an event, or a delivery's events."""
    if hasattr(result, "model_dump"):
        return result.model_dump(by_alias=True)
    return [_dump(event) for event in getattr(result, "events", ())]


def _model_path(result: Any, path: Path) -> Path | None:
    """Where the field at wire ``path`` sits in the typed result: the same path, or a tail
    of it when the event is an envelope's inner object (FusionAuth's ``event``)."""
    dumped = _dump(result)
    for start in range(len(path)):
        if isinstance(_lookup(dumped, path[start:]), datetime):
            return path[start:]
    return None


@dataclass(frozen=True)
class Field:
    """A typed timestamp of a provider's sample, and what it reads.

    Attributes:
        path: where it is in the payload sent.
        model_path: where it is in the typed result (``model_dump(by_alias=True)``).
        units: ``"s"`` if a number is read as seconds, ``"ms"`` if as milliseconds (both when
            the field tells them apart by size).
        text: whether ISO 8601 text is read.
    """

    path: Path
    model_path: Path
    units: frozenset[str]
    text: bool

    def read(self, result: Any) -> Any:
        return _lookup(_dump(result), self.model_path)


def _reads(case: Case, field: Field, value: Any) -> datetime | None:
    request = _with_time(case, field.path, value)
    try:
        return field.read(case.receiver.verify(request.body, request.headers))  # type: ignore[no-any-return]
    except PayloadError:
        return None


def _blames(case: Case, path: Path) -> bool:
    """Whether the probe at ``path`` is refused as the body's fault, naming that field."""
    request = _with_time(case, path, PROBE)
    try:
        case.receiver.verify(request.body, request.headers)
    except PayloadError as exc:
        return exc.field is not None and exc.field.endswith(str(path[-1]))
    except WebhookError:
        return False
    return False


@functools.cache
def timestamp_field(name: str) -> Field | None:
    """A field of the provider's sample that its event types as a timestamp, and whose poison
    values are the body's fault (a token's own time claims are checked before parsing): the
    shortest such path, with what it reads."""
    case = get_case(name)
    assert case is not None
    event = case.receiver.verify(case.valid.body, case.valid.headers)
    for path in sorted(_leaves(case.payload), key=len):
        model_path = _model_path(event, path)
        if model_path is None or not _blames(case, path):
            continue
        field = Field(path, model_path, frozenset(), text=False)
        units = [
            u for u, v in (("s", SECONDS), ("ms", MILLISECONDS)) if _reads(case, field, v) == WHEN
        ]
        return Field(path, model_path, frozenset(units), text=_reads(case, field, TEXT) == WHEN)
    return None


TIMED = [name for name in PROVIDER_NAMES if timestamp_field(name) is not None]


def _timed(name: str) -> tuple[Case, Field]:
    case, field = get_case(name), timestamp_field(name)
    assert case is not None
    assert field is not None
    return case, field


@pytest.fixture(params=TIMED)
def timed_case(request: pytest.FixtureRequest) -> tuple[Case, Field]:
    """Each provider whose sample holds a typed timestamp, with that field."""
    return _timed(request.param)


def test_the_providers_not_attacked_here_read_a_poison_time_leniently() -> None:
    # A provider is attacked above on a typed timestamp that refuses a poison value. Any
    # other provider's typed timestamps (a lenient reading: unreadable text is None, as in a
    # batch where one bad time must not refuse every event) take the probe as an event.
    assert TIMED
    for name in sorted(set(PROVIDER_NAMES) - set(TIMED)):
        case = get_case(name)
        assert case is not None
        event = case.receiver.verify(case.valid.body, case.valid.headers)
        for path in _leaves(case.payload):
            model_path = _model_path(event, path)
            if model_path is None:
                continue
            request = _with_time(case, path, PROBE)
            try:
                result = case.receiver.verify(request.body, request.headers)
            except WebhookError:
                continue  # refused, but not as this field's fault (a token's own claims)
            assert _lookup(_dump(result), model_path) is None, (name, path)


def test_every_field_reads_numbers_or_text() -> None:
    for name in TIMED:
        field = _timed(name)[1]
        assert field.units or field.text, name


def poison(field: Field) -> list[Any]:
    """Values the field refuses, whatever it reads."""
    values: list[Any] = [
        "0001-01-01T00:00:00+01:00",
        "0001-01-01T00:30:00+14:00",
        "9999-12-31T23:59:59-01:00",
        "9999-12-31T23:59:59.999999-00:01",
        "1700000000000",
        "+1700000000",
        True,
        10**25,
        -(10**25),
    ]
    if field.units == {"s"}:
        # Milliseconds are never guessed; the ends of the range in seconds.
        values += [MILLISECONDS, 1.7e12, -62_135_596_801, 253_402_300_800]
    if "ms" in field.units:
        values += [-62_135_596_800_001, 253_402_300_800_000]
    if not field.units:
        values += [SECONDS, MILLISECONDS, 1.7e9]
    if not field.text:
        values += [TEXT]
    return values


def edges(field: Field) -> list[tuple[Any, datetime]]:
    """Values the field reads, and what it reads them as."""
    values: list[tuple[Any, datetime]] = []
    if field.text:
        values += [
            ("0001-01-01T00:00:00-01:00", datetime(1, 1, 1, 1, tzinfo=UTC)),
            ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
            ("9999-12-31T23:59:59+01:00", datetime(9999, 12, 31, 22, 59, 59, tzinfo=UTC)),
        ]
    if field.units == {"s"}:
        values += [
            (-62_135_596_800, datetime(1, 1, 1, tzinfo=UTC)),
            (253_402_300_799, datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
            (20_000_000_001, datetime(2603, 10, 11, 11, 33, 21, tzinfo=UTC)),
        ]
    if "ms" in field.units:
        values += [
            (-62_135_596_800_000, datetime(1, 1, 1, tzinfo=UTC)),
            (253_402_300_799_999, datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)),
        ]
    if field.units == {"ms"}:
        values += [(SECONDS, datetime(1970, 1, 20, 16, 13, 20, tzinfo=UTC))]  # never seconds
    return values


def _per_field(values: Any) -> list[Any]:
    return [
        pytest.param(name, value, id=f"{name}-{value!r}")
        for name in TIMED
        for value in values(_timed(name)[1])
    ]


@pytest.mark.parametrize(("name", "value"), _per_field(poison))
def test_poison_timestamps_are_payload_errors(name: str, value: Any) -> None:
    case, field = _timed(name)
    request = _with_time(case, field.path, value)
    with pytest.raises(PayloadError) as info:
        case.receiver.verify(request.body, request.headers)
    assert info.value.field is not None
    assert info.value.field.endswith(str(field.path[-1])), info.value.field
    assert info.value.raw is not None  # nothing is lost


@pytest.mark.parametrize(("name", "edge"), _per_field(edges))
def test_the_ends_of_the_range_are_events(name: str, edge: tuple[Any, datetime]) -> None:
    case, field = _timed(name)
    value, expected = edge
    request = _with_time(case, field.path, value)
    event = case.receiver.verify(request.body, request.headers)
    assert field.read(event) == expected


times = (
    st.integers(min_value=-(10**22), max_value=10**22)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.datetimes(timezones=st.timezones() | st.none()).map(datetime.isoformat)
    | st.text(max_size=30)
)


def _is(result: datetime, value: float, unit: str) -> bool:
    seconds = (result - EPOCH).total_seconds()
    if unit == "s":
        return abs(seconds - value) <= 1e-6 * max(1.0, abs(value))
    return abs(seconds * 1000 - value) <= 1e-3 * max(1.0, abs(value))


@SETTINGS
@given(value=times)
def test_any_signed_timestamp_is_an_event_or_a_payload_error(
    timed_case: tuple[Case, Field], value: Any
) -> None:
    case, field = timed_case
    request = _with_time(case, field.path, value)
    try:
        event = case.receiver.verify(request.body, request.headers)
    except PayloadError:
        return
    result = field.read(event)
    assert result is not None
    assert result.utcoffset() is not None
    if isinstance(value, str):
        assert field.text
    else:  # in one of the units the field reads, whatever the size
        assert any(_is(result, value, unit) for unit in field.units), field.units


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
        case, field = _timed(name)
        for value in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
            request = _with_time(case, field.path, value)
            reply = client.post(f"/{name}", content=request.body, headers=request.headers)
            assert reply.status_code == 400, (name, reply.text)
            assert json.loads(reply.content) == {"error": "invalid_payload"}
    assert handled == []


def test_nothing_but_webhook_errors() -> None:
    # The classes the tests above expect are the library's own.
    assert issubclass(PayloadError, WebhookError)
