"""Kinde: the body is an RS256 JWT of the event's claims; keys from the domain's JWKS."""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from authhooks import (
    ConfigurationError,
    InvalidSignatureError,
    Kinde,
    PayloadError,
    TimestampError,
    VerificationError,
)
from authhooks.providers import kinde as kd
from authhooks.samples import load_sample, sample_events

from .conftest import REAL_KID, KeyPair

#: The frozen "now" of these tests: 2026-02-03T13:00Z, an hour after the docs' sample.
NOW = datetime(2026, 2, 3, 13, 0, tzinfo=timezone.utc)
HEADERS = {"Content-Type": "application/jwt", "webhook-id": "msg_2xqE3Cj2"}

#: The token published in Kinde's webhook SDK tests (kinde-oss/webhook lib/main.test.ts):
#: a real delivery of ``user.updated``, signed by Kinde. Its key is not published with it.
REAL_TOKEN = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IjRjOmZhOjllOmQ2OjQ3OjIzOmI3OjM5OmM3OjhmOjk3OjI4OjQ1OmExOjg0"
    "OjM1IiwidHlwIjoiSldUIn0.eyJkYXRhIjp7InVzZXIiOnsiZW1haWwiOiJkYW5pZWxAa2luZGUuY29tIiwiZmly"
    "c3RfbmFtZSI6IkRhbmllbCIsImlkIjoia3BfNjViMjhkNzFiYmExNGZhMzgwZDU2ZDJkOGQzNTAzZGEiLCJpc19w"
    "YXNzd29yZF9yZXNldF9yZXF1ZXN0ZWQiOmZhbHNlLCJpc19zdXNwZW5kZWQiOmZhbHNlLCJsYXN0X25hbWUiOiJS"
    "aXZlcnMiLCJvcmdhbml6YXRpb25zIjpbeyJjb2RlIjoib3JnXzU5MGQ3ZjFhODZhIiwicGVybWlzc2lvbnMiOm51"
    "bGwsInJvbGVzIjpudWxsfV0sInBob25lIjpudWxsLCJ1c2VybmFtZSI6ImRhbmllbCJ9fSwiZXZlbnRfaWQiOiJl"
    "dmVudF8wMThmMzMxYTMxNzhmN2ZlZjI4NGI5NWZlNjc3MDM4NCIsInNvdXJjZSI6ImFkbWluIiwidGltZXN0YW1w"
    "IjoiMjAyNC0wNS0wMVQxNzo0MTo0NS41OTIxNDUrMTA6MDAiLCJ0eXBlIjoidXNlci51cGRhdGVkIn0.hAxfcxDN"
    "nzN8_U7sovti71NElh5pqVe6UEFKgVD1ZygVJUdEhmjYQOOSr6Aixj2ySs_hujZBvCRWeqG6jNPYbHRiV5kx0XaL6"
    "g3cW1DCoqpTpkxXtjf18HNYHCJmsUqMiSwfYpmVcI7kaIDfd0XwhWWH5gRdjAAMDneEwMKANklTzR_g_kIl5cVW5e"
    "VWntC4rFsSjRVvGSNb-OMsy2GJLWXUF8fc8Qru56VkJImeOE6ZOMi6wBhtx7HhOZEcEFgQjRvHeoQKdVmEE3BRUnO_"
    "LXTMMSjvP_kyfrS4JMaGWHc6mc8k1hZo_maASLSuXMF8882LZnr96cJFMHj8irRAug"
)

EXPECTED: dict[str, tuple[type[kd.KindeEvent], str | None]] = {
    "user.created": (kd.UserCreated, "user.created"),
    "user.updated": (kd.UserUpdated, "user.updated"),
    "user.deleted": (kd.UserDeleted, "user.deleted"),
    "user.authenticated": (kd.UserAuthenticated, "auth.succeeded"),
    "user.authentication_failed": (kd.UserAuthenticationFailed, "auth.failed"),
    "organization.created": (kd.OrganizationCreated, "tenant.created"),
    "organization.updated": (kd.OrganizationUpdated, "tenant.updated"),
    "organization.deleted": (kd.OrganizationDeleted, "tenant.deleted"),
    "role.created": (kd.RoleCreated, "role.created"),
    "role.updated": (kd.RoleUpdated, "role.updated"),
    "role.deleted": (kd.RoleDeleted, "role.deleted"),
    "permission.created": (kd.PermissionCreated, "permission.created"),
    "permission.updated": (kd.PermissionUpdated, "permission.updated"),
    "permission.deleted": (kd.PermissionDeleted, "permission.deleted"),
    "subscriber.created": (kd.SubscriberCreated, None),
    "access_request.created": (kd.AccessRequestCreated, None),
    "passkey.added": (kd.PasskeyAdded, "credentials.changed"),
    "passkey.removed": (kd.PasskeyRemoved, "credentials.changed"),
    "customer.agreement_created": (kd.AgreementCreated, "subscription.created"),
    "customer.agreement_cancelled": (kd.AgreementCancelled, "subscription.canceled"),
    "customer.plan_changed": (kd.PlanChanged, "subscription.updated"),
    "customer.plan_assigned": (kd.PlanAssigned, None),
    "customer.plan_created": (kd.PlanCreated, None),
    "customer.invoice_overdue": (kd.InvoiceOverdue, None),
    "customer.meter_usage_updated": (kd.MeterUsageUpdated, None),
    "customer.payment_failed": (kd.PaymentFailed, None),
    "customer.payment_succeeded": (kd.PaymentSucceeded, None),
}


def b64url_json(segment: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def clock() -> datetime:
    return NOW


def claims(name: str = "user.created", **changes: Any) -> dict[str, Any]:
    """A sample's claims, dated a minute before ``NOW``."""
    result: dict[str, Any] = load_sample("kinde", name)
    result["timestamp"] = (NOW - timedelta(minutes=1)).isoformat()
    result.update(changes)
    return {key: value for key, value in result.items() if value is not None}


@pytest.fixture
def receiver(kinde_keys: KeyPair) -> Kinde:
    return Kinde(keys=kinde_keys.jwks, clock=clock)


# -- Kinde's own material ------------------------------------------------------------------


def test_the_real_token_is_read_up_to_its_signature(kinde_keys: KeyPair) -> None:
    """Kinde's published token: header and claims as Kinde sends them. With a key of its
    ``kid`` that is not Kinde's, only the signature fails."""
    head, payload, _signature = REAL_TOKEN.split(".")
    assert b64url_json(head) == {"alg": "RS256", "kid": REAL_KID, "typ": "JWT"}
    impostor = {**kinde_keys.jwk, "kid": REAL_KID}
    receiver = Kinde(keys={"keys": [impostor]}, max_age=None)
    with pytest.raises(InvalidSignatureError) as info:
        receiver.verify(REAL_TOKEN, {"Content-Type": "application/jwt"})
    assert info.value.reason == "invalid_signature"
    # What it carries parses (a stored payload is parsed without checks).
    event = receiver.parse(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert isinstance(event, kd.UserUpdated)
    assert event.id == "event_018f331a3178f7fef284b95fe6770384"
    assert event.occurred_at == datetime(2024, 5, 1, 7, 41, 45, 592145, tzinfo=timezone.utc)
    assert event.user.id == "kp_65b28d71bba14fa380d56d2d8d3503da"
    assert event.user.organizations is not None
    assert event.user.organizations[0].code == "org_590d7f1a86a"
    assert event.user.phone is None
    assert event.source == "admin"


def test_a_token_shaped_like_kindes_verifies(kinde_keys: KeyPair) -> None:
    """The real token's exact claims, signed by PyJWT with our key: no iat, exp, iss, aud."""
    real_claims = b64url_json(REAL_TOKEN.split(".")[1])
    assert set(real_claims) == {"data", "event_id", "source", "timestamp", "type"}
    token = kinde_keys.token(real_claims)
    event = Kinde(keys=kinde_keys.jwks, max_age=None).verify(token, HEADERS)
    assert isinstance(event, kd.UserUpdated)
    assert event.kind == "user.updated"
    assert event.raw == real_claims
    # Two years later, the default max_age refuses the same token.
    with pytest.raises(TimestampError) as info:
        Kinde(keys=kinde_keys.jwks, clock=clock).verify(token, HEADERS)
    assert info.value.skew > 365 * 86400


def test_the_docs_sample(receiver: Kinde, kinde_keys: KeyPair) -> None:
    sample = load_sample("kinde", "user.created")
    event = Kinde(keys=kinde_keys.jwks, clock=clock).verify(kinde_keys.token(sample), HEADERS)
    assert isinstance(event, kd.UserCreated)
    assert event.kind == "user.created"
    assert event.id == "event_1234567890"
    assert event.occurred_at == datetime(2026, 2, 3, 12, 0, tzinfo=timezone.utc)
    assert event.user.email == "user@example.com"
    assert event.user.username is None
    assert event.user.last_name == ""
    assert event.provider == "kinde"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_documented_event_is_typed(receiver: Kinde, kinde_keys: KeyPair, name: str) -> None:
    payload = claims(name)
    event = receiver.verify(kinde_keys.token(payload), HEADERS)
    cls, kind = EXPECTED[name]
    assert type(event) is cls
    assert event.type == name
    assert event.kind == kind
    assert event.id == payload["event_id"]
    assert event.raw == payload


def test_samples_cover_the_typed_events() -> None:
    assert sample_events("kinde") == sorted(EXPECTED)
    assert set(kd.EVENT_TYPES) == set(EXPECTED)


def test_entities(receiver: Kinde, kinde_keys: KeyPair) -> None:
    event = receiver.verify(kinde_keys.token(claims("organization.updated")), HEADERS)
    assert isinstance(event, kd.OrganizationUpdated)
    assert event.organization.code == "org_7c2e9a41b3d"
    assert event.organization.is_allow_registrations is True
    event = receiver.verify(kinde_keys.token(claims("role.created")), HEADERS)
    assert isinstance(event, kd.RoleCreated)
    assert event.role.key == "billing-admin"
    assert event.role.is_default_role is False
    event = receiver.verify(kinde_keys.token(claims("user.authenticated")), HEADERS)
    assert isinstance(event, kd.UserAuthenticated)
    assert event.ip_address == "203.0.113.42"
    assert event.user.email is None


def test_roles_as_objects_or_keys(receiver: Kinde, kinde_keys: KeyPair) -> None:
    payload = claims("user.updated")
    payload["data"]["user"]["organizations"] = [
        {"code": "org_1", "roles": [{"id": "r1", "key": "admin"}, "viewer"], "permissions": None}
    ]
    event = receiver.verify(kinde_keys.token(payload), HEADERS)
    assert isinstance(event, kd.UserUpdated)
    assert event.user.organizations is not None
    roles = event.user.organizations[0].roles
    assert roles is not None
    assert isinstance(roles[0], kd.KindeRef)
    assert roles[0].key == "admin"
    assert roles[1] == "viewer"


def test_unknown_type_is_generic(receiver: Kinde, kinde_keys: KeyPair) -> None:
    payload = claims(type="user.exploded", data={"user": {"id": "kp_1"}, "x": [1]})
    event = receiver.verify(kinde_keys.token(payload), HEADERS)
    assert type(event) is kd.KindeGenericEvent
    assert event.kind is None
    assert event.data == {"user": {"id": "kp_1"}, "x": [1]}


@pytest.mark.parametrize(
    "change",
    [
        {"data": {"user": {"email": ["a"]}}},
        {"data": "user"},
        {"timestamp": "yesterday"},
        {"timestamp": 1.5e20},
        {"event_id": 42},
    ],
)
def test_authentic_but_malformed_claims(
    receiver: Kinde, kinde_keys: KeyPair, change: dict[str, Any]
) -> None:
    payload = {**claims("user.updated"), **change}
    with pytest.raises(PayloadError) as info:
        receiver.verify(kinde_keys.token(payload), HEADERS)
    assert info.value.raw == payload


# -- algorithms and claims -------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["RS384", "RS512", "PS256"])
def test_only_rs256(receiver: Kinde, kinde_keys: KeyPair, algorithm: str) -> None:
    with pytest.raises(InvalidSignatureError) as info:
        receiver.verify(kinde_keys.token(claims(), algorithm=algorithm), HEADERS)
    assert info.value.reason == "algorithm_not_allowed"


def test_hmac_signed_with_the_public_key_is_refused(receiver: Kinde, kinde_keys: KeyPair) -> None:
    """Algorithm confusion: HS256 keyed with the public key Kinde publishes."""
    head = base64.urlsafe_b64encode(
        json.dumps({"alg": "HS256", "kid": kinde_keys.kid, "typ": "JWT"}).encode()
    ).rstrip(b"=")
    body = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=")
    for key in (kinde_keys.public_pem, json.dumps(kinde_keys.jwk).encode()):
        mac = hmac.digest(key, head + b"." + body, "sha256")
        token = head + b"." + body + b"." + base64.urlsafe_b64encode(mac).rstrip(b"=")
        with pytest.raises(InvalidSignatureError):
            receiver.verify(token, HEADERS)


def test_other_key_types_and_none_are_refused(receiver: Kinde, kinde_keys: KeyPair) -> None:
    es = jwt.encode(
        claims(), ec.generate_private_key(ec.SECP256R1()), "ES256", {"kid": kinde_keys.kid}
    )
    unsigned = jwt.encode(claims(), None, "none", {"kid": kinde_keys.kid})
    with pytest.raises(InvalidSignatureError):
        receiver.verify(es, HEADERS)
    for token in (unsigned, unsigned + "c2ln"):  # no signature, or any
        with pytest.raises(VerificationError):
            receiver.verify(token, HEADERS)


def test_another_key_under_the_same_kid(
    receiver: Kinde, kinde_keys: KeyPair, other_kinde_keys: KeyPair
) -> None:
    token = kinde_keys.token(claims(), key=other_kinde_keys.private_key)
    with pytest.raises(InvalidSignatureError):
        receiver.verify(token, HEADERS)


def test_an_unknown_kid(receiver: Kinde, kinde_keys: KeyPair) -> None:
    with pytest.raises(InvalidSignatureError) as info:
        receiver.verify(kinde_keys.token(claims(), header={"kid": "00:11"}), HEADERS)
    assert info.value.reason == "unknown_key"


def test_claims_kinde_does_not_send_are_checked_when_present(
    receiver: Kinde, kinde_keys: KeyPair
) -> None:
    now = int(NOW.timestamp())
    with pytest.raises(TimestampError):
        receiver.verify(kinde_keys.token({**claims(), "exp": now - 3600}), HEADERS)
    with pytest.raises(TimestampError):
        receiver.verify(kinde_keys.token({**claims(), "nbf": now + 3600}), HEADERS)
    assert receiver.verify(kinde_keys.token({**claims(), "exp": now + 60}), HEADERS).type
    addressed = kinde_keys.token({**claims(), "aud": "https://other.example"})
    with pytest.raises(VerificationError) as info:
        receiver.verify(addressed, HEADERS)
    assert info.value.reason == "invalid_audience"
    ours = Kinde(keys=kinde_keys.jwks, clock=clock, audience="https://other.example")
    assert ours.verify(addressed, HEADERS).type == "user.created"


def test_issuer_when_configured(kinde_keys: KeyPair) -> None:
    receiver = Kinde(keys=kinde_keys.jwks, clock=clock, issuer="https://myapp.kinde.com")
    with pytest.raises(VerificationError) as info:
        receiver.verify(kinde_keys.token(claims()), HEADERS)
    assert info.value.reason == "invalid_issuer"
    token = kinde_keys.token({**claims(), "iss": "https://myapp.kinde.com"})
    assert receiver.verify(token, HEADERS).type


# -- replays: the event's timestamp ----------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "accepted"),
    [
        (timedelta(0), True),
        (timedelta(hours=36), True),  # Kinde's last retry
        (timedelta(hours=47, minutes=59), True),
        (timedelta(hours=48, seconds=1), False),
        (timedelta(days=400), False),
        (timedelta(seconds=-299), True),  # a sender's clock slightly ahead
        (timedelta(seconds=-301), False),
        (timedelta(days=-2), False),
    ],
)
def test_timestamp_window(
    receiver: Kinde, kinde_keys: KeyPair, age: timedelta, accepted: bool
) -> None:
    token = kinde_keys.token(claims(timestamp=(NOW - age).isoformat()))
    if accepted:
        assert receiver.verify(token, HEADERS).type == "user.created"
    else:
        with pytest.raises(TimestampError):
            receiver.verify(token, HEADERS)


def test_timestamp_offsets_are_converted(receiver: Kinde, kinde_keys: KeyPair) -> None:
    # 23:00+10:00 is 13:00Z: now, not ten hours ahead.
    token = kinde_keys.token(claims(timestamp="2026-02-03T23:00:00.000001+10:00"))
    event = receiver.verify(token, HEADERS)
    assert event.occurred_at == datetime(2026, 2, 3, 13, 0, 0, 1, tzinfo=timezone.utc)


def test_event_timestamp_is_the_fallback(receiver: Kinde, kinde_keys: KeyPair) -> None:
    payload = claims(timestamp=None, event_timestamp=(NOW - timedelta(hours=1)).isoformat())
    assert receiver.verify(kinde_keys.token(payload), HEADERS).occurred_at is not None
    stale = claims(timestamp=None, event_timestamp=(NOW - timedelta(days=3)).isoformat())
    with pytest.raises(TimestampError):
        receiver.verify(kinde_keys.token(stale), HEADERS)


def test_a_payload_without_time_is_refused_unless_the_check_is_off(
    receiver: Kinde, kinde_keys: KeyPair
) -> None:
    token = kinde_keys.token(claims(timestamp=None, event_timestamp=None))
    with pytest.raises(VerificationError) as info:
        receiver.verify(token, HEADERS)
    assert info.value.reason == "missing_timestamp"
    event = Kinde(keys=kinde_keys.jwks, max_age=None).verify(token, HEADERS)
    assert event.occurred_at is None


def test_max_age_is_configurable(kinde_keys: KeyPair) -> None:
    token = kinde_keys.token(claims(timestamp=(NOW - timedelta(hours=2)).isoformat()))
    with pytest.raises(TimestampError):
        Kinde(keys=kinde_keys.jwks, clock=clock, max_age=3600).verify(token, HEADERS)
    receiver = Kinde(keys=kinde_keys.jwks, clock=clock, max_age=timedelta(hours=3))
    assert receiver.verify(token, HEADERS).type


def test_averify_checks_the_timestamp_too(receiver: Kinde, kinde_keys: KeyPair) -> None:
    stale = kinde_keys.token(claims(timestamp="2020-01-01T00:00:00Z"))
    with pytest.raises(TimestampError):
        asyncio.run(receiver.averify(stale, HEADERS))
    assert asyncio.run(receiver.averify(kinde_keys.token(claims()), HEADERS)).type


def test_a_stored_payload_is_parsed_whatever_its_age(receiver: Kinde) -> None:
    event = receiver.parse(json.dumps(claims(timestamp="2020-01-01T00:00:00Z")).encode())
    assert event.occurred_at == datetime(2020, 1, 1, tzinfo=timezone.utc)


# -- the body ------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["application/jwt", "application/json", None])
def test_media_type_is_not_relied_on(
    receiver: Kinde, kinde_keys: KeyPair, content_type: str | None
) -> None:
    """Kinde sent ``application/json`` before ``application/jwt``: the body is the token
    either way."""
    headers = {} if content_type is None else {"Content-Type": content_type}
    assert receiver.verify(kinde_keys.token(claims()), headers).type
    assert receiver.verify(kinde_keys.token(claims()) + b"\r\n", headers).type


@pytest.mark.parametrize(
    "body", [b'{"type": "user.created"}', b"[]", b"", b"a.b", "\u00e9.a.b".encode()]
)
def test_a_body_that_is_not_a_token(receiver: Kinde, body: bytes) -> None:
    with pytest.raises(VerificationError) as info:
        receiver.verify(body, HEADERS)
    assert not isinstance(info.value, PayloadError)


def test_json_body_says_a_token_was_expected(receiver: Kinde) -> None:
    with pytest.raises(VerificationError) as info:
        receiver.verify(json.dumps(claims()).encode(), {"Content-Type": "application/json"})
    assert info.value.reason == "not_a_token"
    assert "token" in str(info.value)


# -- interoperability with PyJWT -----------------------------------------------------------


def test_authhooks_tokens_verify_with_pyjwt(receiver: Kinde, kinde_keys: KeyPair) -> None:
    request = receiver.scheme.sign(claims(), signing_key=kinde_keys.private_key, kid=kinde_keys.kid)
    assert request.headers["Content-Type"] == "application/jwt"
    decoded = jwt.decode(request.body, kinde_keys.public_pem, algorithms=["RS256"])
    assert decoded["type"] == "user.created"
    assert jwt.get_unverified_header(request.body)["kid"] == kinde_keys.kid
    assert receiver.verify(request.body, request.headers).type == "user.created"


def test_pyjwt_jwks_client_reads_kindes_key_format(kinde_keys: KeyPair) -> None:
    """The JWKS these tests serve is one PyJWT reads: keys selected by ``kid``."""
    key = jwt.PyJWKSet.from_dict(kinde_keys.jwks)[kinde_keys.kid]
    token = kinde_keys.token(claims())
    assert jwt.decode(token, key.key, algorithms=["RS256"])["type"] == "user.created"


# -- configuration ---------------------------------------------------------------------------


def test_repr_names_the_jwks_url_and_no_key(kinde_keys: KeyPair) -> None:
    receiver = Kinde("myapp.kinde.com", keys=kinde_keys.jwks)
    text = repr(receiver)
    assert "https://myapp.kinde.com/.well-known/jwks.json" in text
    assert kinde_keys.jwk["n"][:20] not in text
    assert receiver.may_block
    assert receiver.covers_body
    assert not Kinde(keys=kinde_keys.jwks).may_block


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),
        ((), {"keys": []}),
        ((), {"keys": "a-shared-secret-0123456789"}),
        ((), {"keys": {"keys": []}}),
        (("myapp.kinde.com",), {"max_age": -1}),
        (("myapp.kinde.com",), {"tolerance": float("nan")}),
        (("myapp.kinde.com",), {"clock": "now"}),
        ((42,), {}),
    ],
)
def test_configuration_errors(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        Kinde(*args, **kwargs)
