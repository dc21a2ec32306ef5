"""Supabase Auth hooks: the sender's format (``webhook-*`` headers, signatures joined with
", ", ``v1,whsec_`` secrets), the hooks told apart with or without ``metadata``, ids stable
across attempts, kinds, and one-time codes kept out of reprs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

import authhooks
from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    PayloadError,
    Router,
    TimestampError,
)
from authhooks.providers.supabase import (
    SMS,
    AccessTokenClaims,
    AfterUserCreated,
    AMREntry,
    BeforeUserCreated,
    CustomAccessToken,
    EmailData,
    HookResponse,
    MFAVerificationAttempt,
    PasswordVerificationAttempt,
    SendEmail,
    SendSMS,
    Supabase,
    SupabaseEvent,
    SupabaseGenericEvent,
    User,
)
from authhooks.samples import load_sample

FIXTURES = Path(__file__).parent / "fixtures"

# A vector computed outside Python (openssl dgst -sha256 -mac HMAC -macopt hexkey:...), as
# Supabase Auth signs: base64(HMAC-SHA256(key, f"{webhook-id}.{webhook-timestamp}.{body}")),
# one signature per secret, joined with ", ".
KEY_1 = "YXV0aGhvb2tzIHN1cGFiYXNlIHZlY3RvciBrZXkgMDE="  # "authhooks supabase vector key 01"
KEY_2 = "YXV0aGhvb2tzIHN1cGFiYXNlIHZlY3RvciBrZXkgMDI="
VECTOR_ID = "5f3c2a1e-8d7b-4c6a-9e0f-1a2b3c4d5e6f"
NOW = 1_763_827_392
VECTOR_BODY = b'{"user_id":"3919cb6e-4215-4478-a960-6d3454326cec","valid":false}'
SIGNATURE_1 = "v1,o1Mkpw3XhDjXqT+mChUWa03TcicRCvOdk6gN4V3kwQY="
SIGNATURE_2 = "v1,q5dnewhXA1X0gDX+0jTzqxTdWLrz8bIIb86Nfx3nyqw="
SECRET = "v1,whsec_" + KEY_1

HOOKS = {
    "customize-access-token": (CustomAccessToken, None),
    "send-email": (SendEmail, None),
    "send-sms": (SendSMS, None),
    "mfa-verification": (MFAVerificationAttempt, None),
    "password-verification": (PasswordVerificationAttempt, None),
    "before-user-created": (BeforeUserCreated, None),
    "after-user-created": (AfterUserCreated, "user.created"),
}


def clock() -> float:
    return float(NOW)


def vector_headers(signature: str = f"{SIGNATURE_1}, {SIGNATURE_2}") -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "webhook-id": VECTOR_ID,
        "webhook-timestamp": str(NOW),
        "webhook-signature": signature,
    }


def supabase_request(
    body: bytes, *keys: str, msg_id: str | None = None, stamp: int = NOW
) -> dict[str, str]:
    """The headers Supabase Auth's sender (hookshttp.go) sends, rebuilt from its code."""
    ident = msg_id or str(uuid.uuid4())  # a fresh UUIDv4 per attempt
    signatures = []
    for key in keys or (KEY_1,):
        content = f"{ident}.{stamp}.".encode() + body
        mac = hmac.new(base64.b64decode(key), content, hashlib.sha256).digest()
        signatures.append("v1," + base64.b64encode(mac).decode())
    return {
        "Content-Type": "application/json",
        "webhook-id": ident,
        "webhook-timestamp": str(stamp),
        "webhook-signature": ", ".join(signatures),
        "Accept-Encoding": "identity",
    }


def receive(payload: Any, receiver: Supabase | None = None) -> SupabaseEvent:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    receiver = receiver or Supabase(SECRET, clock=clock)
    return receiver.verify(body, supabase_request(body))


# -- the sender's format ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "secret",
    [
        SECRET,
        "whsec_" + KEY_1,
        KEY_1,
        "v1,whsec_" + KEY_2,
        ["v1,whsec_" + KEY_2],
        [SECRET, "v1,whsec_" + KEY_2],
        f"v1,whsec_{KEY_2}|{SECRET}",  # Supabase Auth's own configuration form
        base64.b64decode(KEY_1),
    ],
)
def test_the_known_vector(secret: object) -> None:
    receiver = Supabase(secret, clock=clock)  # type: ignore[arg-type]
    event = receiver.verify(VECTOR_BODY, vector_headers())
    assert isinstance(event, PasswordVerificationAttempt)
    assert (event.user_id, event.valid) == ("3919cb6e-4215-4478-a960-6d3454326cec", False)


@pytest.mark.parametrize("signature", [SIGNATURE_1, f"{SIGNATURE_2}, {SIGNATURE_1}"])
def test_one_or_several_signatures(signature: str) -> None:
    Supabase(SECRET, clock=clock).verify(VECTOR_BODY, vector_headers(signature))


@pytest.mark.parametrize(
    "signature",
    [
        f"{SIGNATURE_1} {SIGNATURE_2}",  # the specification's separator: not what Supabase sends
        f"{SIGNATURE_1},{SIGNATURE_2}",
        f"{SIGNATURE_1},  {SIGNATURE_2}",
        f"{SIGNATURE_1}, ",
        SIGNATURE_1 + ",",
    ],
)
def test_lists_are_read_as_supabase_writes_them(signature: str) -> None:
    with pytest.raises(InvalidHeaderError) as info:
        Supabase(SECRET, clock=clock).verify(VECTOR_BODY, vector_headers(signature))
    assert info.value.header == "webhook-signature"


def test_a_signature_with_another_key_is_refused() -> None:
    with pytest.raises(InvalidSignatureError):
        Supabase("v1,whsec_" + KEY_2, clock=clock).verify(VECTOR_BODY, vector_headers(SIGNATURE_1))


@pytest.mark.parametrize(
    "change",
    [
        {"webhook-id": str(uuid.UUID(VECTOR_ID)).upper()},
        {"webhook-timestamp": str(NOW + 1)},
    ],
)
def test_the_id_and_time_are_signed(change: dict[str, str]) -> None:
    with pytest.raises(InvalidSignatureError):
        Supabase(SECRET, clock=clock).verify(VECTOR_BODY, {**vector_headers(), **change})


def test_the_body_is_signed() -> None:
    with pytest.raises(InvalidSignatureError):
        Supabase(SECRET, clock=clock).verify(
            VECTOR_BODY.replace(b"false", b"true"), vector_headers()
        )


def test_svix_headers_are_not_supabase_headers() -> None:
    headers = {k.replace("webhook-", "svix-"): v for k, v in vector_headers().items()}
    with pytest.raises(MissingHeaderError) as info:
        Supabase(SECRET, clock=clock).verify(VECTOR_BODY, headers)
    assert info.value.header == "webhook-id"


def test_signing_writes_what_supabase_sends() -> None:
    receiver = Supabase([SECRET, "v1,whsec_" + KEY_2], clock=clock)
    request = receiver.scheme.sign(VECTOR_BODY, msg_id=VECTOR_ID, timestamp=NOW)
    assert request.headers["webhook-signature"] == f"{SIGNATURE_1}, {SIGNATURE_2}"
    assert request.headers["webhook-id"] == VECTOR_ID
    assert request.headers["webhook-timestamp"] == str(NOW)
    assert receiver.verify(request.body, request.headers).type == "password-verification"


# -- time ------------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-300, 0, 300])
def test_five_minutes_either_way_by_default(offset: int) -> None:
    body = json.dumps(load_sample("supabase", "password-verification")).encode()
    headers = supabase_request(body, stamp=NOW + offset)
    Supabase(SECRET, clock=clock).verify(body, headers)


@pytest.mark.parametrize("offset", [-301, 301, -86_400])
def test_beyond_five_minutes_is_refused(offset: int) -> None:
    body = json.dumps(load_sample("supabase", "password-verification")).encode()
    with pytest.raises(TimestampError) as info:
        Supabase(SECRET, clock=clock).verify(body, supabase_request(body, stamp=NOW + offset))
    assert info.value.skew == -offset


@pytest.mark.parametrize("tolerance", [10, 10.0, timedelta(seconds=10)])
def test_the_tolerance_is_in_seconds(tolerance: object) -> None:
    receiver = Supabase(SECRET, tolerance=tolerance, clock=clock)  # type: ignore[arg-type]
    assert receiver.tolerance == 10
    body = VECTOR_BODY
    receiver.verify(body, supabase_request(body, stamp=NOW - 10))
    with pytest.raises(TimestampError):
        receiver.verify(body, supabase_request(body, stamp=NOW - 11))


def test_a_datetime_clock() -> None:
    receiver = Supabase(SECRET, clock=lambda: datetime.fromtimestamp(NOW, timezone.utc))
    receiver.verify(VECTOR_BODY, vector_headers())


# -- secrets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "secret",
    [
        "",
        [],
        "v1,whsec_",
        "v1,whsec_not base64",
        f"{SECRET}|",  # an empty secret in a |-joined list
        f"|{SECRET}",
        f"{SECRET} | v1,whsec_{KEY_2}",
        f" {SECRET}",
        f"{SECRET}\n",
        f'"{SECRET}"',
        "v2,whsec_" + KEY_1,
        "v1a,whpk_" + base64.b64encode(bytes(32)).decode(),
        "whpk_" + base64.b64encode(bytes(32)).decode(),
        "v1a,whsk_" + base64.b64encode(bytes(32)).decode(),
        [SECRET, "v1a,whpk_" + base64.b64encode(bytes(32)).decode()],
        f"{SECRET}|v1a,whpk_" + base64.b64encode(bytes(32)).decode(),
    ],
)
def test_secrets_that_are_not_supabase_hook_secrets(secret: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        Supabase(secret)  # type: ignore[arg-type]
    assert KEY_1 not in str(info.value)
    assert KEY_1 not in repr(info.value)


def test_the_receiver_shows_no_secret() -> None:
    receiver = Supabase([SECRET, "v1,whsec_" + KEY_2])
    assert KEY_1 not in repr(receiver)
    assert "secrets=2" in repr(receiver)
    assert "signature_separator=', '" in repr(receiver)
    assert receiver.covers_body
    assert not receiver.may_block
    assert receiver.scheme.credential_headers == ("webhook-signature",)


# -- ids and times ---------------------------------------------------------------------------


def test_the_id_is_stable_across_attempts() -> None:
    """Supabase Auth stamps a fresh webhook-id and time on each of its three attempts; the
    event's id is the call's metadata.uuid, the same in all of them."""
    payload = load_sample("supabase", "customize-access-token")
    body = json.dumps(payload).encode()
    receiver = Supabase(SECRET, clock=clock)
    attempts = [receiver.verify(body, supabase_request(body, stamp=NOW + i)) for i in range(3)]
    assert {event.id for event in attempts} == {payload["metadata"]["uuid"]}
    assert len({event._delivery_id for event in attempts}) == 3


def test_without_metadata_the_id_is_the_body_digest() -> None:
    body = (FIXTURES / "docs_mfa-verification.json").read_bytes()
    first = receive(body)
    second = receive(body)
    assert first.id == second.id == hashlib.sha256(body).hexdigest()
    assert first.occurred_at is None
    assert first.metadata is None


def test_metadata_time_is_the_occurrence_in_utc() -> None:
    event = receive(load_sample("supabase", "before-user-created"))
    assert event.occurred_at == datetime(2025, 4, 29, 20, 13, 24, 755552, tzinfo=timezone.utc)
    assert event.metadata is not None
    assert event.metadata.ip_address == "127.0.0.1"


# -- the hooks -------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_every_hook_parses_into_its_class(hook: str) -> None:
    cls, kind = HOOKS[hook]
    payload = load_sample("supabase", hook)
    event = receive(payload)
    assert type(event) is cls
    assert event.type == hook == cls.hook
    assert event.kind == kind
    assert event.provider == "supabase"
    assert event.raw == payload
    assert event.id == payload["metadata"]["uuid"]


def test_the_registry_knows_every_hook() -> None:
    entry = authhooks.providers.get("supabase")
    assert entry.event_types() == frozenset(HOOKS)
    assert entry.sample_events() == sorted(HOOKS)
    assert entry.receiver_class is Supabase


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("customize-access-token", CustomAccessToken),
        ("send-email", SendEmail),
        ("send-sms", SendSMS),
        ("mfa-verification", MFAVerificationAttempt),
        ("password-verification", PasswordVerificationAttempt),
    ],
)
def test_inputs_without_metadata_are_told_by_their_fields(name: str, cls: type) -> None:
    """Servers before v2.187.0 (and Supabase's documentation samples) send no metadata."""
    payload = json.loads((FIXTURES / f"docs_{name}.json").read_text())
    event = receive(payload)
    assert type(event) is cls
    assert event.type == name


def test_metadata_name_decides_over_the_fields() -> None:
    payload = {
        "metadata": {"uuid": VECTOR_ID, "time": "2025-04-29T13:13:24Z", "name": "send-sms"},
        "user_id": "u1",
        "valid": True,
        "sms": {"otp": "123456"},
    }
    event = receive(payload)
    assert isinstance(event, SendSMS)


@pytest.mark.parametrize(
    ("payload", "expected_type"),
    [
        (
            {"metadata": {"uuid": VECTOR_ID, "name": "before-session-created"}, "user": {}},
            "before-session-created",
        ),
        (
            {"metadata": {"uuid": VECTOR_ID, "name": "after-user-created "}, "user": {}},
            "after-user-created ",
        ),
        ({"metadata": {"uuid": VECTOR_ID}, "user": {"id": "u1"}}, ""),
        ({"user": {"id": "u1"}}, ""),
        ({"claims": {}}, ""),
        ({}, ""),
    ],
)
def test_other_inputs_are_generic_events(payload: dict[str, Any], expected_type: str) -> None:
    event = receive(payload)
    assert type(event) is SupabaseGenericEvent
    assert event.type == expected_type
    assert event.kind is None
    assert event.raw == payload


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"metadata": {"name": "customize-access-token"}, "user_id": "u1"}, "claims"),
        ({"claims": {"exp": "soon"}, "authentication_method": "otp", "user_id": "u"}, "claims.exp"),
        ({"user_id": "u1", "valid": "perhaps"}, "valid"),
        ({"factor_id": "f1", "valid": True}, "user_id"),
        ({"metadata": {"name": "before-user-created"}}, "user"),
        (
            {"metadata": {"name": "send-email", "time": "yesterday"}, "user": {}, "email_data": {}},
            "metadata.time",
        ),
        ({"metadata": {"name": 7}}, "metadata.name"),
        ({"sms": "561166"}, "sms"),
    ],
)
def test_invalid_inputs_are_payload_errors(payload: dict[str, Any], field: str) -> None:
    with pytest.raises(PayloadError) as info:
        receive(payload)
    assert info.value.field == field
    assert info.value.raw == payload


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_keys = st.sampled_from(
    [
        "metadata",
        "name",
        "uuid",
        "time",
        "user_id",
        "valid",
        "claims",
        "authentication_method",
        "email_data",
        "sms",
        "factor_id",
        "user",
        "otp",
        "email_action_type",
        "exp",
    ]
)
_inputs = st.recursive(
    _json, lambda inner: st.dictionaries(_keys, inner, max_size=5), max_leaves=12
)


@settings(max_examples=150, deadline=None)
@given(payload=st.dictionaries(_keys, _inputs, max_size=6))
def test_any_signed_input_is_an_event_or_a_payload_error(payload: dict[str, Any]) -> None:
    error: PayloadError | None = None
    try:
        event = receive(payload)
    except PayloadError as exc:
        error = exc
    if error is not None:
        assert error.raw == payload
        return
    assert isinstance(event, SupabaseEvent)
    assert isinstance(event.type, str)
    assert event.id
    assert event.kind in (None, "auth.failed", "password_reset.requested", "user.created")
    if not isinstance(event, CustomAccessToken):  # whose answer needs valid claims
        assert isinstance(event.answer(), HookResponse)


def test_entity_fields_are_optional() -> None:
    event = receive({"email_data": {}, "user": {"id": "u1"}})
    assert isinstance(event, SendEmail)
    assert event.email_data.token is None
    assert event.user.email is None


@pytest.mark.parametrize("body", [b"[]", b'"send-email"', b"null", b"7", b"{", b"{}{}"])
def test_bodies_that_are_not_an_object(body: bytes) -> None:
    with pytest.raises(PayloadError):
        receive(body)


def test_the_user_before_it_is_created() -> None:
    event = receive(load_sample("supabase", "before-user-created"))
    assert isinstance(event, BeforeUserCreated)
    user = event.user
    assert isinstance(user, User)
    assert user.created_at == datetime(1, 1, 1, tzinfo=timezone.utc)  # Go's zero time
    assert (user.email, user.identities, user.is_anonymous) == (
        "valid.email@supabase.com",
        [],
        False,
    )
    assert user.app_metadata == {"provider": "email", "providers": ["email"]}


def test_access_token_claims() -> None:
    event = receive(load_sample("supabase", "customize-access-token"))
    assert isinstance(event, CustomAccessToken)
    claims = event.claims
    assert isinstance(claims, AccessTokenClaims)
    assert (claims.exp, claims.iat, claims.aal, claims.is_anonymous) == (
        1715690221,
        1715686621,
        "aal1",
        True,
    )
    assert claims.amr == [AMREntry(method="anonymous", timestamp=1715686621)]
    assert event.authentication_method == "anonymous"
    assert event.user_id == claims.sub


def test_claims_keep_what_they_do_not_type() -> None:
    payload = load_sample("supabase", "customize-access-token")
    payload["claims"]["aud"] = ["authenticated", "api"]
    payload["claims"]["amr"].append("password")
    payload["claims"]["user_role"] = "admin"
    event = receive(payload)
    assert isinstance(event, CustomAccessToken)
    assert event.claims.aud == ["authenticated", "api"]
    assert event.claims.amr is not None
    assert event.claims.amr[-1] == "password"
    assert event.claims.model_extra == {"user_role": "admin"}


def test_one_time_codes_stay_out_of_reprs_and_dumps() -> None:
    email = receive(load_sample("supabase", "send-email"))
    sms = receive(load_sample("supabase", "send-sms"))
    assert isinstance(email, SendEmail)
    assert isinstance(sms, SendSMS)
    secrets = ["305805", "7d5b7b1964cf5d388340a7f04f1dbb5eeb6c7b52ef8270e1737a58d0", "561166"]
    for event in (email, sms):
        shown = (
            repr(event)
            + str(event)
            + event.model_dump_json()
            + json.dumps(event.model_dump(mode="json"))
        )
        for secret in secrets:
            assert secret not in shown
    assert isinstance(email.email_data, EmailData)
    assert isinstance(sms.sms, SMS)
    assert email.email_data.token is not None
    assert email.email_data.token.get_secret_value() == "305805"
    assert sms.sms.otp is not None
    assert sms.sms.otp.get_secret_value() == "561166"
    assert email.raw["email_data"]["token"] == "305805"  # raw keeps them in clear


# -- kinds -----------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", ["password-verification", "mfa-verification"])
@pytest.mark.parametrize(("valid", "kind"), [(True, None), (False, "auth.failed")])
def test_a_wrong_password_or_code_is_a_failed_authentication(
    hook: str, valid: bool, kind: str | None
) -> None:
    payload = load_sample("supabase", hook)
    payload["valid"] = valid
    assert receive(payload).kind == kind


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("recovery", "password_reset.requested"),
        ("signup", None),
        ("magiclink", None),
        ("email_change", None),
        ("password_changed_notification", None),
        (None, None),
    ],
)
def test_a_recovery_email_is_a_password_reset_request(action: str | None, kind: str | None) -> None:
    payload = load_sample("supabase", "send-email")
    payload["email_data"]["email_action_type"] = action
    assert receive(payload).kind == kind


def test_routing_by_kind_and_by_hook() -> None:
    router = Router()
    seen: list[str] = []

    @router.on("auth.failed")
    def failed(event: authhooks.WebhookEvent) -> None:
        seen.append(f"failed:{event.type}")

    @router.on("supabase:send-email")
    def email(event: authhooks.WebhookEvent) -> None:
        seen.append("email")

    @router.on(CustomAccessToken)
    def token(event: CustomAccessToken) -> None:
        seen.append("token")

    wrong = load_sample("supabase", "password-verification")
    wrong["valid"] = False
    for payload in (
        wrong,
        load_sample("supabase", "send-email"),
        load_sample("supabase", "customize-access-token"),
    ):
        router(receive(payload))
    router(receive(load_sample("supabase", "password-verification")))  # right: no handler
    assert seen == ["failed:password-verification", "email", "token"]


# -- the command line's and the pytest plugin's signers ----------------------------------------


def test_the_signers_from_the_registry() -> None:
    from authhooks._credentials import Given, make_receiver, make_signer

    given = Given(secrets=(SECRET,))
    request = make_signer("supabase", given)(load_sample("supabase", "send-sms"))
    assert ", " not in request.headers["webhook-signature"]
    event = make_receiver("supabase", given).verify(request.body, request.headers)
    assert isinstance(event, SendSMS)
    demo = make_signer("supabase")(load_sample("supabase", "send-email"))
    with pytest.raises(InvalidSignatureError):
        make_receiver("supabase", given).verify(demo.body, demo.headers)
