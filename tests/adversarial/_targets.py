"""What the adversarial suite and the fuzz targets attack.

Every registered provider with its demo credentials (from the registry: a new provider is
attacked with no change here), and [`Webhook`][authhooks.Webhook] with every scheme of
[`authhooks.schemes`][authhooks.schemes] in each of its forms: ``StaticSecret`` (Bearer,
Basic, the raw value), ``BodyHmac`` (hex, base64), ``TimestampedHmac`` (seconds,
milliseconds), ``StandardWebhooks`` (HMAC, Ed25519) and ``Jwt`` (in a header, as the body,
signing the body's digest; HMAC and RSA keys).

No pytest here: ``fuzz/run.py`` imports this module too.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import authhooks.providers
from authhooks import WebhookError
from authhooks.events import WebhookEvent
from authhooks.receiver import Receiver
from authhooks.schemes import (
    BodyHmac,
    Jwt,
    Scheme,
    StandardWebhooks,
    StaticSecret,
    TimestampedHmac,
)
from authhooks.signing import SignedRequest
from authhooks.webhook import Webhook

#: The frozen clock of the scheme targets (2023-11-14T22:13:20Z): signer and receiver agree.
NOW = 1_700_000_000
SECRET = "adversarial-scheme-secret-3f9a1c7e5b2d8046"
OTHER_SECRET = "adversarial-forger-secret-8e2d6b4a0c1f3957"
AUDIENCE = "https://hooks.example.com/acme"
KID = "acme-key-1"
#: What the scheme targets send (a JSON body, or a token's claims).
DOCUMENT: dict[str, Any] = {
    "type": "invoice.paid",
    "id": "evt_2Kq3adversarial",
    "created": "2026-11-22T16:03:12Z",
    "data": {"invoice": "in_1", "amount": 4200, "currency": "eur", "lines": [1, 2, 3]},
}


def is_jwt(value: str) -> bool:
    """A compact JWS: three base64url segments, the first a JSON object."""
    parts = value.split(".")
    return len(parts) == 3 and value.startswith("eyJ") and all(parts[:2])


def b64decode(segment: str) -> bytes | None:
    """Lenient base64url decoding, as JWT libraries do (``None`` when undecodable)."""
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError:
        return None


class Unsignable(Exception):
    """The provider's own signer refuses these claims: no such token is ever sent."""


def _clock() -> float:
    return NOW


@dataclass
class Target:
    """One receiver under attack, with a genuine signer and a forger.

    Attributes:
        name: the provider's name, or ``Webhook/<scheme form>``.
        receiver: the receiver attacked.
        sign: signs a payload as the genuine sender.
        forge: signs a payload with other credentials.
        payload: the genuine payload (a provider's demo sample, or :data:`DOCUMENT`).
        provider: whether this is a registered provider (else a ``Webhook``).
        hs_secret: the shared secret of an HMAC-signed JWT, when known.
        rsa_private: the genuine signing key of an RSA-signed JWT, when known.
        sign_claims: signs a payload in a token carrying more claims, for JWT targets.
    """

    name: str
    receiver: Receiver[Any]
    sign: Callable[[Any], SignedRequest]
    forge: Callable[[Any], SignedRequest]
    payload: dict[str, Any]
    provider: bool = False
    hs_secret: bytes | None = None
    rsa_private: Any = None
    sign_claims: Callable[[Any, Mapping[str, Any]], SignedRequest] | None = None
    valid: SignedRequest = field(init=False)
    auth_headers: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.valid = self.sign(self.payload)
        self.receiver.verify(self.valid.body, self.valid.headers)  # the set-up is right
        # The headers the check needs: without any one of them, the request fails.
        self.auth_headers = []
        for name in self.valid.headers:
            rest = {k: v for k, v in self.valid.headers.items() if k != name}
            try:
                self.receiver.verify(self.valid.body, rest)
            except WebhookError:
                self.auth_headers.append(name)

    def __repr__(self) -> str:
        return f"Target({self.name!r})"

    @property
    def scheme(self) -> Scheme:
        return self.receiver.scheme

    @property
    def covers_body(self) -> bool:
        return self.receiver.covers_body

    @property
    def token_in_body(self) -> bool:
        return is_jwt(self.valid.body.decode("ascii", "replace"))

    @property
    def token_header(self) -> str | None:
        """The header holding a token, for a JWT in a header."""
        scheme = self.scheme
        return scheme.header if isinstance(scheme, Jwt) else None

    @property
    def token(self) -> str | None:
        """The genuine request's token, for a JWT target."""
        if self.token_in_body:
            return self.valid.body.decode("ascii").strip()
        name = self.token_header
        return None if name is None else self.valid.headers[name]

    def with_token(self, token: str, body: bytes | None = None) -> tuple[bytes, dict[str, str]]:
        """The genuine request with its token replaced by ``token``."""
        if self.token_in_body:
            return token.encode("utf-8", "surrogatepass"), dict(self.valid.headers)
        name = self.token_header
        assert name is not None
        return self.valid.body if body is None else body, {**self.valid.headers, name: token}


# -- the registered providers ------------------------------------------------------------------


def _provider_target(entry: authhooks.providers.Provider) -> Target:
    demo = entry.demo()
    receiver = demo.make_receiver()
    scheme = receiver.scheme
    hs_secret = None
    sign_claims = None
    if isinstance(scheme, Jwt):
        if scheme.placement == "body":

            def sign_claims(payload: Any, claims: Mapping[str, Any]) -> SignedRequest:
                try:
                    return demo.sign({**payload, **claims})
                except TypeError as exc:  # PyJWT refuses to sign some claims (an ``iss``
                    raise Unsignable(str(exc)) from exc  # that is not text): never sent

        elif entry.demo_secret is not None:
            hs_secret = entry.demo_secret.encode()

            def sign_claims(payload: Any, claims: Mapping[str, Any]) -> SignedRequest:
                return scheme.sign(payload, claims=claims)

    return Target(
        entry.name,
        receiver,
        demo.sign,
        demo.forge,
        entry.sample(),
        provider=True,
        hs_secret=hs_secret,
        sign_claims=sign_claims,
    )


# -- Webhook with every scheme -----------------------------------------------------------------


@functools.cache
def rsa_keys() -> tuple[Any, Any]:
    """The genuine and the forger's RSA keys (made once)."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return tuple(rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in "ab")  # type: ignore[return-value]


def _jwks(private: Any) -> dict[str, Any]:
    from jwt.algorithms import RSAAlgorithm

    jwk = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
    return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}


def _ed25519_secret(seed: bytes) -> tuple[str, str]:
    """A ``whsk_`` secret key and its ``whpk_`` public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "whsk_" + base64.b64encode(seed).decode(), "whpk_" + base64.b64encode(raw).decode()


def _fixed(scheme: Scheme, **options: Any) -> Callable[[Any], SignedRequest]:
    """The scheme's signer with fixed options (a message id, a key)."""
    return lambda payload: scheme.sign(payload, **options)


def _secret_target(name: str, make: Callable[[str], Scheme], **sign: Any) -> Target:
    scheme, forger = make(SECRET), make(OTHER_SECRET)
    return Target(
        f"Webhook/{name}",
        Webhook(scheme, provider="acme"),
        _fixed(scheme, **sign),
        _fixed(forger, **sign),
        dict(DOCUMENT),
    )


def _jwt_hs_target(placement: str) -> Target:
    header = None if placement == "body" else "X-Acme-Token"

    def make(secret: str) -> Jwt:
        return Jwt(secret, algorithms="HS256", placement=placement, header=header, clock=_clock)  # type: ignore[arg-type]

    scheme, forger = make(SECRET), make(OTHER_SECRET)
    return Target(
        f"Webhook/jwt-{placement.replace('_', '-')}-hs256",
        Webhook(scheme, provider="acme"),
        scheme.sign,
        forger.sign,
        dict(DOCUMENT),
        hs_secret=SECRET.encode(),
        sign_claims=_claims_signer(scheme),
    )


def _jwt_rs_target(placement: str) -> Target:
    good, evil = rsa_keys()
    header = None if placement == "body" else "X-Acme-Token"
    scheme = Jwt(
        _jwks(good),
        algorithms="RS256",
        placement=placement,  # type: ignore[arg-type]
        header=header,
        audience=AUDIENCE,
        clock=_clock,
    )
    return Target(
        f"Webhook/jwt-{placement.replace('_', '-')}-rs256",
        Webhook(scheme, provider="acme"),
        _fixed(scheme, signing_key=good, kid=KID),
        _fixed(scheme, signing_key=evil, kid=KID),
        dict(DOCUMENT),
        rsa_private=good,
        sign_claims=_claims_signer(scheme, signing_key=good, kid=KID),
    )


def _claims_signer(
    scheme: Jwt, **options: Any
) -> Callable[[Any, Mapping[str, Any]], SignedRequest]:
    if scheme.placement == "body":
        return lambda payload, claims: scheme.sign({**payload, **claims}, **options)
    return lambda payload, claims: scheme.sign(payload, claims=claims, **options)


def _standard_webhooks_ed25519() -> Target:
    secret, public = _ed25519_secret(bytes(range(32)))
    forger, _ = _ed25519_secret(bytes(range(1, 33)))
    signer = StandardWebhooks(secret, clock=_clock)
    return Target(
        "Webhook/standard-webhooks-ed25519",
        Webhook(StandardWebhooks(public, clock=_clock), provider="acme"),
        _fixed(signer, msg_id="msg_2Kq3adversarial"),
        _fixed(StandardWebhooks(forger, clock=_clock), msg_id="msg_2Kq3adversarial"),
        dict(DOCUMENT),
    )


def _whsec(secret: str) -> str:
    return "whsec_" + base64.b64encode(secret.encode()).decode()


def scheme_targets() -> list[Target]:
    """``Webhook`` with every scheme, in each of its forms."""
    return [
        _secret_target("static-bearer", StaticSecret),
        _secret_target("static-basic", lambda s: StaticSecret(f"acme:{s}", auth_scheme="Basic")),
        _secret_target(
            "static-raw", lambda s: StaticSecret(s, header="X-Acme-Secret", auth_scheme=None)
        ),
        _secret_target(
            "body-hmac-hex", lambda s: BodyHmac(s, header="X-Acme-Signature", prefix="sha256=")
        ),
        _secret_target(
            "body-hmac-base64",
            lambda s: BodyHmac(s, header="X-Acme-Signature", encoding="base64"),
        ),
        _secret_target(
            "timestamped-hmac-s",
            lambda s: TimestampedHmac(s, header="X-Acme-Signature", clock=_clock),
        ),
        _secret_target(
            "timestamped-hmac-ms",
            lambda s: TimestampedHmac(
                s, header="WorkOS-Signature", timestamp_unit="ms", separator=", ", clock=_clock
            ),
        ),
        _secret_target(
            "standard-webhooks",
            lambda s: StandardWebhooks(_whsec(s), clock=_clock),
            msg_id="msg_2Kq3adversarial",
        ),
        _standard_webhooks_ed25519(),
        *(_jwt_hs_target(placement) for placement in ("header", "body", "body_digest")),
        *(_jwt_rs_target(placement) for placement in ("header", "body", "body_digest")),
    ]


def provider_targets() -> list[Target]:
    """Every registered provider, with its demo credentials."""
    return [_provider_target(entry) for entry in authhooks.providers.all()]


@functools.cache
def all_targets() -> dict[str, Target]:
    """Every target by name: the providers, then ``Webhook`` with each scheme."""
    return {target.name: target for target in (*provider_targets(), *scheme_targets())}


def events_of(result: Any) -> tuple[Any, ...]:
    """The events of a verified result: the event itself, or each event of a delivery that
    carries several (a batch, with ``events``)."""
    if isinstance(result, WebhookEvent):
        return (result,)
    return tuple(result.events)


def raw_of(result: Any) -> Any:
    """The decoded document a result keeps (``raw``): an event's, or a delivery's; a
    delivery kept as a list of records, of which the body was the one, gives that record."""
    raw = result.raw
    if not isinstance(result, WebhookEvent) and isinstance(raw, list) and len(raw) == 1:
        return raw[0]
    return raw


def document_of(target: Target, request: SignedRequest) -> Any:
    """The JSON document the scheme vouches for in ``request``."""
    return json.loads(target.scheme.authenticate(request.body, request.headers).payload)
