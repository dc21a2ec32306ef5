"""Every scheme of ``authhooks.schemes`` against its anchor, on the same request.

Each form is ``authhooks.Webhook(scheme).verify`` (check, parse into a ``GenericEvent``)
beside what a hand-written receiver or the usual library does with the very same bytes:

- ``StaticSecret``: the floor, a constant-time comparison and ``json.loads``;
- ``BodyHmac``, ``TimestampedHmac``: the floor, ``hmac`` and ``json.loads`` (and the
  timestamp read for the timestamped form); ``stripe``'s verifier where the format is
  Stripe's (``t=<seconds>,v1=<hex>``): its ``verify_header`` and ``json.loads``, and its
  ``construct_event``;
- ``StandardWebhooks``: the ``standardwebhooks`` and ``svix`` packages (HMAC); for Ed25519,
  which neither verifies, the floor with ``cryptography`` and ``json.loads``;
- ``Jwt``: a bare PyJWT ``jwt.decode`` (pinned algorithm, the key loaded once), with
  ``json.loads`` of the body where the body is not the token, and the SHA-256 comparison
  where a claim holds the body's digest.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from _payloads import encoded, padded

KEY = "bench_secret_0123456789abcdef0123456789"
AUDIENCE = "https://bench.example/hooks"
KID = "bench-1"
MSG_ID = "msg_2Kq3bench"
#: The generic document every scheme form carries, padded to the benchmark's sizes.
DOCUMENT: dict[str, Any] = {
    "type": "user.created",
    "id": "evt_2Kq3bench",
    "created": "2026-11-22T16:03:12Z",
    "data": {"id": "usr_1", "email": "ada@example.com", "metadata": {}},
}

Fn = Callable[[], object]


@dataclass
class SchemeCase:
    """One scheme form on one payload: authhooks and its anchors."""

    form: str
    family: str
    body_bytes: int
    authhooks: Fn
    anchors: dict[str, Fn]


def rsa_keys() -> tuple[Any, Any]:
    """An RSA key pair for the RS256 forms (made once per run)."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return private, private.public_key()


def _webhook(scheme: Any, body: bytes, headers: dict[str, str]) -> Fn:
    import authhooks

    receiver = authhooks.Webhook(scheme)
    receiver.verify(body, headers)  # fails loudly if the set-up is wrong
    return lambda: receiver.verify(body, headers)


def _checked(fns: dict[str, Fn]) -> dict[str, Fn]:
    for name, fn in fns.items():
        result = fn()
        if result is None or result is False:
            raise AssertionError(f"anchor {name!r} did not verify")
    return fns


def static_cases(doc: bytes) -> list[SchemeCase]:
    from authhooks.schemes import StaticSecret

    key = KEY.encode()
    cases = []
    forms = {
        "static-bearer": (StaticSecret(KEY), "Authorization", f"Bearer {KEY}", 7),
        "static-basic": (
            StaticSecret(f"acme:{KEY}", auth_scheme="Basic"),
            "Authorization",
            "Basic " + base64.b64encode(f"acme:{KEY}".encode()).decode(),
            6,
        ),
        "static-raw": (
            StaticSecret(KEY, header="X-Acme-Secret", auth_scheme=None),
            "X-Acme-Secret",
            KEY,
            0,
        ),
    }
    for form, (scheme, header, value, skip) in forms.items():
        headers = {"Content-Type": "application/json", header: value}
        expected = value[skip:].encode() if form == "static-basic" else key

        def floor(
            h: dict[str, str] = headers, n: str = header, s: int = skip, e: bytes = expected
        ) -> object:
            if not hmac.compare_digest(h[n][s:].encode(), e):
                return None
            return json.loads(doc)

        cases.append(
            SchemeCase(
                form,
                "StaticSecret",
                len(doc),
                _webhook(scheme, doc, headers),
                _checked({"floor: compare + json.loads": floor}),
            )
        )
    return cases


def hmac_cases(doc: bytes, now: int) -> list[SchemeCase]:
    import stripe

    from authhooks.schemes import BodyHmac, TimestampedHmac

    key = KEY.encode()
    cases = []

    hex_scheme = BodyHmac(KEY, header="X-Acme-Signature", prefix="sha256=")
    hex_headers = dict(hex_scheme.sign(doc).headers)

    def floor_hex() -> object:
        given = hex_headers["X-Acme-Signature"].removeprefix("sha256=")
        if not hmac.compare_digest(hmac.new(key, doc, hashlib.sha256).hexdigest(), given):
            return None
        return json.loads(doc)

    cases.append(
        SchemeCase(
            "body-hmac-hex",
            "BodyHmac",
            len(doc),
            _webhook(hex_scheme, doc, hex_headers),
            _checked({"floor: hmac + json.loads": floor_hex}),
        )
    )

    b64_scheme = BodyHmac(KEY, header="X-Acme-Signature", encoding="base64")
    b64_headers = dict(b64_scheme.sign(doc).headers)

    def floor_b64() -> object:
        given = base64.b64decode(b64_headers["X-Acme-Signature"])
        if not hmac.compare_digest(hmac.digest(key, doc, "sha256"), given):
            return None
        return json.loads(doc)

    cases.append(
        SchemeCase(
            "body-hmac-base64",
            "BodyHmac",
            len(doc),
            _webhook(b64_scheme, doc, b64_headers),
            _checked({"floor: hmac + json.loads": floor_b64}),
        )
    )

    def clock() -> float:
        return now

    stamped = TimestampedHmac(KEY, header="Stripe-Signature", clock=clock)
    stamped_headers = dict(stamped.sign(doc).headers)
    stamped_value = stamped_headers["Stripe-Signature"]

    def floor_stamped() -> object:
        parts = dict(part.split("=", 1) for part in stamped_value.split(","))
        stamp = parts["t"]
        expected = hmac.new(key, stamp.encode() + b"." + doc, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, parts["v1"]) or abs(now - int(stamp)) > 300:
            return None
        return json.loads(doc)

    def stripe_verify() -> object:
        # Stripe checks against the real clock: the header is signed now, for this anchor.
        stripe.WebhookSignature.verify_header(doc, live_header, KEY, tolerance=300)
        return json.loads(doc)

    live_header = (
        TimestampedHmac(KEY, header="Stripe-Signature").sign(doc).headers["Stripe-Signature"]
    )
    cases.append(
        SchemeCase(
            "timestamped-hmac-s",
            "TimestampedHmac",
            len(doc),
            _webhook(stamped, doc, stamped_headers),
            _checked(
                {
                    "floor: hmac + json.loads": floor_stamped,
                    "stripe verify_header + json.loads": stripe_verify,
                    "stripe construct_event": lambda: stripe.Webhook.construct_event(
                        doc, live_header, KEY
                    ),
                }
            ),
        )
    )

    ms = TimestampedHmac(
        KEY, header="WorkOS-Signature", timestamp_unit="ms", separator=", ", clock=clock
    )
    ms_headers = dict(ms.sign(doc).headers)
    ms_value = ms_headers["WorkOS-Signature"]

    def floor_ms() -> object:
        parts = dict(part.split("=", 1) for part in ms_value.split(", "))
        stamp = parts["t"]
        expected = hmac.new(key, stamp.encode() + b"." + doc, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, parts["v1"]):
            return None
        if abs(now - int(stamp) / 1000) > 300:
            return None
        return json.loads(doc)

    cases.append(
        SchemeCase(
            "timestamped-hmac-ms",
            "TimestampedHmac",
            len(doc),
            _webhook(ms, doc, ms_headers),
            _checked({"floor: hmac + json.loads": floor_ms}),
        )
    )
    return cases


def standard_webhooks_cases(doc: bytes, now: int) -> list[SchemeCase]:
    import standardwebhooks
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from svix.webhooks import Webhook as SvixWebhook

    from authhooks.schemes import StandardWebhooks

    secret = "whsec_" + base64.b64encode(KEY.encode()[:24]).decode()
    scheme = StandardWebhooks(secret)
    headers = dict(scheme.sign(doc, msg_id=MSG_ID, timestamp=now).headers)
    wh = standardwebhooks.Webhook(secret)
    sv = SvixWebhook(secret)
    svix_headers = {
        "svix-id": headers["webhook-id"],
        "svix-timestamp": headers["webhook-timestamp"],
        "svix-signature": headers["webhook-signature"],
    }

    def svix_verify() -> object:
        sv.verify(doc, svix_headers)
        return json.loads(doc)

    cases = [
        SchemeCase(
            "standard-webhooks",
            "StandardWebhooks",
            len(doc),
            _webhook(scheme, doc, headers),
            _checked(
                {
                    "standardwebhooks verify": lambda: wh.verify(doc, headers),
                    "svix verify + json.loads": svix_verify,
                }
            ),
        )
    ]

    seed = bytes(range(32))
    private = Ed25519PrivateKey.from_private_bytes(seed)
    from cryptography.hazmat.primitives import serialization

    public_raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    signer = StandardWebhooks("whsk_" + base64.b64encode(seed).decode())
    verifier = StandardWebhooks("whpk_" + base64.b64encode(public_raw).decode())
    ed_headers = dict(signer.sign(doc, msg_id=MSG_ID, timestamp=now).headers)
    public = private.public_key()

    def floor_ed25519() -> object:
        version, _, text = ed_headers["webhook-signature"].partition(",")
        content = f"{ed_headers['webhook-id']}.{ed_headers['webhook-timestamp']}.".encode() + doc
        public.verify(base64.b64decode(text), content)
        if version != "v1a" or abs(now - int(ed_headers["webhook-timestamp"])) > 300:
            return None
        return json.loads(doc)

    cases.append(
        SchemeCase(
            "standard-webhooks-ed25519",
            "StandardWebhooks",
            len(doc),
            _webhook(verifier, doc, ed_headers),
            _checked({"floor: ed25519 + json.loads": floor_ed25519}),
        )
    )
    return cases


#: The anchor of the JWT forms (the issue's "bare jwt.decode + json.loads").
JWT_ANCHOR = "jwt.decode (+ json.loads of the body)"


def jwt_cases(doc: bytes, now: int, keys: tuple[Any, Any]) -> list[SchemeCase]:
    import jwt

    from authhooks.schemes import Jwt

    private, public = keys
    document = json.loads(doc)
    cases = []
    for alg in ("HS256", "RS256"):
        verify_key: Any = KEY if alg == "HS256" else public
        sign_options: dict[str, Any] = {} if alg == "HS256" else {"signing_key": private}
        audience = None if alg == "HS256" else AUDIENCE
        options = {"algorithms": alg, "audience": audience}
        key: Any = KEY if alg == "HS256" else {"keys": [_jwk(public)]}
        for placement in ("header", "body", "body_digest"):
            header = None if placement == "body" else "X-Acme-Token"
            scheme = Jwt(key, placement=placement, header=header, **options)  # type: ignore[arg-type]
            kid = None if alg == "HS256" else KID
            request = scheme.sign(document if placement == "body" else doc, kid=kid, **sign_options)
            body, headers = request.body, dict(request.headers)
            token = body.decode() if placement == "body" else headers["X-Acme-Token"]
            decode = _decoder(jwt, token, verify_key, alg, audience)
            if placement == "body":
                anchor: Fn = decode
            elif placement == "header":

                def anchor(d: Fn = decode) -> object:
                    d()
                    return json.loads(doc)

            else:

                def anchor(d: Fn = decode) -> object:
                    claims: Any = d()
                    given = base64.b64decode(claims["request_body_sha256"])
                    if not hmac.compare_digest(hashlib.sha256(doc).digest(), given):
                        return None
                    return json.loads(doc)

            cases.append(
                SchemeCase(
                    f"jwt-{placement.replace('_', '-')}-{alg.lower()}",
                    "Jwt",
                    len(body),
                    _webhook(scheme, body, headers),
                    _checked({JWT_ANCHOR: anchor}),
                )
            )
    return cases


def _decoder(jwt: Any, token: str, key: Any, alg: str, audience: str | None) -> Fn:
    if audience is None:
        return lambda: jwt.decode(token, key, algorithms=[alg])
    return lambda: jwt.decode(token, key, algorithms=[alg], audience=audience)


def _jwk(public: Any) -> dict[str, Any]:
    from jwt.algorithms import RSAAlgorithm

    jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    return {**jwk, "kid": KID, "alg": "RS256", "use": "sig"}


def scheme_cases(size: int, now: int, keys: tuple[Any, Any]) -> list[SchemeCase]:
    """Every scheme form on the generic document padded to ``size`` bytes."""
    doc = encoded(padded(DOCUMENT, size))
    return [
        *static_cases(doc),
        *hmac_cases(doc, now),
        *standard_webhooks_cases(doc, now),
        *jwt_cases(doc, now, keys),
    ]
