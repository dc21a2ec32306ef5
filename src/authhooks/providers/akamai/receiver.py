"""The Akamai Identity Cloud Webhooks v3 receiver: the body is an RS256 Security Event Token."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks.errors import ConfigurationError, PayloadError
from authhooks.parsing import EventParser
from authhooks.providers.akamai.models import PARSER, AkamaiEvent
from authhooks.receiver import Receiver
from authhooks.schemes import Jwt, Verified
from authhooks.schemes._jwks import DEFAULT_FETCH_TIMEOUT, DEFAULT_REFETCH_INTERVAL

__all__ = ["DEFAULT_MAX_AGE", "DEFAULT_TOLERANCE", "Akamai"]

#: Default bound on how far ahead of the receiver's clock a token's ``iat`` may be, in
#: seconds (also the leeway on ``exp`` and ``nbf``).
DEFAULT_TOLERANCE = 300.0
#: Default bound on how old a token's ``iat`` may be, in seconds: 26 h, Akamai's retries.
DEFAULT_MAX_AGE = 26 * 3600.0


class Akamai(Receiver[AkamaiEvent]):
    """Receives Akamai Identity Cloud Webhooks v3 deliveries.

    The body (``Content-Type: application/secevent+jwt``) is a Security Event Token: an
    RS256-signed JWT whose header has ``typ: secevent+jwt`` and a ``kid`` naming one of the
    customer's keys. Only RS256 is accepted, whatever the token says. The key comes from
    ``keys`` or from the JWKS at ``jwks_url`` (fetched, cached, refetched on an unknown
    ``kid`` at most once per ``refetch_interval``), never from a URL in the token. The check
    is a [`Jwt`][authhooks.schemes.Jwt] scheme with the token as the body.

    Args:
        jwks_url: the JWKS URL, ``https://v1.api.<region>.janrain.com/<customerId>/login/jwk``.
        keys: keys given directly: a JWKS dict, a JWK dict, a PEM public key or certificate,
            or a list of them (keys without a ``kid`` are tried for any token).
        audience: the listener URL configured in Akamai (or several); ``aud`` must hold one.
        issuer: when given (or several), ``iss`` must be one of them.
        tolerance: seconds ``iat`` may be ahead of the receiver's clock (default 300), and
            the leeway on ``exp`` and ``nbf``.
        max_age: seconds ``iat`` may be in the past (default 26 h): Akamai's automatic
            retries, the last about 25 h after the first attempt, keep the original token.
            A replayed token is a duplicate of its event: de-duplicate on ``event.id``.
        timeout: bound on one JWKS fetch, in seconds (default 5).
        refetch_interval: minimum seconds between refetches for unknown ``kid``s (default 60).
        clock: returns the current Unix time; override it in tests.
        max_body_size: the largest body accepted, in bytes.

    Raises:
        KeysUnavailableError: (from ``verify``) the JWKS endpoint is down, slow or returns
            garbage; answer 503 so Akamai delivers the event again.
    """

    provider: ClassVar[str] = "akamai"
    parser: ClassVar[EventParser[AkamaiEvent]] = PARSER

    def __init__(
        self,
        jwks_url: str | None = None,
        keys: Any = None,
        *,
        audience: str | Iterable[str],
        issuer: str | Iterable[str] | None = None,
        tolerance: float = DEFAULT_TOLERANCE,
        max_age: float = DEFAULT_MAX_AGE,
        timeout: float = DEFAULT_FETCH_TIMEOUT,
        refetch_interval: float = DEFAULT_REFETCH_INTERVAL,
        clock: Callable[[], float] = time.time,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if jwks_url is None and keys is None:
            raise ConfigurationError("give jwks_url, keys, or both")
        if jwks_url is not None and not isinstance(jwks_url, str):
            raise ConfigurationError("jwks_url must be a string")
        if jwks_url is not None and not jwks_url.startswith(("https://", "http://")):
            raise ConfigurationError("jwks_url must be an https:// (or http://) URL")
        given = [] if keys is None else (list(keys) if isinstance(keys, (list, tuple)) else [keys])
        if keys is not None and not given:
            raise ConfigurationError("keys: no key given")
        for name, value in (("tolerance", tolerance), ("max_age", max_age)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigurationError(f"{name} must be a number of seconds")
        if not callable(clock):
            raise ConfigurationError("clock must be a callable returning Unix time")
        self._jwt = Jwt(
            given + ([jwks_url] if jwks_url is not None else []),
            algorithms=["RS256"],
            placement="body",
            typ="secevent+jwt",
            audience=audience,
            issuer=issuer,
            leeway=tolerance,
            max_age=max_age,
            require=("iat",),
            clock=clock,
            timeout=timeout,
            refetch_interval=refetch_interval,
        )
        super().__init__(self._jwt, max_body_size=max_body_size)
        policy = self._jwt.policy
        self.audience = policy.audience or frozenset()
        self.issuer = policy.issuer
        self.tolerance = float(tolerance)
        self.max_age = float(max_age)

    def _event(self, verified: Verified, body: bytes) -> AkamaiEvent:
        claims = verified.claims
        if claims is None:  # a stored payload parsed again: its JSON is the claims
            return super()._event(verified, body)
        events = claims.get("events")
        if not isinstance(events, dict) or len(events) != 1:
            raise PayloadError(
                "akamai token must carry exactly one event in 'events'",
                body=body,
                raw=claims,
                field="events",
            )
        return self.parser.parse_document(
            claims, verified.payload, delivery_id=verified.delivery_id
        )

    def __repr__(self) -> str:
        return (
            f"Akamai(jwks_url={self._jwt.jwks_url!r}, keys={self._jwt.key_count}, "
            f"audience={sorted(self.audience)!r})"
        )
