from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    ModeMismatchError,
    PayloadError,
    RequestTooLargeError,
    Userfront,
)
from authhooks.providers.userfront import (
    TenantCreated,
    TenantDeleted,
    TenantUpdated,
    UserCreated,
    UserDeleted,
    UserfrontGenericEvent,
    UserUpdated,
)
from authhooks.samples import load_sample

FIXTURES = Path(__file__).parent / "fixtures"
KEY = "example3c5cc4491eb422d48c8f78c2f"  # the key shown in Userfront's docs
OTHER_KEY = "uf_live_second_key_9f8e7d6c5b4a"


def headers(value: str | None = f"Bearer {KEY}") -> dict[str, str]:
    result = {"Content-Type": "application/json"}
    if value is not None:
        result["authorization"] = value  # lowercase, as in Userfront's docs
    return result


@pytest.fixture
def receiver() -> Userfront:
    return Userfront(api_key=KEY)


EXPECTED = {
    ("user", "create"): UserCreated,
    ("user", "update"): UserUpdated,
    ("user", "delete"): UserDeleted,
    ("tenant", "create"): TenantCreated,
    ("tenant", "update"): TenantUpdated,
    ("tenant", "delete"): TenantDeleted,
}


@pytest.mark.parametrize(("model", "action"), list(EXPECTED))
def test_docs_sample_payloads(receiver: Userfront, model: str, action: str) -> None:
    body = (FIXTURES / f"docs_{model}_{action}.json").read_bytes()
    event = receiver.verify(body, headers())
    assert type(event) is EXPECTED[model, action]
    assert event.provider == "userfront"
    assert event.type == f"{model}.{action}"
    assert event.kind == f"{model}.{action}d".replace("eed", "ed")
    assert event.mode == "test"
    assert event.id == hashlib.sha256(body).hexdigest()
    assert event.occurred_at is None
    assert event.raw == json.loads(body)


def test_user_record_fields(receiver: Userfront) -> None:
    body = json.dumps(load_sample("userfront", "user.create")).encode()
    event = receiver.verify(body, headers())
    assert isinstance(event, UserCreated)
    record = event.record
    assert record.user_id == 1234
    assert record.email == "ada@example.com"
    assert record.created_at == datetime(2026, 11, 20, 9, 12, 41, 104000, tzinfo=timezone.utc)
    assert record.created_at is not None
    assert record.created_at.tzinfo is not None
    assert record.is_mfa_required is False
    assert record.tenant is not None
    assert record.tenant.tenant_id == "demo1234"
    assert record.authorization is not None
    assert record.authorization["demo1234"].roles == ["admin"]
    assert record.last_messaged_at is None


def test_naive_timestamps_become_utc(receiver: Userfront) -> None:
    body = b'{"action":"update","model":"user","record":{"updatedAt":"2026-01-02T03:04:05"}}'
    event = receiver.verify(body, headers())
    assert isinstance(event, UserUpdated)
    assert event.record.updated_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_unknown_fields_are_kept(receiver: Userfront) -> None:
    body = (
        b'{"action":"create","model":"user","mode":"live","extra":1,'
        b'"record":{"email":"a@b.c","favouriteColour":"teal"}}'
    )
    event = receiver.verify(body, headers())
    assert isinstance(event, UserCreated)
    assert event.record.model_extra == {"favouriteColour": "teal"}
    assert event.model_extra == {"extra": 1}
    assert event.raw["record"]["favouriteColour"] == "teal"


@pytest.mark.parametrize(
    "body",
    [
        b'{"action":"archive","model":"user","record":{"email":"a@b.c"}}',
        b'{"action":"create","model":"webhook","record":{"id":7}}',
        b'{"action":"create","model":"user-v2","record":[1, 2]}',
    ],
)
def test_unknown_model_or_action_parse_generically(receiver: Userfront, body: bytes) -> None:
    event = receiver.verify(body, headers())
    assert type(event) is UserfrontGenericEvent
    assert event.raw == json.loads(body)
    assert event.record == json.loads(body)["record"]
    assert event.kind is None
    assert event.type == f"{event.model}.{event.action}"


def test_known_event_with_bad_record_is_a_payload_error(receiver: Userfront) -> None:
    body = b'{"action":"create","model":"user","record":{"userId":"not a number"}}'
    with pytest.raises(PayloadError) as info:
        receiver.verify(body, headers())
    assert info.value.field == "record.userId"  # the field, not the union tags before it
    assert info.value.raw == json.loads(body)
    assert info.value.body == body


# --- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [f"Basic {KEY}", f"Token {KEY}", KEY, "Bearer", "Bearer   "])
def test_non_bearer_or_empty_credentials(receiver: Userfront, value: str) -> None:
    with pytest.raises(InvalidHeaderError):
        receiver.verify(b"{}", headers(value))


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer", "bEaReR"])
def test_scheme_is_case_insensitive(receiver: Userfront, scheme: str) -> None:
    body = b'{"action":"create","model":"user","record":{}}'
    assert receiver.verify(body, headers(f"{scheme} {KEY}")).type == "user.create"


@pytest.mark.parametrize("candidate", [KEY[:-1], KEY[:1], KEY + "x", KEY.upper(), f" {KEY}x"])
def test_prefix_suffix_and_case_variants_fail(receiver: Userfront, candidate: str) -> None:
    with pytest.raises(InvalidSignatureError):
        receiver.verify(b"{}", headers(f"Bearer {candidate}"))


def test_rotation_accepts_every_listed_key() -> None:
    receiver = Userfront(api_key=[KEY, OTHER_KEY])
    body = b'{"action":"delete","model":"tenant","record":{}}'
    for key in (KEY, OTHER_KEY):
        assert receiver.verify(body, headers(f"Bearer {key}")).type == "tenant.delete"
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, headers("Bearer third"))


# --- malformed bodies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b'{"action": "create", "model": ', "not valid JSON"),
        (b"\xff\xfe\x00{", "UTF-8"),
        (b"[1, 2, 3]", "not valid"),
        (b'"a string"', "not valid"),
        (b"null", "not valid"),
        (b"", "not valid"),
        (b'{"model": "user"}', "not valid"),
        (b'{"action": 1, "model": "user"}', "not valid"),
    ],
)
def test_malformed_bodies_are_payload_errors(receiver: Userfront, body: bytes, match: str) -> None:
    with pytest.raises(PayloadError, match=match) as info:
        receiver.verify(body, headers())
    assert info.value.body == body
    assert KEY not in str(info.value)


def test_deeply_nested_json_is_a_payload_error(receiver: Userfront) -> None:
    body = (
        b'{"action":"create","model":"user","record":{"data":'
        + b"[" * 10_000
        + b"]" * 10_000
        + b"}}"
    )
    with pytest.raises(PayloadError):
        receiver.verify(body, headers())


def test_body_size_limit() -> None:
    receiver = Userfront(api_key=KEY, max_body_size=64)
    with pytest.raises(RequestTooLargeError):
        receiver.verify(b"{" + b" " * 100 + b"}", headers())


# --- mode ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "body_mode"), [("live", "test"), ("test", "live"), ("live", None)]
)
def test_mode_filter_rejects_other_modes(mode: str, body_mode: str | None) -> None:
    receiver = Userfront(api_key=KEY, mode=mode)  # type: ignore[arg-type]
    payload: dict[str, object] = {"action": "create", "model": "user", "record": {}}
    if body_mode is not None:
        payload["mode"] = body_mode
    with pytest.raises(ModeMismatchError, match=mode) as info:
        receiver.verify(json.dumps(payload), headers())
    assert info.value.field == "mode"
    assert info.value.raw == payload


def test_mode_filter_accepts_its_mode() -> None:
    receiver = Userfront(api_key=KEY, mode="live")
    event = receiver.verify(
        b'{"action":"create","model":"user","mode":"live","record":{}}', headers()
    )
    assert event.mode == "live"


# --- construction -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", [], ["", KEY], "  "])
def test_empty_keys_are_refused(key: object) -> None:
    with pytest.raises(ConfigurationError):
        Userfront(api_key=key)  # type: ignore[arg-type]


def test_bad_mode_and_limit_are_refused() -> None:
    with pytest.raises(ConfigurationError):
        Userfront(api_key=KEY, mode="prod")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        Userfront(api_key=KEY, max_body_size=0)


# --- header text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "Bearer " + chr(0xD800),  # lone surrogates, as headers taken from JSON can hold
        f"Bearer {KEY}" + chr(0xDFFF),
        chr(0xDC00) + "Bearer x",
        "Bearer " + chr(0xDC7F),
    ],
)
def test_unencodable_header_text_is_an_invalid_header(receiver: Userfront, value: str) -> None:
    body = json.dumps(load_sample("userfront", "user.create")).encode()
    with pytest.raises(InvalidHeaderError) as info:
        receiver.verify(body, headers(value))
    assert info.value.header == "Authorization"


def test_surrogate_escaped_bytes_are_compared_as_bytes() -> None:
    # A key holding a byte that is not UTF-8, sent as surrogate-escaped text, still matches.
    receiver = Userfront(api_key=b"uf-key-\xff")
    body = json.dumps(load_sample("userfront", "user.create")).encode()
    assert receiver.verify(body, headers("Bearer uf-key-\udcff")).type == "user.create"
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, headers("Bearer uf-key-\udcfe"))


@pytest.mark.parametrize(
    "value",
    [
        f"Bearer {KEY}\x1f",  # str.strip() removes these; HTTP's whitespace is space and tab
        f"Bearer {KEY}\u00a0",
        f"Bearer {KEY}\u2003",
        f"\x85Bearer {KEY}",
        f"Bearer\u00a0{KEY}",
        f"Bearer\t{KEY}",
        f"Bear\u0435r {KEY}",  # a Cyrillic e
    ],
)
def test_only_http_whitespace_is_skipped(receiver: Userfront, value: str) -> None:
    body = json.dumps(load_sample("userfront", "user.create")).encode()
    with pytest.raises((InvalidHeaderError, InvalidSignatureError)):
        receiver.verify(body, headers(value))


@pytest.mark.parametrize("value", [f"Bearer {KEY}", f" Bearer  {KEY}\t", f"\tbearer {KEY} "])
def test_spaces_and_tabs_around_the_value_are_skipped(receiver: Userfront, value: str) -> None:
    body = json.dumps(load_sample("userfront", "user.create")).encode()
    assert receiver.verify(body, headers(value)).type == "user.create"
