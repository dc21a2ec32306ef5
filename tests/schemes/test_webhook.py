"""Webhook: any scheme, any sender, events as GenericEvent."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from authhooks import (
    ConfigurationError,
    PayloadError,
    RequestTooLargeError,
    VerificationError,
)
from authhooks.schemes import (
    BodyHmac,
    Jwt,
    Scheme,
    StandardWebhooks,
    StaticSecret,
    TimestampedHmac,
)
from authhooks.webhook import GenericEvent, Webhook

from .conftest import NOW, FrozenClock, only_authhooks_errors

SECRET = "webhook-tests-secret-8f7e6d5c4b3a29180f1e2d3c4b5a69788f7e6d5c4b3a29180f1e2d3c4b5a6978"
DOC = {"type": "invoice.paid", "id": "evt_1", "data": {"amount": 12}}


def _schemes(clock: FrozenClock) -> dict[str, Scheme]:
    return {
        "static": StaticSecret(SECRET),
        "body_hmac": BodyHmac(SECRET, header="X-Sig"),
        "timestamped": TimestampedHmac(SECRET, header="X-Sig", clock=clock),
        "standard": StandardWebhooks(SECRET.encode(), clock=clock),
        "jwt_body": Jwt(SECRET, algorithms="HS256", placement="body", clock=clock),
        "jwt_header": Jwt(SECRET, algorithms="HS256", header="X-Token", clock=clock),
        "jwt_digest": Jwt(
            SECRET, algorithms="HS256", placement="body_digest", header="X-Token", clock=clock
        ),
    }


SCHEMES = list(_schemes(FrozenClock()))


@pytest.mark.parametrize("name", SCHEMES)
def test_every_scheme_round_trips(clock: FrozenClock, name: str) -> None:
    scheme = _schemes(clock)[name]
    receiver = Webhook(scheme, provider="acme")
    request = scheme.sign(DOC)
    event = receiver.verify(request.body, request.headers)
    assert isinstance(event, GenericEvent)
    assert (event.provider, event.type) == ("acme", "invoice.paid")
    assert event.raw["data"] == {"amount": 12}
    assert (event.kind, event.occurred_at) == (None, None)
    assert receiver.covers_body is scheme.covers_body
    assert receiver.may_block is scheme.may_block is False
    if name == "standard":
        assert event.id == request.headers["webhook-id"]  # the delivery id comes first
    elif name == "jwt_body":
        assert event.id == event.raw["jti"]
    else:
        assert event.id == "evt_1"
    again = asyncio.run(receiver.averify(request.body, request.headers))
    assert again.raw == event.raw


@pytest.mark.parametrize("name", SCHEMES)
def test_every_scheme_refuses_a_forgery(clock: FrozenClock, name: str) -> None:
    scheme = _schemes(clock)[name]
    request = scheme.sign(DOC)
    forged = {k: v for k, v in request.headers.items() if k == "Content-Type"}
    body = request.body
    if name == "jwt_body":  # the body is the token: sign it with another secret
        body = Jwt(SECRET[::-1], algorithms="HS256", placement="body", clock=clock).sign(DOC).body
    with pytest.raises(VerificationError):
        Webhook(scheme).verify(body, forged)


def test_body_forms(clock: FrozenClock) -> None:
    scheme = BodyHmac(SECRET, header="X-Sig")
    request = scheme.sign(DOC)
    receiver = Webhook(scheme)
    for body in (request.body, bytearray(request.body), memoryview(request.body)):
        assert receiver.verify(body, request.headers).type == "invoice.paid"
    text = request.body.decode()
    assert receiver.verify(text, request.headers).type == "invoice.paid"


def test_the_body_size_limit(clock: FrozenClock) -> None:
    scheme = BodyHmac(SECRET, header="X-Sig")
    request = scheme.sign({"type": "x", "pad": "a" * 100})
    Webhook(scheme, max_body_size=len(request.body)).verify(request.body, request.headers)
    with pytest.raises(RequestTooLargeError) as info:
        Webhook(scheme, max_body_size=len(request.body) - 1).verify(request.body, request.headers)
    assert info.value.limit == len(request.body) - 1


# -- the event contract ----------------------------------------------------------------------


def _event(doc: Any, **options: Any) -> GenericEvent:
    scheme = BodyHmac(SECRET, header="X-Sig")
    request = scheme.sign(doc)
    return Webhook(scheme, **options).verify(request.body, request.headers)


def test_nested_type_and_id_fields() -> None:
    doc = {"event": {"type": "user.created"}, "meta": {"id": 42}}
    event = _event(doc, type_field="event.type", id_field="meta.id")
    assert (event.type, event.id) == ("user.created", "42")


@pytest.mark.parametrize("value", [None, "", True, 1.5, ["a"], {"a": 1}])
def test_an_unusable_id_falls_back_to_the_body_digest(value: object) -> None:
    doc = {"type": "x", "id": value}
    scheme = BodyHmac(SECRET, header="X-Sig")
    request = scheme.sign(doc)
    event = Webhook(scheme).verify(request.body, request.headers)
    assert event.id == hashlib.sha256(request.body).hexdigest()


def test_no_id_field() -> None:
    assert len(_event({"type": "x", "id": "evt"}, id_field=None).id) == 64


def test_no_type_field() -> None:
    event = _event({"kind": "x"}, type_field=None)
    assert event.type == ""


@pytest.mark.parametrize(
    "doc",
    [{"id": "e"}, {"type": ""}, {"type": 5}, {"type": None}, {"type": ["a"]}, {"event": "x"}],
)
def test_a_payload_without_a_type_is_a_payload_error(doc: dict[str, Any]) -> None:
    with pytest.raises(PayloadError) as info:
        _event(doc)
    assert info.value.field == "type"
    assert info.value.raw == doc


@pytest.mark.parametrize(
    "body",
    [
        b"[1]",
        b'"text"',
        b"1",
        b"null",
        b"{",
        b'{"type": NaN}',
        b'{"type": "x", "n": Infinity}',
        b"\xff",
    ],
)
def test_authentic_bodies_that_are_no_event(body: bytes) -> None:
    scheme = BodyHmac(SECRET, header="X-Sig")
    request = scheme.sign(body)
    with pytest.raises(PayloadError) as info:
        Webhook(scheme, type_field=None).verify(request.body, request.headers)
    assert info.value.body == body


def test_payload_keys_that_collide_with_the_contract() -> None:
    doc = {
        "type": "t",
        "id": "i",
        "provider": "evil",
        "kind": "user.created",
        "raw": 1,
        "occurred_at": "2020-01-01T00:00:00Z",
        "model_config": 1,
        "__class__": 2,
        "__dict__": 3,
        "_body": 4,
        "_raw": 5,
        "_delivery_id": "forged",
    }
    event = _event(doc, provider="acme")
    assert (event.provider, event.type, event.id, event.kind) == ("acme", "t", "i", None)
    assert event.occurred_at is None
    assert event.raw == doc
    assert type(event).__name__ == "GenericEvent[acme]"


def test_the_repr_shows_no_payload() -> None:
    event = _event({"type": "t", "id": "i", "api_token": "tok_secret_value"})
    assert "tok_secret_value" not in repr(event)
    assert "'t'" in repr(event)


def test_one_event_class_per_configuration() -> None:
    first = _event(DOC, provider="acme")
    second = _event(DOC, provider="acme")
    assert type(first) is type(second)
    assert type(_event(DOC)) is GenericEvent
    assert type(_event(DOC, provider="other")) is not type(first)


def test_parse_a_stored_payload() -> None:
    receiver = Webhook(StaticSecret(SECRET), provider="acme")
    event = receiver.parse(json.dumps(DOC).encode(), delivery_id="dlv_9")
    assert (event.type, event.id, event.provider) == ("invoice.paid", "dlv_9", "acme")


def test_jwt_body_events_are_the_claims(clock: FrozenClock) -> None:
    scheme = Jwt(SECRET, algorithms="HS256", placement="body", clock=clock)
    request = scheme.sign({"type": "user.created", "user": "u1"})
    event = Webhook(scheme).verify(request.body, request.headers)
    assert event.raw["user"] == "u1"
    assert event.raw["iat"] == NOW


# -- construction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"provider": "Acme"},
        {"provider": ""},
        {"provider": "a b"},
        {"provider": "-acme"},
        {"provider": "a" * 65},
        {"provider": 5},
        {"type_field": ""},
        {"type_field": "a..b"},
        {"type_field": ".a"},
        {"type_field": "a."},
        {"type_field": "a b"},
        {"type_field": 5},
        {"id_field": "x" * 65},
        {"id_field": ".".join("a" * 9)},
        {"max_body_size": 0},
        {"max_body_size": -1},
        {"max_body_size": True},
        {"max_body_size": "1024"},
    ],
)
def test_bad_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        Webhook(StaticSecret(SECRET), **options)


@pytest.mark.parametrize("scheme", [None, "StaticSecret", StaticSecret, object()])
def test_the_scheme_must_be_a_scheme(scheme: object) -> None:
    with pytest.raises(ConfigurationError):
        Webhook(scheme)  # type: ignore[arg-type]


def test_repr_names_no_secret() -> None:
    for scheme in _schemes(FrozenClock()).values():
        assert SECRET not in repr(Webhook(scheme, provider="acme"))
        assert "acme" in repr(Webhook(scheme, provider="acme"))


# -- only authhooks errors -------------------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(doc=_json, raw=st.binary(max_size=40), use_raw=st.booleans())
@pytest.mark.parametrize("type_field", ["type", "a.b", None])
def test_any_authentic_body_gives_an_event_or_a_payload_error(
    type_field: str | None, doc: Any, raw: bytes, use_raw: bool
) -> None:
    scheme = BodyHmac(SECRET, header="X-Sig")
    request = scheme.sign(raw if use_raw else json.dumps(doc).encode())
    receiver = Webhook(scheme, provider="acme", type_field=type_field, id_field="a.b.c")
    try:
        event = receiver.verify(request.body, request.headers)
    except PayloadError:
        return
    assert isinstance(event.type, str)
    assert isinstance(event.id, str)
    assert event.id
    repr(event)


@settings(max_examples=100, deadline=None)
@given(
    body=st.binary(max_size=64), headers=st.dictionaries(st.text(max_size=20), st.text(max_size=40))
)
@pytest.mark.parametrize("name", SCHEMES)
def test_every_scheme_raises_only_authhooks_errors(
    name: str, body: bytes, headers: dict[str, str]
) -> None:
    only_authhooks_errors(_schemes(FrozenClock())[name], body, headers)
