"""The FusionAuth receiver: ``X-FusionAuth-Signature-JWT`` holds a JWT whose
``request_body_sha256`` claim is the SHA-256 of the body."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._time import Clock, Seconds, seconds
from authhooks.errors import ConfigurationError
from authhooks.parsing import EventParser
from authhooks.providers._token_receiver import TokenReceiver
from authhooks.providers.fusionauth.models import PARSER, FusionAuthEvent
from authhooks.schemes import Jwt
from authhooks.schemes._jwks import DEFAULT_FETCH_TIMEOUT, DEFAULT_REFETCH_INTERVAL
from authhooks.schemes._keys import algorithm_names, is_url

__all__ = [
    "ASYMMETRIC_ALGORITHMS",
    "DEFAULT_LEEWAY",
    "HEADER",
    "HMAC_ALGORITHMS",
    "JWKS_PATH",
    "FusionAuth",
]

#: The header FusionAuth's signature JWT arrives in.
HEADER = "X-FusionAuth-Signature-JWT"
#: The claim holding base64(SHA-256(body)).
BODY_DIGEST_CLAIM = "request_body_sha256"
#: Where a FusionAuth instance publishes its public keys.
JWKS_PATH = "/.well-known/jwks.json"
#: What FusionAuth's Key Master signs with an HMAC key.
HMAC_ALGORITHMS = ("HS256", "HS384", "HS512")
#: What FusionAuth's Key Master signs with an RSA, EC or EdDSA key (each key only with the
#: algorithms of its type and size).
ASYMMETRIC_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA")
#: Default clock skew allowed on ``exp``, ``nbf`` and ``iat``, should a token carry them.
DEFAULT_LEEWAY = 30.0


def _instance_url(url: str) -> str:
    """A FusionAuth base URL becomes its JWKS URL; a URL with a path is kept."""
    try:
        parts = urllib.parse.urlsplit(url)  # the scheme comes out in lowercase
    except ValueError:  # an unclosed IPv6 bracket
        raise ConfigurationError("key: the JWKS URL is not a valid URL") from None
    if parts.path in ("", "/") and not parts.query and not parts.fragment:
        return f"{parts.scheme}://{parts.netloc}{JWKS_PATH}"
    return urllib.parse.urlunsplit(parts)


def _key_item(item: Any) -> tuple[Any, bool]:
    """A configured key, ready for the scheme, and whether it is a shared secret."""
    if isinstance(item, str) and is_url(item[:8].lower()):
        return _instance_url(item), False
    if isinstance(item, (str, bytes)):
        text = item.decode("utf-8", "replace") if isinstance(item, bytes) else item
        if text.lstrip().startswith("{"):
            try:
                item = json.loads(text)
            except (ValueError, RecursionError):
                raise ConfigurationError("key: text starting with '{' is not JSON") from None
        elif "-----BEGIN" in text:
            return item, False
        else:
            return item, True
    if isinstance(item, Mapping):
        jwks = item.get("keys")
        jwks_list = jwks if isinstance(jwks, list) else [item]
        kinds = {isinstance(jwk, Mapping) and jwk.get("kty") == "oct" for jwk in jwks_list}
        if len(kinds) > 1:
            raise ConfigurationError("key: a JWKS mixing shared secrets and public keys")
        return item, kinds == {True}
    return item, False  # a cryptography public key object


class FusionAuth(TokenReceiver[FusionAuthEvent]):
    """Receives FusionAuth webhooks signed with a Key Master key (FusionAuth 1.48+).

    FusionAuth sends, in ``X-FusionAuth-Signature-JWT``, a JWT whose ``request_body_sha256``
    claim is the base64 SHA-256 of the body: the token is checked with the key, then the
    digest against the body, with a [`Jwt`][authhooks.schemes.Jwt] scheme. The algorithm is
    pinned by the kind of key, never taken from the token: HS256/384/512 for an HMAC secret,
    RS256/384/512, ES256/384/512 and EdDSA for public keys (each key only with its own).
    Shared secrets and public keys cannot be mixed in one receiver.

    The token carries no time: a captured request verifies for ever. FusionAuth may send an
    event more than once: de-duplicate on ``event.id``; ``max_age`` optionally bounds
    ``createInstant``.

    Args:
        key: the webhook's signing key from FusionAuth's Key Master: an HMAC secret (as
            shown), a PEM public key or certificate, a JWK or JWKS (a dict or its JSON text),
            the instance's JWKS URL (``https://auth.example.com/.well-known/jwks.json``; the
            instance's base URL gets that path), or a list of them (rotation).
        algorithms: narrows the accepted algorithms (default: all FusionAuth uses for the
            kind of key).
        leeway: seconds of clock skew allowed on ``exp``/``nbf``/``iat`` (default 30), should
            a token carry them.
        max_age: when given, seconds ``createInstant`` may be in the past (off by default:
            FusionAuth does not document how late its retries come).
        tolerance: seconds ``createInstant`` may be ahead of the clock, with ``max_age``.
        timeout: bound on one JWKS fetch, in seconds (default 5).
        refetch_interval: minimum seconds between refetches for unknown ``kid``s (default 60).
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        max_body_size: the largest body accepted, in bytes.

    Raises:
        KeysUnavailableError: (from ``verify``) the JWKS endpoint is down, slow or returns
            garbage; answer 503 (a transactional event fails until it succeeds).

    Example:
        ```python
        receiver = authhooks.FusionAuth("https://auth.example.com/.well-known/jwks.json")
        event = receiver.verify(request_body, request_headers)
        event.type, event.user.email  # ('user.create.complete', 'ada@example.com')
        ```
    """

    provider: ClassVar[str] = "fusionauth"
    parser: ClassVar[EventParser[FusionAuthEvent]] = PARSER
    time_field: ClassVar[str] = "createInstant"
    #: The header FusionAuth's token arrives in.
    header: ClassVar[str] = HEADER

    def __init__(
        self,
        key: Any,
        *,
        algorithms: str | Iterable[str] | None = None,
        leeway: Seconds = DEFAULT_LEEWAY,
        max_age: Seconds | None = None,
        tolerance: Seconds = 300.0,
        timeout: float = DEFAULT_FETCH_TIMEOUT,
        refetch_interval: float = DEFAULT_REFETCH_INTERVAL,
        clock: Clock | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        items = list(key) if isinstance(key, (list, tuple)) else [key]
        if not items or any(item is None for item in items):
            raise ConfigurationError("key: give FusionAuth's signing key (or several)")
        prepared = [_key_item(item) for item in items]
        symmetric = {secret for _, secret in prepared}
        if len(symmetric) > 1:
            raise ConfigurationError(
                "key: give HMAC secrets or public keys, not both (a public key must never "
                "be usable as an HMAC secret)"
            )
        family = HMAC_ALGORITHMS if symmetric == {True} else ASYMMETRIC_ALGORITHMS
        self.algorithms = _narrow(family, algorithms)
        self.leeway = seconds(leeway, "leeway")
        scheme = Jwt(
            [item for item, _ in prepared],
            algorithms=self.algorithms,
            placement="body_digest",
            header=HEADER,
            body_digest_claim=BODY_DIGEST_CLAIM,
            leeway=self.leeway,
            clock=clock,
            timeout=timeout,
            refetch_interval=refetch_interval,
        )
        super().__init__(
            scheme,
            max_age=max_age,
            tolerance=tolerance,
            clock=clock,
            max_body_size=max_body_size,
        )

    def _repr_fields(self) -> Iterable[tuple[str, Any]]:
        return (
            ("keys", self.scheme.key_count),
            ("jwks_url", self.jwks_url),
            ("algorithms", list(self.algorithms)),
        )


def _narrow(family: tuple[str, ...], algorithms: str | Iterable[str] | None) -> tuple[str, ...]:
    if algorithms is None:
        return family
    return algorithm_names(
        algorithms,
        family,
        refusal=f"is not one FusionAuth signs with for this key: use {', '.join(family)}",
    )
