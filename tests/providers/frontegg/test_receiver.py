from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from authhooks import (
    ConfigurationError,
    Frontegg,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    PayloadError,
    TimestampError,
    VerificationError,
)
from authhooks.providers import frontegg as fe
from authhooks.samples import load_sample, sample_events

# 64 bytes: long enough for HS512 without PyJWT's short-key warning.
SECRET = ("fe-secret-a-" + "0123456789abcdef" * 4)[:64]
OTHER = ("fe-secret-b-" + "fedcba9876543210" * 4)[:64]

EXPECTED: dict[str, tuple[type[fe.FronteggEvent], str | None]] = {
    "frontegg.user.authenticated": (fe.UserAuthenticated, "auth.succeeded"),
    "frontegg.user.authenticatedWithSAML": (fe.UserAuthenticatedWithSAML, "auth.succeeded"),
    "frontegg.user.authenticatedWithSSO": (fe.UserAuthenticatedWithSSO, "auth.succeeded"),
    "frontegg.user.failedAuthentication": (fe.UserFailedAuthentication, "auth.failed"),
    "frontegg.user.enrolledMFA": (fe.UserEnrolledMFA, "mfa.enabled"),
    "frontegg.user.disabledMFA": (fe.UserDisabledMFA, "mfa.disabled"),
    "frontegg.user.created": (fe.UserCreated, "user.created"),
    "frontegg.user.signedUp": (fe.UserSignedUp, "user.created"),
    "frontegg.user.deleted": (fe.UserDeleted, "user.deleted"),
    "frontegg.user.updated": (fe.UserUpdated, "user.updated"),
    "frontegg.user.invitedToTenant": (fe.UserInvitedToTenant, "tenant.member_added"),
    "frontegg.user.changedPassword": (fe.UserChangedPassword, "credentials.changed"),
    "frontegg.user.forgotPassword": (fe.UserForgotPassword, "credentials.changed"),
    "frontegg.user.removedFromTenant": (fe.UserRemovedFromTenant, "tenant.member_removed"),
    "frontegg.user.activated": (fe.UserActivated, "user.updated"),
    "frontegg.userApiToken.created": (fe.UserApiTokenCreated, "api_key.created"),
    "frontegg.userApiToken.deleted": (fe.UserApiTokenDeleted, "api_key.deleted"),
    "frontegg.tenant.created": (fe.TenantCreated, "tenant.created"),
    "frontegg.tenant.updated": (fe.TenantUpdated, "tenant.updated"),
    "frontegg.tenant.deleted": (fe.TenantDeleted, "tenant.deleted"),
    "frontegg.tenantApiToken.created": (fe.TenantApiTokenCreated, "api_key.created"),
    "frontegg.tenantApiToken.deleted": (fe.TenantApiTokenDeleted, "api_key.deleted"),
}


def token(
    secret: str = SECRET,
    *,
    algorithm: str = "HS256",
    claims: dict[str, Any] | None = None,
    headers: dict[str, Any] | None = None,
    lifetime: int = 300,
) -> str:
    """A token as Frontegg makes it, built independently with PyJWT."""
    now = int(time.time())
    body = {"iat": now, "exp": now + lifetime} if claims is None else claims
    return jwt.encode(body, secret, algorithm=algorithm, headers=headers)


def request_headers(value: str | None) -> dict[str, str]:
    result = {"Content-Type": "application/json"}
    if value is not None:
        result["x-webhook-secret"] = value
    return result


BODY = json.dumps(
    {
        "user": {"id": "u1", "email": "ada@example.com", "metadata": '{"plan":"pro"}'},
        "eventContext": {"tenantId": "t1", "userId": "u1"},
        "eventKey": "frontegg.user.created",
    }
).encode()


@pytest.fixture
def receiver() -> Frontegg:
    return Frontegg(secret=SECRET)


def test_genuine_request(receiver: Frontegg) -> None:
    event = receiver.verify(BODY, request_headers(token()))
    assert isinstance(event, fe.UserCreated)
    assert event.provider == "frontegg"
    assert event.type == "frontegg.user.created"
    assert event.kind == "user.created"
    assert event.id == hashlib.sha256(BODY).hexdigest()
    assert event.occurred_at is None
    assert event.raw == json.loads(BODY)
    assert event.user is not None
    assert event.user.email == "ada@example.com"
    assert event.user.decoded_metadata == {"plan": "pro"}
    assert event.event_context.tenant_id == "t1"


@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_algorithms_on_request(algorithm: str) -> None:
    pinned = Frontegg(secret=SECRET, algorithms=[algorithm])
    assert pinned.verify(BODY, request_headers(token(algorithm=algorithm))).type
    if algorithm != "HS256":
        with pytest.raises(InvalidSignatureError):
            Frontegg(secret=SECRET).verify(BODY, request_headers(token(algorithm=algorithm)))


def test_several_algorithms() -> None:
    receiver = Frontegg(secret=SECRET, algorithms=("HS256", "HS512"))
    for algorithm in ("HS256", "HS512"):
        receiver.verify(BODY, request_headers(token(algorithm=algorithm)))
    with pytest.raises(InvalidSignatureError):
        receiver.verify(BODY, request_headers(token(algorithm="HS384")))


def test_rotation_accepts_any_listed_secret() -> None:
    receiver = Frontegg(secret=[OTHER, SECRET])
    receiver.verify(BODY, request_headers(token(SECRET)))
    receiver.verify(BODY, request_headers(token(OTHER)))
    with pytest.raises(InvalidSignatureError):
        Frontegg(secret=OTHER).verify(BODY, request_headers(token(SECRET)))


@pytest.mark.parametrize(
    "algorithms", ["none", ["HS256", "none"], ["RS256"], ["ES256"], ["PS256"], [], ["hs256"]]
)
def test_refused_algorithms_at_construction(algorithms: Any) -> None:
    with pytest.raises(ConfigurationError):
        Frontegg(secret=SECRET, algorithms=algorithms)


@pytest.mark.parametrize("leeway", [-1, float("nan"), float("inf"), "30", True])
def test_bad_leeway(leeway: Any) -> None:
    with pytest.raises(ConfigurationError):
        Frontegg(secret=SECRET, leeway=leeway)


@pytest.mark.parametrize("secret", ["", "   ", [], [SECRET, ""]])
def test_empty_secret(secret: Any) -> None:
    with pytest.raises(ConfigurationError):
        Frontegg(secret=secret)


def test_public_key_as_secret_is_refused() -> None:
    pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(ConfigurationError, match="looks like a public or private key"):
        Frontegg(secret=pem)


def test_alg_none_is_refused(receiver: Frontegg) -> None:
    now = int(time.time())
    unsigned = jwt.encode({"iat": now, "exp": now + 60}, None, algorithm="none")
    with pytest.raises(VerificationError):
        receiver.verify(BODY, request_headers(unsigned))
    # ...even with a signature appended, or the alg spelt differently.
    for alg in ("none", "None", "NONE", ""):
        head = _b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
        payload = _b64(json.dumps({"iat": now}).encode())
        forged = f"{head}.{payload}.{_b64(b'x' * 32)}"
        with pytest.raises(VerificationError):
            receiver.verify(BODY, request_headers(forged))


def test_asymmetric_token_is_refused(receiver: Frontegg) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rs = jwt.encode({"iat": int(time.time())}, private, algorithm="RS256")
    with pytest.raises(InvalidSignatureError):
        receiver.verify(BODY, request_headers(rs))


def test_missing_and_empty_header(receiver: Frontegg) -> None:
    with pytest.raises(MissingHeaderError):
        receiver.verify(BODY, request_headers(None))
    with pytest.raises(MissingHeaderError):
        receiver.verify(BODY, request_headers("  "))


def test_expired_token(receiver: Frontegg) -> None:
    now = int(time.time())
    old = token(claims={"iat": now - 900, "exp": now - 600})
    with pytest.raises(TimestampError) as info:
        receiver.verify(BODY, request_headers(old))
    assert info.value.skew >= 600


def test_not_yet_valid_and_future_tokens(receiver: Frontegg) -> None:
    now = int(time.time())
    with pytest.raises(TimestampError):
        receiver.verify(BODY, request_headers(token(claims={"nbf": now + 600})))
    with pytest.raises(TimestampError):
        receiver.verify(BODY, request_headers(token(claims={"iat": now + 600})))


def test_leeway() -> None:
    now = 1_800_000_000
    receiver = Frontegg(secret=SECRET, leeway=30, clock=lambda: now)
    fresh = token(claims={"iat": now - 320, "exp": now - 20})
    receiver.verify(BODY, request_headers(fresh))
    with pytest.raises(TimestampError):
        Frontegg(secret=SECRET, leeway=10, clock=lambda: now).verify(BODY, request_headers(fresh))
    assert Frontegg(secret=SECRET).leeway <= 60


def test_token_without_time_claims_is_accepted(receiver: Frontegg) -> None:
    receiver.verify(BODY, request_headers(token(claims={})))


@pytest.mark.parametrize("value", ["1900000000", True, None, [1], {"a": 1}, 1e400])
def test_time_claims_must_be_numbers(receiver: Frontegg, value: Any) -> None:
    head = _b64(b'{"alg":"HS256","typ":"JWT"}')
    payload = _b64(json.dumps({"exp": value}).encode().replace(b"Infinity", b"1e400"))
    with pytest.raises(VerificationError):
        receiver.verify(BODY, request_headers(_sign(f"{head}.{payload}")))


def test_tampered_payload_segment(receiver: Frontegg) -> None:
    head, _, sig = token().split(".")
    later = _b64(json.dumps({"iat": int(time.time()), "exp": 4_000_000_000}).encode())
    with pytest.raises(InvalidSignatureError):
        receiver.verify(BODY, request_headers(f"{head}.{later}.{sig}"))


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t + ".",
        lambda t: t + "." + t.split(".")[2],
        lambda t: t.rsplit(".", 1)[0],
        lambda t: t.replace(".", "..", 1),
        lambda t: t + "=",
        lambda t: t.split(".")[0] + "=." + t.split(".", 1)[1],
        lambda t: t.replace("-", "+").replace("_", "/") + "+/",
        lambda t: "Bearer " + t,
        lambda t: t[:-1] + "!",
        lambda t: t + " extra",
        lambda t: "é" + t,
        lambda t: "",
        lambda t: "....",
        lambda t: "a.b",
    ],
)
def test_malformed_tokens(receiver: Frontegg, mangle: Any) -> None:
    with pytest.raises(VerificationError):
        receiver.verify(BODY, request_headers(mangle(token())))


def test_crit_header_is_refused(receiver: Frontegg) -> None:
    crit = token(headers={"crit": ["exp"], "exp": 1})
    with pytest.raises(InvalidHeaderError):
        receiver.verify(BODY, request_headers(crit))


def test_unexpected_header_parameters_are_refused(receiver: Frontegg) -> None:
    for extra in ({"jku": "https://evil.example/jwks"}, {"jwk": {"kty": "oct"}}, {"b64": False}):
        with pytest.raises(InvalidHeaderError):
            receiver.verify(BODY, request_headers(token(headers=extra)))
    assert receiver.verify(BODY, request_headers(token(headers={"kid": "k1"}))).type


def test_every_single_byte_change_is_rejected(receiver: Frontegg) -> None:
    good = token()
    receiver.verify(BODY, request_headers(good))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.="
    for index, char in enumerate(good):
        for replacement in {alphabet[(alphabet.index(char) + 1) % len(alphabet)], "."}:
            if replacement == char:
                continue
            changed = good[:index] + replacement + good[index + 1 :]
            with pytest.raises(VerificationError):
                receiver.verify(BODY, request_headers(changed))


@pytest.mark.parametrize("event_key", list(EXPECTED))
def test_every_sample_is_typed(receiver: Frontegg, event_key: str) -> None:
    payload = load_sample("frontegg", event_key)
    body = json.dumps(payload).encode()
    event = receiver.verify(body, request_headers(token()))
    cls, kind = EXPECTED[event_key]
    assert type(event) is cls
    assert event.type == event_key
    assert event.kind == kind
    assert event.raw == payload
    if isinstance(event, fe.UserEvent):
        assert event.user is not None
        assert event.user.email == "ada@example.com"
    if isinstance(event, fe.TenantEvent):
        assert event.tenant is not None
        assert event.tenant.name
        assert event.tenant.decoded_metadata == {"region": "eu"}
    if isinstance(event, (fe.UserApiTokenEvent, fe.TenantApiTokenEvent)):
        assert event.api_token is not None
        assert event.api_token.client_id


def test_samples_cover_all_22_keys() -> None:
    assert sorted(sample_events("frontegg")) == sorted(EXPECTED)
    assert sorted(fe.EVENT_KEYS) == sorted(EXPECTED)


def test_full_user_payload(receiver: Frontegg) -> None:
    payload = load_sample("frontegg", "frontegg.user.updated")
    event = receiver.verify(json.dumps(payload).encode(), request_headers(token()))
    assert isinstance(event, fe.UserUpdated)
    user = event.user
    assert user is not None
    assert user.id == user.sub == payload["user"]["id"]
    assert user.verified is True
    assert user.phone_number == "+15555550123"
    assert user.profile_picture_url is not None
    assert user.provider == "local"
    assert user.mfa_enrolled is False
    assert user.decoded_metadata == {"plan": "pro", "referrer": "newsletter"}
    assert user.tenant_ids == [user.tenant_id]
    assert user.created_at is not None
    assert user.created_at.tzinfo is not None
    assert user.last_login is not None
    assert user.is_locked is False
    assert user.activated_for_tenant is True
    assert user.tenants is not None
    role = user.tenants[0].roles[0] if user.tenants[0].roles else None
    assert isinstance(role, fe.FronteggRole)
    assert role.key == "Admin"
    assert user.roles is not None
    assert isinstance(user.permissions[0] if user.permissions else None, fe.FronteggPermission)
    assert event.event_context.vendor_id is not None
    assert event.event_context.application_id is not None


@pytest.mark.parametrize(
    ("metadata", "decoded"),
    [
        ('{"a": [1, 2]}', {"a": [1, 2]}),
        ("not json {", None),
        ("", None),
        (None, None),
        ("[1]", [1]),
        ({"already": "decoded"}, {"already": "decoded"}),
    ],
)
def test_metadata_is_decoded_leniently(receiver: Frontegg, metadata: Any, decoded: Any) -> None:
    body = json.dumps(
        {"user": {"metadata": metadata}, "eventKey": "frontegg.user.updated"}
    ).encode()
    event = receiver.verify(body, request_headers(token()))
    assert isinstance(event, fe.UserUpdated)
    assert event.user is not None
    assert event.user.metadata == metadata
    assert event.user.decoded_metadata == decoded


def test_events_without_entity(receiver: Frontegg) -> None:
    body = b'{"eventContext": {"tenantId": "t"}, "eventKey": "frontegg.user.forgotPassword"}'
    event = receiver.verify(body, request_headers(token()))
    assert isinstance(event, fe.UserForgotPassword)
    assert event.user is None
    assert event.kind == "credentials.changed"
    body = b'{"eventKey": "frontegg.tenant.deleted"}'
    event = receiver.verify(body, request_headers(token()))
    assert isinstance(event, fe.TenantDeleted)
    assert event.tenant is None
    assert event.event_context.tenant_id is None


@pytest.mark.parametrize("key", ["userApiToken", "tenantApiToken", "apiToken"])
def test_api_token_entity_key_variants(receiver: Frontegg, key: str) -> None:
    body = json.dumps(
        {key: {"clientId": "c1", "secretHint": "kept"}, "eventKey": "frontegg.userApiToken.created"}
    ).encode()
    event = receiver.verify(body, request_headers(token()))
    assert isinstance(event, fe.UserApiTokenCreated)
    assert event.api_token is not None
    assert event.api_token.client_id == "c1"
    assert event.api_token.model_extra == {"secretHint": "kept"}


def test_unknown_event_keys_are_generic(receiver: Frontegg) -> None:
    body = json.dumps(
        {"user": {"x": 1}, "device": {"id": "d"}, "eventKey": "frontegg.user.newThing"}
    ).encode()
    event = receiver.verify(body, request_headers(token()))
    assert type(event) is fe.FronteggGenericEvent
    assert event.type == "frontegg.user.newThing"
    assert event.kind is None
    assert event.user == {"x": 1}
    assert event.model_extra == {"device": {"id": "d"}}


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"user": {}}', b'{"eventKey": 5}'])
def test_invalid_payloads(receiver: Frontegg, body: bytes) -> None:
    with pytest.raises(PayloadError):
        receiver.verify(body, request_headers(token()))


def test_repr_hides_secrets() -> None:
    text = repr(Frontegg(secret=[SECRET, OTHER]))
    assert SECRET not in text
    assert "secrets=2" in text


def test_frontegg_verifies_with_pyjwt_and_fetches_nothing() -> None:
    code = (
        "import sys, authhooks\n"
        "from authhooks.testing import sign_frontegg\n"
        "r = authhooks.Frontegg(secret='s' * 32)\n"
        "req = sign_frontegg({'eventKey': 'frontegg.user.created'}, secret='s' * 32)\n"
        "r.verify(req.body, req.headers)\n"
        "print(','.join(m for m in ('jwt', 'httpx', 'anyio') if m in sys.modules))\n"
    )
    # The token's HMAC is checked by PyJWT's algorithm; a shared secret needs no key fetching.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "jwt"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _sign(signing_input: str, secret: str = SECRET) -> str:
    import hmac

    digest = hmac.digest(secret.encode(), signing_input.encode(), "sha256")
    return f"{signing_input}.{_b64(digest)}"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"user": "x", "eventKey": "frontegg.user.created"}', "user"),
        (
            b'{"user": {"createdAt": "yesterday"}, "eventKey": "frontegg.user.updated"}',
            "user.createdAt",
        ),
        (b'{"tenant": {"name": 5}, "eventKey": "frontegg.tenant.created"}', "tenant.name"),
        (b'{"user": {}}', "eventKey"),
        (b'{"eventKey": 5}', "eventKey"),
        (b"[1]", None),
    ],
)
def test_payload_errors_name_the_field(receiver: Frontegg, body: bytes, field: str | None) -> None:
    with pytest.raises(PayloadError) as info:
        receiver.verify(body, request_headers(token()))
    assert info.value.field == field
    assert "tagged-union" not in str(info.value)
    assert info.value.raw == json.loads(body)
    assert info.value.body == body
