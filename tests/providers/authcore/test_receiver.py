from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

import authhooks
from authhooks import (
    AuthCore,
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    PayloadError,
    TimestampError,
    VerificationError,
)
from authhooks.providers.authcore import (
    AccountLocked,
    AuthCoreEvent,
    AuthCoreGenericEvent,
    MemberAdded,
    MemberRemoved,
    Membership,
    Organization,
    OrganizationCreated,
    OrganizationDeleted,
    OrganizationUpdated,
    SecurityDetails,
    Subscription,
    SubscriptionCanceled,
    SubscriptionCreated,
    SubscriptionRenewed,
    SubscriptionUpdated,
    SuspiciousLogin,
    TwoFactorDisabled,
    TwoFactorEnabled,
    User,
    UserCreated,
    UserDeleted,
    UserEmailVerified,
    UserUpdated,
)
from authhooks.samples import load_sample

SECRET = "whsec_vector_secret"
OTHER = "whsec_rotated_secret_2"
HEADER = "X-Webhook-Signature"
NOW = 1_763_827_392  # 2025-11-22T16:03:12Z
# Vector computed outside Python: `openssl dgst -sha256 -hmac whsec_vector_secret`.
VECTOR_BODY = (
    b'{"id":"evt_1","type":"user.created","created_at":"2026-11-22T16:03:12Z",'
    b'"data":{"id":"usr_1","email":"ada@example.com"}}'
)
VECTOR_PLAIN = "8b53466ca1371f8fa55fdb0215aecfd74faba064dbbb190981728b39b89f0ffb"
VECTOR_TIMESTAMPED = "f89e63727a18f98059439b95cbd98e2f0c2c222088ed4788c6b92ccbedf0b485"


def mac(body: bytes, secret: str = SECRET, stamp: int | str | None = None) -> str:
    """HMAC-SHA256 hex, computed here with the standard library, not the library's signer."""
    message = body if stamp is None else f"{stamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def stamped(body: bytes, stamp: int = NOW, secret: str = SECRET) -> str:
    return f"t={stamp},v1={mac(body, secret, stamp)}"


def hdrs(value: str | None) -> dict[str, str]:
    result = {"Content-Type": "application/json", "User-Agent": "AuthCore-Webhooks/1.0"}
    if value is not None:
        result[HEADER] = value
    return result


def frozen(at: float = NOW) -> AuthCore:
    return AuthCore(secret=SECRET, clock=lambda: at)


@pytest.fixture
def receiver() -> AuthCore:
    return frozen()


def sample_body(name: str) -> bytes:
    return json.dumps(load_sample("authcore", name)).encode()


# --- known-good vectors -------------------------------------------------------------------


def test_vectors_match_the_independent_computation() -> None:
    assert mac(VECTOR_BODY) == VECTOR_PLAIN
    assert mac(VECTOR_BODY, stamp=NOW) == VECTOR_TIMESTAMPED


@pytest.mark.parametrize(
    "value",
    [
        f"t={NOW},v1={VECTOR_TIMESTAMPED}",
        f"t={NOW},v1={VECTOR_TIMESTAMPED.upper()}",
        f"v1={VECTOR_TIMESTAMPED},t={NOW}",
        f" t={NOW} , v1={VECTOR_TIMESTAMPED} ",
        f"sha256={VECTOR_PLAIN}",
        f"SHA256={VECTOR_PLAIN.upper()}",
        VECTOR_PLAIN,
        VECTOR_PLAIN.upper(),
        f"  {VECTOR_PLAIN}  ",
    ],
)
def test_known_good_vectors(receiver: AuthCore, value: str) -> None:
    event = receiver.verify(VECTOR_BODY, hdrs(value))
    assert isinstance(event, UserCreated)
    assert event.id == "evt_1"
    assert event.data.email == "ada@example.com"


# --- every event --------------------------------------------------------------------------

EXPECTED: dict[str, tuple[type[AuthCoreEvent], type[object], str]] = {
    "user.created": (UserCreated, User, "user.created"),
    "user.updated": (UserUpdated, User, "user.updated"),
    "user.deleted": (UserDeleted, User, "user.deleted"),
    "user.email_verified": (UserEmailVerified, User, "user.updated"),
    "organization.created": (OrganizationCreated, Organization, "tenant.created"),
    "organization.updated": (OrganizationUpdated, Organization, "tenant.updated"),
    "organization.deleted": (OrganizationDeleted, Organization, "tenant.deleted"),
    "organization.member_added": (MemberAdded, Membership, "tenant.member_added"),
    "organization.member_removed": (MemberRemoved, Membership, "tenant.member_removed"),
    "subscription.created": (SubscriptionCreated, Subscription, "subscription.created"),
    "subscription.updated": (SubscriptionUpdated, Subscription, "subscription.updated"),
    "subscription.canceled": (SubscriptionCanceled, Subscription, "subscription.canceled"),
    "subscription.renewed": (SubscriptionRenewed, Subscription, "subscription.renewed"),
    "security.account_locked": (AccountLocked, SecurityDetails, "user.locked"),
    "security.suspicious_login": (SuspiciousLogin, SecurityDetails, "auth.failed"),
    "security.2fa_enabled": (TwoFactorEnabled, SecurityDetails, "mfa.enabled"),
    "security.2fa_disabled": (TwoFactorDisabled, SecurityDetails, "mfa.disabled"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_event_parses_typed(receiver: AuthCore, name: str) -> None:
    cls, entity, kind = EXPECTED[name]
    payload = load_sample("authcore", name)
    body = json.dumps(payload).encode()
    event = receiver.verify(body, hdrs(stamped(body)))
    assert type(event) is cls
    assert isinstance(event, authhooks.AuthCoreEvent)
    assert type(event.data) is entity
    assert event.provider == "authcore"
    assert event.type == name
    assert event.kind == kind
    assert event.id == payload["id"]
    assert event.occurred_at == datetime.fromisoformat(payload["created_at"].replace("Z", "+00:00"))
    assert event.occurred_at is not None
    assert event.occurred_at.utcoffset() == timedelta(0)
    assert event.raw == payload
    assert not event.model_extra  # every sample field is a typed field
    assert not event.data.model_extra


def test_user_fields(receiver: AuthCore) -> None:
    body = sample_body("user.created")
    event = receiver.verify(body, hdrs(stamped(body)))
    assert isinstance(event, UserCreated)
    user = event.data
    assert user.id == "usr_2Hc9XkQ4mN7pL1sV8tR3wY6z"
    assert user.email_verified is False
    assert user.created_at == datetime(2026, 11, 22, 16, 3, 12, 801000, tzinfo=timezone.utc)
    assert user.metadata is not None
    assert user.metadata["utm"]["campaign"] == "autumn-launch"


def test_subscription_and_security_fields(receiver: AuthCore) -> None:
    body = sample_body("subscription.canceled")
    event = receiver.verify(body, hdrs(stamped(body)))
    assert isinstance(event, SubscriptionCanceled)
    assert event.data.cancel_at_period_end is True
    assert event.data.current_period_end == datetime(2027, 11, 22, tzinfo=timezone.utc)
    body = sample_body("security.suspicious_login")
    event2 = receiver.verify(body, hdrs(stamped(body)))
    assert isinstance(event2, SuspiciousLogin)
    assert event2.data.ip_address == "198.51.100.77"
    assert event2.data.reason == "impossible_travel"


def test_offsets_and_naive_times_become_utc(receiver: AuthCore) -> None:
    body = (
        b'{"id":"e","type":"organization.updated","created_at":"2026-01-02T05:04:05+02:00",'
        b'"data":{"created_at":"2026-01-02T03:04:05","updated_at":1767323045}}'
    )
    event = receiver.verify(body, hdrs(stamped(body)))
    assert isinstance(event, OrganizationUpdated)
    expected = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert event.occurred_at == expected
    assert event.occurred_at is not None
    assert event.occurred_at.utcoffset() == timedelta(0)
    assert event.data.created_at == expected
    assert event.data.created_at is not None
    assert event.data.created_at.tzinfo is not None
    assert event.data.updated_at == expected


@pytest.mark.parametrize(
    "body",
    [
        b'{"id":"evt_9","type":"user.merged","created_at":"2026-11-22T16:03:12Z","data":{"a":1}}',
        b'{"id":"evt_9","type":"billing.invoice_paid","data":[1,2,3]}',
        b'{"id":"evt_9","type":"security.passkey_added"}',
    ],
)
def test_unknown_types_parse_generically(receiver: AuthCore, body: bytes) -> None:
    event = receiver.verify(body, hdrs(stamped(body)))
    assert type(event) is AuthCoreGenericEvent
    assert event.kind is None
    assert event.id == "evt_9"
    assert event.data == json.loads(body).get("data")
    assert event.raw == json.loads(body)


def test_missing_optional_parts(receiver: AuthCore) -> None:
    body = b'{"type":"user.deleted"}'
    event = receiver.verify(body, hdrs(stamped(body)))
    assert isinstance(event, UserDeleted)
    assert event.id == hashlib.sha256(body).hexdigest()
    assert event.occurred_at is None
    assert event.data == User()


def test_unknown_fields_are_kept(receiver: AuthCore) -> None:
    body = b'{"id":"e","type":"user.created","api_version":"2026-01","data":{"phone":"+1"}}'
    event = receiver.verify(body, hdrs(stamped(body)))
    assert event.model_extra == {"api_version": "2026-01"}
    assert isinstance(event, UserCreated)
    assert event.data.model_extra == {"phone": "+1"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"id":"e","type":"user.created","data":{"email_verified":"maybe"}}', "email_verified"),
        (b'{"id":"e","type":"subscription.renewed","data":{"current_period_end":"soon"}}', "end"),
        (b'{"id":"e","type":"user.created","created_at":"yesterday"}', "created_at"),
        (b'{"id":5,"type":"user.created"}', "id"),
    ],
)
def test_known_event_with_bad_fields_is_a_payload_error(
    receiver: AuthCore, body: bytes, field: str
) -> None:
    with pytest.raises(PayloadError) as info:
        receiver.verify(body, hdrs(stamped(body)))
    assert info.value.field is not None
    assert field in info.value.field
    assert info.value.raw == json.loads(body)
    assert info.value.body == body


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1,2]", b"null", b'{"id":"e"}', b'{"type":7}', b"", b'{"type":"user.created"'],
)
def test_malformed_bodies_are_payload_errors(receiver: AuthCore, body: bytes) -> None:
    with pytest.raises(PayloadError) as info:
        receiver.verify(body, hdrs(stamped(body)))
    assert info.value.body == body
    assert SECRET not in str(info.value)


def test_raw_is_decoded_lazily_and_kept_out_of_repr(receiver: AuthCore) -> None:
    body = sample_body("user.created")
    event = receiver.verify(body, hdrs(stamped(body)))
    assert "_raw" not in event.__dict__ or event.__dict__["_raw"] is None
    assert event.raw == json.loads(body)
    assert event.raw is event.raw
    assert "raw" not in repr(event)
    assert repr(event).startswith("UserCreated(")


def test_an_event_built_in_code_has_no_body() -> None:
    event = UserCreated(type="user.created")
    assert event.raw is None
    assert event.id == hashlib.sha256(b"").hexdigest()


# --- signatures ---------------------------------------------------------------------------


def test_tampering_with_any_body_byte_is_rejected(receiver: AuthCore) -> None:
    body = sample_body("organization.member_added")
    for header in (stamped(body), f"sha256={mac(body)}"):
        for i in range(len(body)):
            forged = body[:i] + bytes([body[i] ^ 0x01]) + body[i + 1 :]
            with pytest.raises(InvalidSignatureError):
                receiver.verify(forged, hdrs(header))


def test_tampering_with_any_signature_digit_is_rejected(receiver: AuthCore) -> None:
    body = sample_body("security.2fa_enabled")
    for plain in (False, True):
        digest = mac(body) if plain else mac(body, stamp=NOW)
        for i, char in enumerate(digest):
            wrong = "0" if char != "0" else "1"
            forged = digest[:i] + wrong + digest[i + 1 :]
            value = f"sha256={forged}" if plain else f"t={NOW},v1={forged}"
            with pytest.raises(InvalidSignatureError) as info:
                receiver.verify(body, hdrs(value))
            assert forged not in str(info.value)


def test_tampering_with_the_timestamp_is_rejected(receiver: AuthCore) -> None:
    body = sample_body("user.created")
    digest = mac(body, stamp=NOW)
    for stamp in (NOW - 1, NOW + 1, f"0{NOW}"):
        with pytest.raises(InvalidSignatureError):
            receiver.verify(body, hdrs(f"t={stamp},v1={digest}"))


def test_a_leading_zero_timestamp_is_signed_as_sent() -> None:
    receiver = frozen()
    body = b'{"id":"e","type":"user.created"}'
    value = f"t=0{NOW},v1={mac(body, stamp=f'0{NOW}')}"
    assert receiver.verify(body, hdrs(value)).id == "e"


def test_the_plain_signature_does_not_cover_a_timestamp(receiver: AuthCore) -> None:
    body = b'{"id":"e","type":"user.created"}'
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, hdrs(f"t={NOW},v1={mac(body)}"))
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, hdrs(f"sha256={mac(body, stamp=NOW)}"))


def test_wrong_secret(receiver: AuthCore) -> None:
    body = sample_body("user.created")
    for value in (stamped(body, secret=OTHER), f"sha256={mac(body, OTHER)}", mac(body, OTHER)):
        with pytest.raises(InvalidSignatureError) as info:
            receiver.verify(body, hdrs(value))
        assert info.value.header == HEADER
        assert SECRET not in str(info.value)
        assert OTHER not in str(info.value)


def test_rotation_accepts_every_listed_secret() -> None:
    receiver = AuthCore(secret=[SECRET, OTHER], clock=lambda: NOW)
    body = sample_body("user.updated")
    for secret in (SECRET, OTHER):
        assert receiver.verify(body, hdrs(stamped(body, secret=secret))).type == "user.updated"
        assert receiver.verify(body, hdrs(mac(body, secret))).type == "user.updated"
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, hdrs(stamped(body, secret="third")))


def test_several_v1_any_of_which_may_match(receiver: AuthCore) -> None:
    body = sample_body("user.updated")
    good = mac(body, stamp=NOW)
    others = [mac(body, f"s{i}", NOW) for i in range(15)]
    for position in (0, 7, 15):
        parts = [*others[:position], good, *others[position:]]
        value = f"t={NOW}," + ",".join(f"v1={p}" for p in parts)
        assert receiver.verify(body, hdrs(value)).type == "user.updated"
    value = f"t={NOW}," + ",".join(f"v1={p}" for p in others)
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, hdrs(value))


def test_unknown_parts_are_ignored(receiver: AuthCore) -> None:
    body = sample_body("user.updated")
    value = f"t={NOW},v0={'ab' * 20},v1={mac(body, stamp=NOW)},alg=sha256"
    assert receiver.verify(body, hdrs(value)).type == "user.updated"
    with pytest.raises(InvalidSignatureError):  # a v0 is never a valid signature
        receiver.verify(body, hdrs(f"t={NOW},v0={mac(body, stamp=NOW)},v1={'0' * 64}"))


# --- malformed headers --------------------------------------------------------------------

HEX = "a" * 64


@pytest.mark.parametrize(
    "value",
    [
        "t",  # no '=' at all (one part)
        f"t={NOW},{HEX}",  # a part without '='
        f"t={NOW},v1",
        f"t={NOW},,v1={HEX}",  # empty parts
        f"t={NOW},v1={HEX},",
        f",t={NOW},v1={HEX}",
        f"t=,v1={HEX}",
        f"t={NOW},v1=",
        f"t={NOW},={HEX}",
        f"t={NOW},v1={'a' * 63}",  # odd-length hex
        f"t={NOW},v1={'a' * 65}",
        f"t={NOW},v1={'a' * 62}",  # even, but not a SHA-256 digest
        f"t={NOW},v1={'g' * 64}",  # non-hex
        f"t={NOW},v1={'ab ' * 21}a",  # whitespace that bytes.fromhex would skip
        f"t={NOW},v1={'ä' * 64}",
        f"t={NOW},t={NOW},v1={HEX}",  # duplicate t
        f"t=abc,v1={HEX}",  # non-integer t
        f"t=-5,v1={HEX}",
        f"t=+{NOW},v1={HEX}",
        f"t={NOW}.5,v1={HEX}",
        f"t=1e9,v1={HEX}",
        f"t=1_763_827_392,v1={HEX}",
        f"t=\u0661\u0662\u0663,v1={HEX}",  # non-ASCII digits int() would accept
        f"t={'9' * 13},v1={HEX}",  # huge t
        f"t={'9' * 400},v1={HEX}",
        f"v1={HEX}",  # no t
        f"t={NOW}",  # no v1
        f"t={NOW},v0={HEX}",
        f"t={NOW}," + ",".join([f"v1={HEX}"] * 17),  # more v1 than the bound
        ",".join([f"x{i}=1" for i in range(40)]) + f",t={NOW},v1={HEX}",
        f"sha256={'a' * 63}",
        f"sha256={'z' * 64}",
        "sha256=",
        f"sha256={HEX},t={NOW}",
        "a" * 63,
        "z" * 64,
        "abc def",
        f"{HEX} {HEX}",
    ],
)
def test_malformed_headers_are_invalid_header_errors(receiver: AuthCore, value: str) -> None:
    body = sample_body("user.created")
    with pytest.raises(InvalidHeaderError) as info:
        receiver.verify(body, hdrs(value))
    assert info.value.header == HEADER
    assert isinstance(info.value, VerificationError)


GOOD_BODY = b'{"id":"e","type":"user.created"}'
GOOD_V1 = mac(GOOD_BODY, stamp=NOW)


@pytest.mark.parametrize(
    "value",
    [
        f"t={NOW},v1={GOOD_V1},v1=zz",
        f"t={NOW},v1={GOOD_V1},v1={'a' * 63}",
        f"t={NOW},v1={GOOD_V1},garbage",
        f"t={NOW},v1={GOOD_V1},,",
        f"t={NOW},v1={GOOD_V1},t={NOW}",
        f"t={NOW},t=abc,v1={GOOD_V1}",
        f"t={NOW},v1={GOOD_V1}," + ",".join([f"v1={'0' * 64}"] * 16),
        f"t={NOW},v1={GOOD_V1},=",
    ],
)
def test_a_valid_signature_does_not_excuse_malformed_parts(receiver: AuthCore, value: str) -> None:
    with pytest.raises(InvalidHeaderError):
        receiver.verify(GOOD_BODY, hdrs(value))


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_header(receiver: AuthCore, value: str | None) -> None:
    with pytest.raises(MissingHeaderError) as info:
        receiver.verify(GOOD_BODY, hdrs(value))
    assert info.value.header == HEADER


def test_conflicting_duplicate_headers(receiver: AuthCore) -> None:
    headers = {HEADER: stamped(GOOD_BODY), HEADER.lower(): f"t={NOW},v1={'0' * 64}"}
    with pytest.raises(InvalidHeaderError):
        receiver.verify(GOOD_BODY, headers)


@settings(max_examples=300, deadline=None)
@given(
    value=st.text(max_size=200)
    | st.lists(
        st.sampled_from(["t=", "v1=", "sha256=", ",", "=", "1", "a", "F", " ", "-", "\u0663"]),
        max_size=40,
    ).map("".join)
)
def test_arbitrary_headers_raise_only_verification_errors(value: str) -> None:
    receiver = frozen()
    with contextlib.suppress(VerificationError):
        receiver.verify(GOOD_BODY, {HEADER: value})


# --- time ---------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-300, -1, 0, 1, 299, 300])
def test_within_tolerance_both_ways(offset: int) -> None:
    receiver = frozen(NOW + offset)
    assert receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY))).id == "e"


@pytest.mark.parametrize(("offset", "skew"), [(301, 301), (-301, -301), (86_400, 86_400)])
def test_one_second_past_the_tolerance(offset: int, skew: int) -> None:
    receiver = frozen(NOW + offset)
    with pytest.raises(TimestampError) as info:
        receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY)))
    assert info.value.skew == skew
    assert info.value.header == HEADER
    assert isinstance(info.value, VerificationError)


def test_future_timestamp_is_rejected(receiver: AuthCore) -> None:
    with pytest.raises(TimestampError) as info:
        receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY, stamp=NOW + 3600)))
    assert info.value.skew == -3600
    assert "ahead" in str(info.value)


def test_signature_is_checked_before_the_time() -> None:
    receiver = frozen(NOW + 10_000)
    with pytest.raises(InvalidSignatureError):
        receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY, secret=OTHER)))


def test_zero_tolerance_means_this_second() -> None:
    for now in (NOW, NOW + 0.001, NOW + 0.999):
        receiver = AuthCore(secret=SECRET, tolerance=timedelta(0), clock=lambda n=now: n)
        assert receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY))).id == "e"
    for now in (NOW - 0.001, NOW + 1, NOW - 1):
        receiver = AuthCore(secret=SECRET, tolerance=0, clock=lambda n=now: n)
        with pytest.raises(TimestampError):
            receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY)))


def test_tolerance_as_seconds_and_custom_values() -> None:
    receiver = AuthCore(secret=SECRET, tolerance=30, clock=lambda: NOW + 30)
    assert receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY))).id == "e"
    assert receiver.tolerance == timedelta(seconds=30)
    receiver = AuthCore(secret=SECRET, tolerance=timedelta(minutes=1), clock=lambda: NOW + 61)
    with pytest.raises(TimestampError):
        receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY)))


@pytest.mark.parametrize(
    "clock",
    [
        lambda: datetime.fromtimestamp(NOW + 299, tz=timezone.utc),
        lambda: datetime.fromtimestamp(NOW + 299, tz=timezone(timedelta(hours=-5))),
        lambda: datetime.fromtimestamp(NOW - 299, tz=timezone.utc).replace(tzinfo=None),
        lambda: NOW + 299,
        lambda: float(NOW - 299),
    ],
)
def test_clock_may_return_datetimes_or_unix_seconds(clock: object) -> None:
    receiver = AuthCore(secret=SECRET, clock=clock)  # type: ignore[arg-type]
    assert receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY))).id == "e"
    receiver = AuthCore(secret=SECRET, clock=clock, tolerance=298)  # type: ignore[arg-type]
    with pytest.raises(TimestampError):
        receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY)))


def test_default_clock_is_the_system_time() -> None:
    import time

    receiver = AuthCore(secret=SECRET)
    now = int(time.time())
    assert receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY, stamp=now))).id == "e"
    with pytest.raises(TimestampError):
        receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY, stamp=now - 3600)))


def test_a_clock_returning_nonsense_is_a_configuration_error() -> None:
    receiver = AuthCore(secret=SECRET, clock=lambda: "now")  # type: ignore[arg-type,return-value]
    with pytest.raises(ConfigurationError):
        receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY)))


def test_verify_ignoring_timestamp_replays_old_deliveries() -> None:
    assert AuthCore.verify_ignoring_timestamp.__doc__
    receiver = frozen(NOW + 365 * 86_400)
    old = hdrs(stamped(GOOD_BODY))
    with pytest.raises(TimestampError):
        receiver.verify(GOOD_BODY, old)
    event = receiver.verify_ignoring_timestamp(GOOD_BODY, old)
    assert event.id == "e"
    assert receiver.verify_ignoring_timestamp(GOOD_BODY.decode(), old).id == "e"
    with pytest.raises(InvalidSignatureError):
        receiver.verify_ignoring_timestamp(GOOD_BODY, hdrs(stamped(GOOD_BODY, secret=OTHER)))
    with pytest.raises(InvalidHeaderError):
        receiver.verify_ignoring_timestamp(GOOD_BODY, hdrs(f"t=x,v1={GOOD_V1}"))
    assert receiver.verify_ignoring_timestamp(GOOD_BODY, hdrs(mac(GOOD_BODY))).id == "e"


# --- configuration ------------------------------------------------------------------------


def test_forms_can_be_restricted() -> None:
    timestamped_only = AuthCore(secret=SECRET, clock=lambda: NOW, forms=["timestamped"])
    assert timestamped_only.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY))).id == "e"
    for value in (mac(GOOD_BODY), f"sha256={mac(GOOD_BODY)}"):
        with pytest.raises(InvalidHeaderError, match="not accepted"):
            timestamped_only.verify(GOOD_BODY, hdrs(value))
    plain_only = AuthCore(secret=SECRET, clock=lambda: NOW, forms=("plain",))
    assert plain_only.verify(GOOD_BODY, hdrs(mac(GOOD_BODY))).id == "e"
    with pytest.raises(InvalidHeaderError, match="not accepted"):
        plain_only.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY)))


@pytest.mark.parametrize(
    ("form", "headers"),
    [
        ("timestamped", {HEADER: f"t={NOW},v1={mac(GOOD_BODY, stamp=NOW)}"}),
        ("plain", {HEADER: f"sha256={mac(GOOD_BODY)}"}),
        ("plain", {HEADER: mac(GOOD_BODY)}),
        (
            "timestamp-header",
            {HEADER: f"sha256={mac(GOOD_BODY, stamp=NOW)}", "X-Webhook-Timestamp": str(NOW)},
        ),
    ],
)
def test_the_scheme_says_which_form_matched(form: str, headers: dict[str, str]) -> None:
    verified = frozen().scheme.authenticate(GOOD_BODY, headers)
    assert (verified.form, verified.payload) == (form, GOOD_BODY)
    assert verified.signed_at == (None if form == "plain" else NOW)


def test_header_name_is_configurable() -> None:
    receiver = AuthCore(secret=SECRET, clock=lambda: NOW, header="AuthCore-Signature")
    assert receiver.verify(GOOD_BODY, {"authcore-signature": stamped(GOOD_BODY)}).id == "e"
    with pytest.raises(MissingHeaderError) as info:
        receiver.verify(GOOD_BODY, hdrs(stamped(GOOD_BODY)))
    assert info.value.header == "AuthCore-Signature"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret": ""},
        {"secret": []},
        {"secret": [SECRET, " "]},
        {"secret": SECRET, "tolerance": -1},
        {"secret": SECRET, "tolerance": timedelta(seconds=-1)},
        {"secret": SECRET, "tolerance": float("nan")},
        {"secret": SECRET, "tolerance": float("inf")},
        {"secret": SECRET, "tolerance": "300"},
        {"secret": SECRET, "tolerance": True},
        {"secret": SECRET, "clock": 5},
        {"secret": SECRET, "header": ""},
        {"secret": SECRET, "forms": ()},
        {"secret": SECRET, "forms": "plain"},
        {"secret": SECRET, "forms": ("plain", "jwt")},
        {"secret": SECRET, "max_body_size": 0},
    ],
)
def test_bad_configuration_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError) as info:
        AuthCore(**kwargs)  # type: ignore[arg-type]
    assert SECRET not in str(info.value)


def test_repr_hides_secrets() -> None:
    receiver = AuthCore(secret=[SECRET, OTHER])
    assert SECRET not in repr(receiver)
    assert OTHER not in repr(receiver)
    assert "secrets=2" in repr(receiver)


# --- the header grammar: one signed value, one spelling -------------------------------------


HTTP_SPACE = " \t"


def _signed_as(text: str) -> str:
    """A v1 made over ``text`` as the signed t, whatever the header says t is."""
    return mac(GOOD_BODY, stamp=text)


@pytest.mark.parametrize(
    ("t_part", "signed"),
    [
        (f"t= {NOW}", str(NOW)),  # int() and str.strip() would accept each of these
        (f"t= {NOW}", f" {NOW}"),
        (f"t ={NOW}", str(NOW)),
        (f"t={NOW} 0", f"{NOW} 0"),
        (f"t=+{NOW}", f"+{NOW}"),
        (f"t=+{NOW}", str(NOW)),
        (f"t=1_{NOW}", f"1_{NOW}"),
        ("t=\u0661\u0662", "\u0661\u0662"),  # Arabic-Indic digits
        ("t=\uff11\uff17\uff16", "\uff11\uff17\uff16"),  # fullwidth digits
        (f"t=\t{NOW}", str(NOW)),
        (f"t={NOW}\u00a0", str(NOW)),  # no-break space: not HTTP whitespace
        (f"\u2003t={NOW}", str(NOW)),
        (f"t={NOW}\x1f", str(NOW)),
        (f"t=-{NOW}", f"-{NOW}"),
        (f"t={NOW}.0", f"{NOW}.0"),
    ],
)
def test_a_t_outside_the_ascii_digit_grammar_is_refused_even_correctly_signed(
    t_part: str, signed: str
) -> None:
    receiver = frozen()
    value = f"{t_part},v1={_signed_as(signed)}"
    with pytest.raises(InvalidHeaderError) as info:
        receiver.verify(GOOD_BODY, hdrs(value))
    assert info.value.header == HEADER


@pytest.mark.parametrize(
    "value",
    [
        f"v1 = {GOOD_V1},t={NOW}",
        f"t={NOW},v1= {GOOD_V1}",
        f"t={NOW},v1={GOOD_V1}\u00a0",
        f"sha256= {mac(GOOD_BODY)}",
        f"sha256={mac(GOOD_BODY)}\u00a0",
        f"\u00a0{mac(GOOD_BODY)}",
        f"\u017fha256={mac(GOOD_BODY)}",  # a long s, which upper-cases to S
    ],
)
def test_no_whitespace_or_lookalike_inside_a_part(receiver: AuthCore, value: str) -> None:
    with pytest.raises(InvalidHeaderError):
        receiver.verify(GOOD_BODY, hdrs(value))


@pytest.mark.parametrize(
    "value",
    [
        f"t={NOW},v1={GOOD_V1}",
        f" t={NOW},v1={GOOD_V1} ",  # spaces and tabs around the value
        f"\tt={NOW}\t,\tv1={GOOD_V1}\t",  # ... and around each part (RFC 9110 lists)
        f"t={NOW} , v1={GOOD_V1}",
        f"  sha256={mac(GOOD_BODY)}\t",
        f"\t{mac(GOOD_BODY)} ",
    ],
)
def test_http_whitespace_around_parts_is_skipped(receiver: AuthCore, value: str) -> None:
    assert receiver.verify(GOOD_BODY, hdrs(value)).type == "user.created"


def test_leading_zeros_are_signed_as_sent() -> None:
    # t is signed as sent: "0" + t and t are two signed values, each needing its own v1.
    receiver = frozen()
    padded = f"0{NOW}"
    assert receiver.verify(GOOD_BODY, hdrs(f"t={padded},v1={_signed_as(padded)}"))
    with pytest.raises(InvalidSignatureError):
        receiver.verify(GOOD_BODY, hdrs(f"t={padded},v1={GOOD_V1}"))
    with pytest.raises(InvalidHeaderError):  # still at most 12 digits
        receiver.verify(GOOD_BODY, hdrs(f"t=0000{NOW},v1={_signed_as(f'0000{NOW}')}"))


_AROUND = st.sampled_from(["", " ", "\t", "  ", "\u00a0", "\u2003", "\x1f", "+", "-", "0", "_"])
_CORE = st.text("0123456789", min_size=1, max_size=13) | st.text(
    st.characters(codec="utf-8", exclude_characters=","), max_size=13
)


@settings(max_examples=300, deadline=None)
@given(t=st.builds(lambda a, c, b: a + c + b, _AROUND, _CORE, _AROUND))
def test_only_ascii_digit_timestamps_verify(t: str) -> None:
    # Whatever t holds, signed correctly over that very text, it is accepted only when it is
    # 1 to 12 ASCII digits (around which spaces and tabs are list whitespace).
    receiver = AuthCore(secret=SECRET, tolerance=10**13)
    value = f"t={t},v1={mac(GOOD_BODY, stamp=t.strip(HTTP_SPACE))}"
    try:
        receiver.verify(GOOD_BODY, hdrs(value))
    except authhooks.WebhookError:
        accepted = False
    else:
        accepted = True
    core = t.rstrip(HTTP_SPACE)
    assert accepted == (1 <= len(core) <= 12 and all("0" <= c <= "9" for c in core)), repr(t)
