"""FusionAuth's events: every documented type typed with its kind, the envelope, instants
in milliseconds, tokens kept secret; and the keys from a JWKS endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from datetime import datetime, timezone
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from authhooks import FusionAuth, KeysUnavailableError, PayloadError, TimestampError
from authhooks.providers import fusionauth as fa
from authhooks.samples import load_sample, sample_events
from tests.providers.akamai.conftest import JwksServer

from .conftest import HEADER, SECRET, body_of, jwk, public_pem, request

EXPECTED: dict[str, tuple[type[fa.FusionAuthEvent], str | None]] = {
    "user.create": (fa.UserCreate, "user.created"),
    "user.create.complete": (fa.UserCreateComplete, "user.created"),
    "user.update": (fa.UserUpdate, "user.updated"),
    "user.update.complete": (fa.UserUpdateComplete, "user.updated"),
    "user.delete": (fa.UserDelete, "user.deleted"),
    "user.delete.complete": (fa.UserDeleteComplete, "user.deleted"),
    "user.bulk.create": (fa.UserBulkCreate, None),
    "user.deactivate": (fa.UserDeactivate, "user.locked"),
    "user.reactivate": (fa.UserReactivate, "user.unlocked"),
    "user.email.update": (fa.UserEmailUpdate, "user.updated"),
    "user.email.verified": (fa.UserEmailVerified, "user.updated"),
    "user.identity.verified": (fa.UserIdentityVerified, "user.updated"),
    "user.identity-provider.link": (fa.UserIdentityProviderLink, None),
    "user.identity-provider.unlink": (fa.UserIdentityProviderUnlink, None),
    "user.loginId.duplicate.create": (fa.UserLoginIdDuplicateCreate, None),
    "user.loginId.duplicate.update": (fa.UserLoginIdDuplicateUpdate, None),
    "user.action": (fa.UserAction, None),
    "user.login.success": (fa.UserLoginSuccess, "auth.succeeded"),
    "user.login.failed": (fa.UserLoginFailed, "auth.failed"),
    "user.login.new-device": (fa.UserLoginNewDevice, None),
    "user.login.suspicious": (fa.UserLoginSuspicious, None),
    "user.password.breach": (fa.UserPasswordBreach, None),
    "user.password.reset.send": (fa.UserPasswordResetSend, "password_reset.requested"),
    "user.password.reset.start": (fa.UserPasswordResetStart, None),
    "user.password.reset.success": (fa.UserPasswordResetSuccess, "password_reset.succeeded"),
    "user.password.update": (fa.UserPasswordUpdate, "credentials.changed"),
    "user.registration.create": (fa.UserRegistrationCreate, None),
    "user.registration.create.complete": (fa.UserRegistrationCreateComplete, None),
    "user.registration.update": (fa.UserRegistrationUpdate, None),
    "user.registration.update.complete": (fa.UserRegistrationUpdateComplete, None),
    "user.registration.delete": (fa.UserRegistrationDelete, None),
    "user.registration.delete.complete": (fa.UserRegistrationDeleteComplete, None),
    "user.registration.verified": (fa.UserRegistrationVerified, None),
    "user.two-factor.method.add": (fa.UserTwoFactorMethodAdd, "mfa.enabled"),
    "user.two-factor.method.remove": (fa.UserTwoFactorMethodRemove, "mfa.disabled"),
    "user.two-factor.challenge": (fa.UserTwoFactorChallenge, None),
    "user.two-factor.success": (fa.UserTwoFactorSuccess, None),
    "user.two-factor.failed-attempt": (fa.UserTwoFactorFailedAttempt, None),
    "jwt.refresh-token.revoke": (fa.JwtRefreshTokenRevoke, "session.ended"),
    "jwt.refresh": (fa.JwtRefresh, None),
    "jwt.public-key.update": (fa.JwtPublicKeyUpdate, None),
    "group.create": (fa.GroupCreate, None),
    "group.create.complete": (fa.GroupCreateComplete, None),
    "group.update": (fa.GroupUpdate, None),
    "group.update.complete": (fa.GroupUpdateComplete, None),
    "group.delete": (fa.GroupDelete, None),
    "group.delete.complete": (fa.GroupDeleteComplete, None),
    "group.member.add": (fa.GroupMemberAdd, None),
    "group.member.add.complete": (fa.GroupMemberAddComplete, None),
    "group.member.update": (fa.GroupMemberUpdate, None),
    "group.member.update.complete": (fa.GroupMemberUpdateComplete, None),
    "group.member.remove": (fa.GroupMemberRemove, None),
    "group.member.remove.complete": (fa.GroupMemberRemoveComplete, None),
    "audit-log.create": (fa.AuditLogCreate, None),
    "event-log.create": (fa.EventLogCreate, None),
    "kickstart.success": (fa.KickstartSuccess, None),
}


@pytest.fixture
def receiver() -> FusionAuth:
    return FusionAuth(SECRET)


def deliver(receiver: FusionAuth, document: Any) -> fa.FusionAuthEvent:
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return receiver.verify(*request(body, SECRET, algorithm="HS256"))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_documented_event_is_typed(receiver: FusionAuth, name: str) -> None:
    body = body_of(name)
    event = deliver(receiver, body)
    cls, kind = EXPECTED[name]
    assert type(event) is cls
    assert event.type == name
    assert event.kind == kind
    document = json.loads(body)
    assert event.raw == document
    assert event.id == document["event"]["id"]
    assert event.occurred_at is not None
    assert event.occurred_at.timestamp() * 1000 == pytest.approx(document["event"]["createInstant"])
    assert event.provider == "fusionauth"


def test_samples_cover_the_typed_events() -> None:
    assert sample_events("fusionauth") == sorted(EXPECTED)
    assert set(fa.EVENT_TYPES) - set(EXPECTED) == {"user.two-factor.failed.attempt"}


def test_the_docs_spelling_of_the_failed_attempt(receiver: FusionAuth) -> None:
    document = load_sample("fusionauth", "user.two-factor.failed-attempt")
    document["event"]["type"] = "user.two-factor.failed.attempt"
    event = deliver(receiver, document)
    assert isinstance(event, fa.UserTwoFactorFailedAttempt)
    assert event.type == "user.two-factor.failed.attempt"  # as sent
    assert event.method == "authenticator"


def test_the_fields_of_a_login(receiver: FusionAuth) -> None:
    event = deliver(receiver, load_sample("fusionauth", "user.login.success"))
    assert isinstance(event, fa.UserLoginSuccess)
    assert event.user.email == "example@fusionauth.io"
    assert event.user.registrations is not None
    registration = event.user.registrations[0]
    assert registration.roles == ["user"]
    assert registration.insert_instant == datetime(2015, 10, 28, 20, 38, 26, 250000, timezone.utc)
    assert event.authentication_type == "PASSWORD"
    assert event.info is not None
    assert event.info.ip_address == "42.42.42.42"
    assert event.info.location is not None
    assert event.info.location.display_string == "Denver, CO, US"
    assert event.tenant_id == "e872a880-b14f-6d62-c312-cb40f22af465"


def test_updates_carry_the_original(receiver: FusionAuth) -> None:
    event = deliver(receiver, load_sample("fusionauth", "user.update"))
    assert isinstance(event, fa.UserUpdate)
    assert event.user.email == "john@fusionauth.io"
    assert event.original is not None
    assert event.original.email == "example@fusionauth.io"
    event = deliver(receiver, load_sample("fusionauth", "user.registration.update"))
    assert isinstance(event, fa.UserRegistrationUpdate)
    assert event.registration.roles == ["admin"]
    assert event.original is not None
    assert event.original.roles == ["user"]


def test_a_login_failure_reason(receiver: FusionAuth) -> None:
    document = load_sample("fusionauth", "user.login.failed")
    document["event"]["reason"] = {"code": "lambdaValidation", "lambdaId": "l-1"}
    event = deliver(receiver, document)
    assert isinstance(event, fa.UserLoginFailed)
    assert event.reason is not None
    assert event.reason.code == "lambdaValidation"
    assert event.reason.lambda_id == "l-1"


def test_tokens_in_events_are_secret(receiver: FusionAuth) -> None:
    document = load_sample("fusionauth", "jwt.refresh")
    event = deliver(receiver, document)
    assert isinstance(event, fa.JwtRefresh)
    assert event.token is not None
    assert event.token.get_secret_value() == document["event"]["token"]
    for value in (document["event"]["token"], document["event"]["refreshToken"]):
        assert value[:16] not in repr(event)
        assert value[:16] not in str(event)
    revoked = load_sample("fusionauth", "jwt.refresh-token.revoke")
    revoked["event"]["refreshToken"] = {"id": "rt-1", "token": "opaque-refresh-token-value"}
    event = deliver(receiver, revoked)
    assert isinstance(event, fa.JwtRefreshTokenRevoke)
    assert event.refresh_token is not None
    assert "opaque-refresh-token-value" not in repr(event)


def test_an_unknown_type_is_generic_and_keeps_its_fields(receiver: FusionAuth) -> None:
    document = {
        "event": {
            "type": "entity.create",
            "id": "8b1c7e0a-0a4b-4d54-9f2c-2f0e6a8d3c11",
            "createInstant": 1690000000123,
            "entity": {"id": "e-1", "name": "Printer"},
        }
    }
    event = deliver(receiver, document)
    assert type(event) is fa.FusionAuthGenericEvent
    assert event.kind is None
    assert event.type == "entity.create"
    assert event.id == "8b1c7e0a-0a4b-4d54-9f2c-2f0e6a8d3c11"
    assert event.model_extra == {"entity": {"id": "e-1", "name": "Printer"}}
    assert event.raw == document


@pytest.mark.parametrize(
    "event",
    [
        {"id": "x"},  # no type
        {"type": 7},
        {"type": "user.create", "createInstant": "1505762615056"},  # instants are numbers
        {"type": "user.create", "createInstant": True},
        {"type": "user.create", "createInstant": 10**20},
        {"type": "user.create", "createInstant": float("inf")},
        {"type": "user.create", "createInstant": 1505762615056.5},  # a fraction
        {"type": "user.create", "createInstant": 1.505762615056e12},
        {"type": "user.create", "user": {"insertInstant": 1505762615056.25}},
        {"type": "user.create", "user": {"insertInstant": "2020-01-01T00:00:00Z"}},
        {"type": "user.create", "user": "someone"},
        {"type": "user.login.failed", "reason": "credentials"},
    ],
)
def test_authentic_but_malformed_events(receiver: FusionAuth, event: dict[str, Any]) -> None:
    document = {"event": event}
    body = json.dumps(document).encode().replace(b"Infinity", b"1e400")
    with pytest.raises(PayloadError):
        deliver(receiver, body)


@pytest.mark.parametrize("document", [[], "event", {"event": "user.create"}, {"event": None}])
def test_a_body_that_is_not_the_envelope(receiver: FusionAuth, document: Any) -> None:
    with pytest.raises(PayloadError):
        deliver(receiver, document)


def test_the_event_id_falls_back_to_the_body_digest(receiver: FusionAuth) -> None:
    body = b'{"event": {"type": "user.create"}}'
    event = deliver(receiver, body)
    assert event.id == hashlib.sha256(body).hexdigest()
    assert event.occurred_at is None


def test_a_stored_body_is_parsed_again(receiver: FusionAuth) -> None:
    body = body_of("user.delete")
    event = receiver.parse(body)
    assert isinstance(event, fa.UserDelete)
    assert event.raw == json.loads(body)


# -- createInstant as a replay bound (off by default) -----------------------------------------


def test_max_age_on_create_instant() -> None:
    document = load_sample("fusionauth", "user.create")  # 2017-09-18T19:23:35Z
    then = 1505762615.056
    assert deliver(FusionAuth(SECRET), document).type  # off by default
    bounded = FusionAuth(SECRET, max_age=3600, clock=lambda: then + 3599)
    assert deliver(bounded, document).type
    with pytest.raises(TimestampError):
        deliver(FusionAuth(SECRET, max_age=3600, clock=lambda: then + 3601), document)
    with pytest.raises(TimestampError):
        deliver(FusionAuth(SECRET, max_age=3600, clock=lambda: then - 301), document)
    assert (
        FusionAuth(SECRET, max_age=3600, clock=lambda: then + 7200)
        .parse(json.dumps(document).encode())
        .type
    )


# -- interoperability: authhooks signs, PyJWT verifies -----------------------------------------


@pytest.mark.parametrize("kind", ["HS256", "RS256", "ES256"])
def test_authhooks_tokens_verify_with_pyjwt(
    rsa_key: rsa.RSAPrivateKey, ec_keys: dict[str, ec.EllipticCurvePrivateKey], kind: str
) -> None:
    body = body_of("user.login.success")
    if kind == "HS256":
        receiver, verifying = FusionAuth(SECRET), SECRET
        request_ = receiver.scheme.sign(body, kid="k")
    else:
        private = rsa_key if kind == "RS256" else ec_keys["ES256"]
        receiver = FusionAuth(public_pem(private))
        verifying = public_pem(private)
        request_ = receiver.scheme.sign(body, signing_key=private, kid="k", algorithm=kind)
    token = request_.headers[HEADER]
    claims = jwt.decode(token, verifying, algorithms=[kind])
    expected = base64.b64encode(hashlib.sha256(request_.body).digest()).decode()
    assert claims["request_body_sha256"] == expected
    assert jwt.get_unverified_header(token) == {"alg": kind, "typ": "JWT", "kid": "k"}
    assert request_.body == body
    assert receiver.verify(request_.body, request_.headers).type == "user.login.success"


# -- keys from the instance's JWKS --------------------------------------------------------------


def test_keys_from_the_jwks_endpoint(rsa_key: rsa.RSAPrivateKey, jwks_server: JwksServer) -> None:
    base = f"http://127.0.0.1:{jwks_server.port}"
    receiver = FusionAuth(base)
    kid = "_H07wVG1fV3l5ih74rNxIC3nevE"
    for name in ("user.create", "user.login.success", "user.delete"):
        event = receiver.verify(*request(body_of(name), rsa_key, algorithm="RS256", kid=kid))
        assert event.type == name
    assert jwks_server.hits == 1
    assert jwks_server.paths == ["/.well-known/jwks.json"]


def test_rsa_and_ec_keys_of_one_jwks(
    rsa_key: rsa.RSAPrivateKey,
    ec_keys: dict[str, ec.EllipticCurvePrivateKey],
    jwks_server: JwksServer,
) -> None:
    receiver = FusionAuth(f"http://127.0.0.1:{jwks_server.port}/.well-known/jwks.json")
    key = ec_keys["ES384"]
    jwks_server.jwks = {"keys": [*jwks_server.jwks["keys"], jwk(key, "es", "ES384")]}

    async def both() -> list[str]:
        first = await receiver.averify(*request(BODY_DELETE, rsa_key, algorithm="RS256", kid=KID))
        second = await receiver.averify(*request(BODY_DELETE, key, algorithm="ES384", kid="es"))
        return [first.type, second.type]

    assert asyncio.run(both()) == ["user.delete", "user.delete"]
    assert jwks_server.hits == 1


def test_an_unreachable_jwks_is_a_503(rsa_key: rsa.RSAPrivateKey, jwks_server: JwksServer) -> None:
    jwks_server.mode = "garbage"
    receiver = FusionAuth(f"http://127.0.0.1:{jwks_server.port}")
    with pytest.raises(KeysUnavailableError):
        receiver.verify(*request(BODY_DELETE, rsa_key, algorithm="RS256", kid=KID))


KID = "_H07wVG1fV3l5ih74rNxIC3nevE"
BODY_DELETE = body_of("user.delete")
