from __future__ import annotations

import base64
import hmac
import json
import subprocess
import sys
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

import authhooks
from authhooks import (
    Akamai,
    ConfigurationError,
    InvalidSignatureError,
    KeysUnavailableError,
    PayloadError,
    TimestampError,
    VerificationError,
)
from authhooks.providers import akamai as ak
from authhooks.samples import load_sample, sample_events
from authhooks.testing import AkamaiTestKeys

from .conftest import AUDIENCE, ISSUER, JwksServer

HEADERS = {
    "Content-Type": "application/secevent+jwt",
    "User-Agent": "Akamai Identity Cloud Webhooks/3.0",
}

EXPECTED: dict[str, tuple[type[ak.AkamaiEvent], str | None]] = {
    "entityCreated": (ak.EntityCreated, "user.created"),
    "entityUpdated": (ak.EntityUpdated, "user.updated"),
    "entityDeleted": (ak.EntityDeleted, "user.deleted"),
    "test": (ak.TestEvent, None),
    "userCredentialUpdated": (ak.UserCredentialUpdated, "credentials.changed"),
}


def claims(name: str = "entityUpdated", **changes: Any) -> dict[str, Any]:
    result: dict[str, Any] = load_sample("akamai", name)
    result["iat"] = int(time.time())
    result["aud"] = [AUDIENCE]
    result.update(changes)
    return {key: value for key, value in result.items() if value is not None}


def token(
    keys: AkamaiTestKeys,
    payload: dict[str, Any] | None = None,
    *,
    algorithm: str = "RS256",
    header: dict[str, Any] | None = None,
) -> bytes:
    """A SET as Akamai makes it, built independently with PyJWT."""
    jose = {"kid": keys.kid, "typ": "secevent+jwt", **(header or {})}
    jose = {key: value for key, value in jose.items() if value is not None}
    encoded = jwt.encode(
        claims() if payload is None else payload,
        keys.private_key,
        algorithm=algorithm,
        headers=jose,
    )
    return encoded.encode()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def receiver(keys: AkamaiTestKeys) -> Akamai:
    return Akamai(keys=keys.jwks, audience=AUDIENCE)


def test_genuine_delivery(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    payload = claims()
    event = receiver.verify(token(keys, payload), HEADERS)
    assert isinstance(event, ak.EntityUpdated)
    assert event.provider == "akamai"
    assert event.type == "entityUpdated"
    assert event.kind == "user.updated"
    assert event.id == payload["events"]["entityUpdated"]["id"]
    assert event.occurred_at is not None
    assert event.occurred_at.timestamp() == payload["toe"]
    assert event.raw == payload
    assert event.attributes == ["givenName", "familyName", "primaryAddress.city"]
    assert event.data.entity_type == "user"
    assert event.data.sub == payload["events"]["entityUpdated"]["sub"]
    assert event.jti == payload["jti"]
    assert event.iss == payload["iss"]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_sample_is_typed(receiver: Akamai, keys: AkamaiTestKeys, name: str) -> None:
    payload = claims(name)
    event = receiver.verify(token(keys, payload), HEADERS)
    cls, kind = EXPECTED[name]
    assert type(event) is cls
    assert event.type == name
    assert event.kind == kind
    assert event.id == payload["events"][name]["id"]
    assert event.raw == payload


def test_samples_cover_the_published_events() -> None:
    assert sample_events("akamai") == sorted(EXPECTED)
    for name in EXPECTED:  # each sample is a whole Security Event Token's claims
        assert {"iss", "iat", "jti", "aud", "toe", "events"} <= set(load_sample("akamai", name))


def test_credential_type(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    event = receiver.verify(token(keys, claims("userCredentialUpdated")), HEADERS)
    assert isinstance(event, ak.UserCredentialUpdated)
    assert event.data.credential_type == "password"


def test_kind_only_for_user_entities(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    payload = claims("entityCreated")
    payload["events"]["entityCreated"]["entityType"] = "organization"
    event = receiver.verify(token(keys, payload), HEADERS)
    assert isinstance(event, ak.EntityCreated)
    assert event.kind is None


def test_occurred_at_falls_back_to_iat_and_id_to_jti(
    receiver: Akamai, keys: AkamaiTestKeys
) -> None:
    payload = claims("test", toe=None)
    payload["events"] = {"test": {}}
    event = receiver.verify(token(keys, payload), HEADERS)
    assert event.occurred_at is not None
    assert event.occurred_at.timestamp() == payload["iat"]
    assert event.id == payload["jti"]


def test_unknown_event_is_generic(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    payload = claims(events={"entityMerged": {"id": "e-9", "extra": [1]}}, txn=None)
    event = receiver.verify(token(keys, payload), HEADERS)
    assert type(event) is ak.AkamaiGenericEvent
    assert event.type == "entityMerged"
    assert event.kind is None
    assert event.id == "e-9"
    assert event.data == {"id": "e-9", "extra": [1]}


@pytest.mark.parametrize("events", [{}, {"a": {}, "b": {}}, None, [], "entityCreated"])
def test_events_must_hold_exactly_one_event(
    receiver: Akamai, keys: AkamaiTestKeys, events: Any
) -> None:
    payload = claims()
    payload["events"] = events
    with pytest.raises(PayloadError) as info:
        receiver.verify(token(keys, payload), HEADERS)
    assert info.value.raw == payload


def test_malformed_event_body_is_a_payload_error(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    payload = claims(events={"entityUpdated": {"attributes": "givenName"}})
    with pytest.raises(PayloadError) as info:
        receiver.verify(token(keys, payload), HEADERS)
    assert info.value.raw == payload


def test_keys_as_pem_jwk_list_and_key_object(keys: AkamaiTestKeys) -> None:
    body = token(keys)
    public = serialization.load_pem_public_key(keys.public_pem)
    for configured in (
        keys.public_pem,
        keys.public_pem.decode(),
        keys.jwk,
        [keys.jwk],
        [AkamaiTestKeys.generate("x").jwks, keys.jwks],
        public,
    ):
        assert Akamai(keys=configured, audience=AUDIENCE).verify(body, HEADERS).type


def test_pem_keys_accept_tokens_without_kid(keys: AkamaiTestKeys) -> None:
    body = token(keys, header={"kid": None})
    assert Akamai(keys=keys.public_pem, audience=AUDIENCE).verify(body, HEADERS).type
    with pytest.raises(InvalidSignatureError):
        Akamai(keys=keys.jwks, audience=AUDIENCE).verify(body, HEADERS)


def test_typ(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    for typ in ("secevent+jwt", "application/secevent+jwt", "SECEVENT+JWT"):
        assert receiver.verify(token(keys, header={"typ": typ}), HEADERS).type
    for typ in ("JWT", "at+jwt", None, 1):
        with pytest.raises(VerificationError):
            receiver.verify(token(keys, header={"typ": typ}), HEADERS)


@pytest.mark.parametrize("algorithm", ["RS384", "RS512", "PS256"])
def test_other_rsa_algorithms_are_refused(
    receiver: Akamai, keys: AkamaiTestKeys, algorithm: str
) -> None:
    with pytest.raises(InvalidSignatureError):
        receiver.verify(token(keys, algorithm=algorithm), HEADERS)


def test_alg_none_is_refused(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    head = b64(json.dumps({"alg": "none", "typ": "secevent+jwt", "kid": keys.kid}).encode())
    payload = b64(json.dumps(claims()).encode())
    for signature in ("", b64(b"\0" * 256)):
        with pytest.raises(VerificationError):
            receiver.verify(f"{head}.{payload}.{signature}".encode(), HEADERS)
    unsigned = jwt.encode(claims(), None, algorithm="none", headers={"typ": "secevent+jwt"})
    with pytest.raises(VerificationError):
        receiver.verify(unsigned, HEADERS)


def test_hs256_signed_with_the_public_key_is_refused(
    receiver: Akamai, keys: AkamaiTestKeys
) -> None:
    """Algorithm confusion: an attacker knows the public key and uses it as an HMAC secret."""
    for alg in ("HS256", "HS384", "HS512"):
        head = b64(json.dumps({"alg": alg, "typ": "secevent+jwt", "kid": keys.kid}).encode())
        signing_input = f"{head}.{b64(json.dumps(claims()).encode())}"
        for secret in (keys.public_pem, json.dumps(keys.jwk).encode()):
            digest = "sha" + alg[2:]
            mac = hmac.digest(secret, signing_input.encode(), digest)
            with pytest.raises(InvalidSignatureError):
                receiver.verify(f"{signing_input}.{b64(mac)}".encode(), HEADERS)


def test_ecdsa_token_is_refused(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    body = jwt.encode(claims(), private, algorithm="ES256", headers={"kid": keys.kid})
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, HEADERS)


def test_kid_pointing_at_a_missing_key(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    with pytest.raises(InvalidSignatureError) as info:
        receiver.verify(token(keys, header={"kid": "no-such-key"}), HEADERS)
    assert info.value.reason == "unknown_key"


def test_kid_must_be_a_non_empty_string(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    for kid in (7, "", ["kid-1"]):
        # PyJWT refuses to make such tokens: the helper signs them.
        with pytest.raises(VerificationError):
            receiver.verify(keys.sign(claims(), header={"kid": kid}).encode(), HEADERS)


def test_forged_with_another_key_under_our_kid(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    forger = AkamaiTestKeys.generate(keys.kid)
    with pytest.raises(InvalidSignatureError):
        receiver.verify(token(forger), HEADERS)


def test_embedded_keys_and_key_urls_are_never_used(
    receiver: Akamai, keys: AkamaiTestKeys, jwks_server: JwksServer
) -> None:
    attacker = AkamaiTestKeys.generate("attacker")
    jwks_server.jwks = attacker.jwks
    for header in (
        {"kid": "attacker", "jku": jwks_server.url},
        {"kid": "attacker", "x5u": jwks_server.url},
        {"kid": "attacker", "jwk": attacker.jwk},
        {"kid": keys.kid, "jwk": attacker.jwk},
    ):
        with pytest.raises(InvalidSignatureError):
            receiver.verify(token(attacker, header=header), HEADERS)
    assert jwks_server.hits == 0
    # A genuine token may carry jku (Akamai's own tokens do): it is simply ignored.
    assert receiver.verify(token(keys, header={"jku": jwks_server.url}), HEADERS).type
    assert jwks_server.hits == 0


def test_crit_is_refused(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    with pytest.raises(VerificationError):
        receiver.verify(token(keys, header={"crit": ["exp"], "exp": 1}), HEADERS)


def test_expired_and_future_tokens(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    now = int(time.time())
    # iat: up to 26 h in the past (Akamai's retries re-send the token), 300 s in the future.
    for iat in (now - 26 * 3600 - 60, now - 3 * 86400, now + 330, now + 86400):
        with pytest.raises(TimestampError) as info:
            receiver.verify(token(keys, claims(iat=iat)), HEADERS)
        assert abs(info.value.skew) >= 300
    for iat in (now - 240, now + 240, now - 330, now - 86400):
        assert receiver.verify(token(keys, claims(iat=iat)), HEADERS).type
    with pytest.raises(TimestampError):
        receiver.verify(token(keys, claims(exp=now - 3600)), HEADERS)
    with pytest.raises(TimestampError):
        receiver.verify(token(keys, claims(nbf=now + 3600)), HEADERS)


def test_tolerance_and_clock(keys: AkamaiTestKeys) -> None:
    body = token(keys, claims(iat=1_800_000_000))
    Akamai(keys=keys.jwks, audience=AUDIENCE, clock=lambda: 1_800_000_100).verify(body, HEADERS)
    Akamai(keys=keys.jwks, audience=AUDIENCE, clock=lambda: 1_799_999_900).verify(body, HEADERS)
    ahead = Akamai(keys=keys.jwks, audience=AUDIENCE, tolerance=60, clock=lambda: 1_799_999_900)
    with pytest.raises(TimestampError):
        ahead.verify(body, HEADERS)
    old = Akamai(keys=keys.jwks, audience=AUDIENCE, max_age=60, clock=lambda: 1_800_000_100)
    with pytest.raises(TimestampError):
        old.verify(body, HEADERS)


@pytest.mark.parametrize("iat", [None, "1800000000", True, 1e400, [1]])
def test_iat_is_required_and_numeric(receiver: Akamai, keys: AkamaiTestKeys, iat: Any) -> None:
    payload = claims()
    payload.pop("iat")
    if iat is not None:
        payload["iat"] = iat
    head = b64(json.dumps({"alg": "RS256", "typ": "secevent+jwt", "kid": keys.kid}).encode())
    text = json.dumps(payload).replace("Infinity", "1e400")
    signing_input = f"{head}.{b64(text.encode())}"
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    signature = keys.private_key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(VerificationError):
        receiver.verify(f"{signing_input}.{b64(signature)}".encode(), HEADERS)


def test_audience(keys: AkamaiTestKeys) -> None:
    receiver = Akamai(keys=keys.jwks, audience=AUDIENCE)
    receiver.verify(token(keys, claims(aud=AUDIENCE)), HEADERS)
    receiver.verify(token(keys, claims(aud=["https://other.example", AUDIENCE])), HEADERS)
    for aud in ("https://other.example", ["https://other.example"], [], [AUDIENCE, 1], 5, ""):
        with pytest.raises(VerificationError) as info:
            receiver.verify(token(keys, claims(aud=aud)), HEADERS)
        assert info.value.reason == "invalid_audience"
    payload = claims()
    del payload["aud"]
    with pytest.raises(VerificationError):
        receiver.verify(token(keys, payload), HEADERS)
    several = Akamai(keys=keys.jwks, audience=["https://a.example", AUDIENCE])
    several.verify(token(keys, claims(aud=AUDIENCE)), HEADERS)


def test_issuer(keys: AkamaiTestKeys) -> None:
    receiver = Akamai(keys=keys.jwks, audience=AUDIENCE, issuer=ISSUER)
    receiver.verify(token(keys, claims(iss=ISSUER)), HEADERS)
    for iss in ("Akamai Identity Cloud", ISSUER + "/", None, 7):
        with pytest.raises(VerificationError) as info:
            receiver.verify(keys.sign(claims(iss=iss)).encode(), HEADERS)
        assert info.value.reason == "invalid_issuer"
    both = Akamai(keys=keys.jwks, audience=AUDIENCE, issuer=[ISSUER, "Akamai Identity Cloud"])
    both.verify(token(keys, claims(iss="Akamai Identity Cloud")), HEADERS)
    # Without issuer=, any iss passes.
    Akamai(keys=keys.jwks, audience=AUDIENCE).verify(token(keys, claims(iss="x")), HEADERS)


def test_tampered_payload_segment(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    head, _, signature = token(keys).decode().split(".")
    other = b64(json.dumps(claims("entityDeleted")).encode())
    with pytest.raises(InvalidSignatureError):
        receiver.verify(f"{head}.{other}.{signature}".encode(), HEADERS)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t + b".",
        lambda t: t + b"." + t.split(b".")[2],
        lambda t: t.rsplit(b".", 1)[0],
        lambda t: t.replace(b".", b"..", 1),
        lambda t: t + b"==",
        lambda t: t[:-1] + b"!",
        lambda t: t.replace(b"-", b"+").replace(b"_", b"/") + b"+/",
        lambda t: b"\xff" + t,
        lambda t: b"",
        lambda t: b"....",
    ],
)
def test_malformed_tokens(receiver: Akamai, keys: AkamaiTestKeys, mangle: Any) -> None:
    with pytest.raises(VerificationError):
        receiver.verify(mangle(token(keys)), HEADERS)


def test_surrounding_whitespace_is_tolerated(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    assert receiver.verify(token(keys) + b"\r\n", HEADERS).type


def test_every_single_byte_change_is_rejected(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    good = token(keys)
    receiver.verify(good, HEADERS)
    for index in range(len(good)):
        for replacement in (b"A" if good[index : index + 1] != b"A" else b"B", b"."):
            changed = good[:index] + replacement + good[index + 1 :]
            if changed == good:
                continue
            with pytest.raises(VerificationError):
                receiver.verify(changed, HEADERS)


def test_json_body_says_a_token_was_expected(receiver: Akamai) -> None:
    body = json.dumps(claims()).encode()
    with pytest.raises(VerificationError) as info:
        receiver.verify(body, {"Content-Type": "application/json"})
    assert "secevent+jwt" in str(info.value)
    assert not isinstance(info.value, PayloadError)


def test_keys_unavailable_is_not_a_verification_error() -> None:
    assert not issubclass(KeysUnavailableError, VerificationError)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"audience": AUDIENCE},
        {"keys": "jwks", "audience": AUDIENCE},
        {"jwks_url": "file:///etc/passwd", "audience": AUDIENCE},
        {"jwks_url": "ftp://example.com/jwk", "audience": AUDIENCE},
        {"jwks_url": "https://", "audience": AUDIENCE},
        {"jwks_url": "https://example.com/jwk", "audience": ""},
        {"jwks_url": "https://example.com/jwk", "audience": []},
        {"jwks_url": "https://example.com/jwk", "audience": AUDIENCE, "tolerance": -1},
        {"jwks_url": "https://example.com/jwk", "audience": AUDIENCE, "timeout": 0},
        {"jwks_url": "https://example.com/jwk", "audience": AUDIENCE, "refetch_interval": "x"},
        {"keys": {"keys": []}, "audience": AUDIENCE},
        {"keys": {"keys": [{"kty": "EC", "kid": "e"}]}, "audience": AUDIENCE},
        {"keys": {"kty": "RSA", "n": "!!", "e": "AQAB"}, "audience": AUDIENCE},
        {"keys": 42, "audience": AUDIENCE},
        {"keys": [], "audience": AUDIENCE},
    ],
)
def test_configuration_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        Akamai(**kwargs)


def test_private_and_short_keys_are_refused(keys: AkamaiTestKeys) -> None:
    with pytest.raises(ConfigurationError, match="public key"):
        Akamai(keys=keys.private_pem, audience=AUDIENCE)
    short = AkamaiTestKeys.generate("short", bits=1024)
    with pytest.raises(ConfigurationError, match="2048"):
        Akamai(keys=short.public_pem, audience=AUDIENCE)
    ec_pem = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(ConfigurationError):
        Akamai(keys=ec_pem, audience=AUDIENCE)


def test_repr_hides_keys(keys: AkamaiTestKeys) -> None:
    text = repr(Akamai(keys=keys.jwks, audience=AUDIENCE))
    assert keys.jwk["n"][:20] not in text
    assert "keys=1" in text


def test_sign_akamai_round_trip(keys: AkamaiTestKeys) -> None:
    from authhooks.testing import sign_akamai

    request = sign_akamai(load_sample("akamai", "entityCreated"), keys=keys, audience=AUDIENCE)
    assert request.headers["Content-Type"] == "application/secevent+jwt"
    assert request.headers["User-Agent"].startswith("Akamai Identity Cloud Webhooks")
    event = Akamai(keys=keys.jwks, audience=AUDIENCE).verify(request.body, request.headers)
    assert isinstance(event, ak.EntityCreated)
    # PyJWT agrees that the helper's tokens are genuine.
    public = serialization.load_pem_public_key(keys.public_pem)
    assert isinstance(public, rsa.RSAPublicKey)
    decoded = jwt.decode(request.body, public, algorithms=["RS256"], audience=AUDIENCE)
    assert decoded["events"] == load_sample("akamai", "entityCreated")["events"]
    assert jwt.get_unverified_header(request.body) == {
        "typ": "secevent+jwt",
        "alg": "RS256",
        "kid": keys.kid,
    }


def test_cryptography_loads_only_when_a_receiver_is_built() -> None:
    code = (
        "import sys, authhooks\n"
        "cls = authhooks.Akamai\n"
        "print('cryptography' in sys.modules, 'jwt' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_certificate_pem_is_accepted(keys: AkamaiTestKeys) -> None:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "akamai test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(keys.private_key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(keys.private_key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    assert Akamai(keys=pem, audience=AUDIENCE).verify(token(keys), HEADERS).type


@pytest.mark.parametrize(
    "kwargs",
    [
        {"keys": {"kty": "RSA", "kid": 5, "n": "AQAB", "e": "AQAB"}},
        {"keys": {"kty": "RSA", "kid": "k"}},
        {"keys": "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n"},
        {"jwks_url": 5},
        {"keys": None, "jwks_url": None},
        {"jwks_url": "https://example.com/jwk", "tolerance": "300"},
        {"jwks_url": "https://example.com/jwk", "clock": "now"},
        {"jwks_url": "https://example.com/jwk", "issuer": 5},
        {"jwks_url": "https://example.com/jwk", "audience": 5},
        {"jwks_url": "https://example.com/jwk", "audience": [AUDIENCE, ""]},
    ],
)
def test_more_configuration_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        Akamai(**{"audience": AUDIENCE, **kwargs})


def test_unencoded_payload_header_is_refused(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    with pytest.raises(VerificationError):
        receiver.verify(keys.sign(claims(), header={"b64": False}).encode(), HEADERS)


def test_huge_iat_is_refused(receiver: Akamai, keys: AkamaiTestKeys) -> None:
    with pytest.raises(VerificationError):
        receiver.verify(keys.sign(claims(iat=10**400)).encode(), HEADERS)


def test_jwks_and_pem_keys_together(keys: AkamaiTestKeys, other_keys: AkamaiTestKeys) -> None:
    receiver = Akamai(keys=[keys.jwks, other_keys.public_pem], audience=AUDIENCE)
    receiver.verify(token(keys), HEADERS)
    # other_keys' PEM has no kid: it is tried for a kid the JWKS does not know.
    receiver.verify(token(other_keys), HEADERS)


@pytest.mark.parametrize(
    ("events", "changes", "field"),
    [
        ({"entityUpdated": {"attributes": "x"}}, {}, "events.entityUpdated.attributes"),
        ({"test": {"id": 5}}, {}, "events.test.id"),
        ({"entityMerged": {}}, {"toe": "soon"}, "toe"),
    ],
)
def test_payload_errors_name_the_field(
    receiver: Akamai, keys: AkamaiTestKeys, events: Any, changes: Any, field: str
) -> None:
    payload = claims(events=events, **changes)
    with pytest.raises(PayloadError) as info:
        receiver.verify(keys.sign(payload).encode(), HEADERS)
    assert info.value.field == field
    assert info.value.raw == payload


def test_test_keys_from_pem(keys: AkamaiTestKeys) -> None:
    again = AkamaiTestKeys.from_pem(keys.private_pem.decode(), kid=keys.kid)
    assert again.jwks == keys.jwks
    assert (
        Akamai(keys=keys.jwks, audience=AUDIENCE)
        .verify(again.sign(claims()).encode(), HEADERS)
        .type
    )
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(ValueError, match="RSA"):
        AkamaiTestKeys.from_pem(ec_pem, kid="ec")


def test_every_mutation_gets_the_same_verdict_as_pyjwt(
    receiver: Akamai, keys: AkamaiTestKeys
) -> None:
    """Each character replaced: the RS256 path agrees with ``jwt.decode`` (same key,
    audience), except that PyJWT alone accepts base64 padding."""
    public = serialization.load_pem_public_key(keys.public_pem)
    good = token(keys).decode()

    def theirs(candidate: str) -> bool:
        try:
            jwt.decode(candidate, public, algorithms=["RS256"], audience=AUDIENCE)
        except (jwt.PyJWTError, ValueError, TypeError, OverflowError):
            return False
        return True

    def ours(candidate: str) -> bool:
        try:
            receiver.verify(candidate, HEADERS)
        except authhooks.WebhookError:
            return False
        return True

    assert theirs(good)
    assert ours(good)
    for index in range(0, len(good), 3):
        for char in "AQw_.=":
            mutant = good[:index] + char + good[index + 1 :]
            if mutant == good:
                continue
            verdict = ours(mutant)
            if theirs(mutant) and not verdict:
                assert "=" in mutant
            else:
                assert verdict == theirs(mutant), mutant


@pytest.mark.parametrize(
    "iss",
    [
        [ISSUER],  # a list holding the right issuer is still not the issuer
        [],
        {"iss": ISSUER},
        {},
        [[ISSUER]],
        1.5,
        True,
        False,
        10**30,
    ],
)
def test_an_issuer_of_another_json_type_is_an_invalid_issuer(
    keys: AkamaiTestKeys, iss: Any
) -> None:
    receiver = Akamai(keys=keys.jwks, audience=AUDIENCE, issuer=[ISSUER, "Akamai Identity Cloud"])
    with pytest.raises(VerificationError) as info:
        receiver.verify(keys.sign(claims(iss=iss)).encode(), HEADERS)
    assert info.value.reason == "invalid_issuer"
    # Without issuer=, the token is authentic, but its iss is not the string it must be.
    with pytest.raises(PayloadError) as payload:
        Akamai(keys=keys.jwks, audience=AUDIENCE).verify(
            keys.sign(claims(iss=iss)).encode(), HEADERS
        )
    assert payload.value.field == "iss"
