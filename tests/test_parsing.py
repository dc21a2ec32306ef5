"""``authhooks.parsing``: how often a body is decoded, and that the one decoding is strict.

A receiver's payload is decoded once: a typed event is validated straight from the bytes
(``raw`` is decoded only when read), and a generic event (every event of ``Webhook``) is
decoded once, strictly, into the document that becomes its ``raw``; reading its type, id and
``raw`` decodes nothing more.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, Literal

import pydantic_core
import pytest
from hypothesis import given, settings, strategies as st

from authhooks import Kind, PayloadError, WebhookEvent
from authhooks.parsing import EventParser
from authhooks.schemes import StaticSecret
from authhooks.webhook import GenericEvent, Webhook, _parser as webhook_parser

SECRET = "parsing-tests-secret-0123456789abcdef"
HEADERS = {"Authorization": f"Bearer {SECRET}"}


class _CountingValidator:
    """A parser's validator that records the JSON it decodes (``validate_json``)."""

    def __init__(self, inner: Any, seen: list[bytes]) -> None:
        self._inner = inner
        self._seen = seen

    def validate_json(self, data: bytes, *args: Any, **kwargs: Any) -> Any:
        self._seen.append(bytes(data))
        return self._inner.validate_json(data, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every JSON decoding of a body: by the strict decoder, and by the parsers' validators
    straight from the bytes."""
    seen: list[bytes] = []
    original = pydantic_core.from_json

    def counting(data: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(bytes(data))
        return original(data, *args, **kwargs)

    monkeypatch.setattr(pydantic_core, "from_json", counting)
    original_init = EventParser.__init__

    def init(self: EventParser[Any], *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self._validator = _CountingValidator(self._validator, seen)  # type: ignore[assignment]

    monkeypatch.setattr(EventParser, "__init__", init)
    webhook_parser.cache_clear()  # Webhook's parsers are made again, counting
    return seen


def _webhook(**options: Any) -> Webhook:
    return Webhook(StaticSecret(SECRET), **options)


@pytest.mark.parametrize("size", [0, 100, 70_000])
@pytest.mark.parametrize("options", [{}, {"type_field": "event.type"}, {"type_field": None}])
def test_a_generic_event_is_decoded_once(
    decodes: list[bytes], size: int, options: dict[str, Any]
) -> None:
    document = {"type": "a.b", "event": {"type": "c.d"}, "id": "e1", "pad": "x" * size}
    body = json.dumps(document).encode()
    receiver = _webhook(**options)
    assert isinstance(receiver.parser._validator, _CountingValidator)
    event = receiver.verify(body, HEADERS)
    assert (event.raw, event.id) == (document, "e1")
    assert event.type in ("a.b", "c.d", "")
    assert decodes == [body]


class _Event(WebhookEvent):
    provider: ClassVar[str] = "acme"
    type: str


class _Created(_Event):
    event_kind: ClassVar[Kind | None] = "user.created"
    type: Literal["user.created"]
    name: str = ""


class _Deleted(_Event):
    type: Literal["user.deleted"]


class _Other(_Event):
    pass


def test_a_typed_event_is_validated_from_the_bytes_and_decodes_raw_when_read(
    decodes: list[bytes],
) -> None:
    parser = EventParser(_Event, [_Created, _Deleted], generic=_Other)
    body = b'{"type": "user.created", "name": "Ada", "extra": [1]}'
    event = parser.parse(body)
    assert (type(event), event.kind) == (_Created, "user.created")
    assert decodes == [body]  # validated straight from the bytes
    assert event.raw == json.loads(body)
    assert event.raw is event.raw
    assert decodes == [body, body]  # raw, once, when read


@pytest.mark.parametrize(
    ("body", "raw"),
    [
        (b'{"type": "a", "x": NaN}', None),
        (b'{"type": "a", "x": -Infinity}', None),
        (b'{"type": "a", "x": "\xc3\x28"}', None),
        (b'{"type": "a"', None),
        (b'{"type": "a"} {}', None),
        (b"", None),
        (b'{"type": "a", "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", None),
        (b'[{"type": "a"}]', [{"type": "a"}]),
        (b'"a"', "a"),
        (b"null", None),
    ],
)
def test_what_is_not_a_json_object_is_a_payload_error(body: bytes, raw: Any) -> None:
    with pytest.raises(PayloadError) as info:
        _webhook(type_field=None).verify(body, HEADERS)
    assert info.value.raw == raw
    assert info.value.body == body


def test_the_generic_document_is_the_strict_decoders() -> None:
    body = b'{"type": "a", "dup": 1, "dup": 2, "big": 123456789012345678901234567890, "f": 1e400}'
    event = _webhook().verify(body, HEADERS)
    assert event.raw == json.loads(body)
    assert event.raw["dup"] == 2
    assert event.model_extra is not None
    assert event.model_extra["dup"] == 2
    assert event.model_extra["f"] == float("inf")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=16,
)


@settings(max_examples=150, deadline=None)
@given(document=st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_any_object_parses_into_a_generic_event_equal_to_json_loads(
    document: dict[str, Any],
) -> None:
    body = json.dumps(document).encode()
    parser = EventParser(GenericEvent, generic=GenericEvent)
    event = parser.parse(body, delivery_id="d1")
    assert event.raw == json.loads(body)
    assert event.model_extra == json.loads(body)
    assert event.id == "d1"
    assert parser.parse(body) == event
