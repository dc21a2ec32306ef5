"""The Akamai Identity Cloud Webhooks v3 receiver: the body is an RS256 Security Event Token."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import ValidationError

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._headers import get_header
from authhooks.errors import (
    ConfigurationError,
    InvalidSignatureError,
    PayloadError,
    TimestampError,
    VerificationError,
)
from authhooks.providers.akamai.models import EVENT_ADAPTER, AkamaiEvent
from authhooks.receiver import Receiver
from authhooks.verifiers.jwks import (
    DEFAULT_FETCH_TIMEOUT,
    DEFAULT_REFETCH_INTERVAL,
    KeyMap,
    RemoteKeySet,
    count_keys,
    load_keys,
)
from authhooks.verifiers.jws import decode_claims, decode_header, split_token

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

__all__ = ["DEFAULT_MAX_AGE", "DEFAULT_TOLERANCE", "Akamai"]

#: Default tolerance on the token's ``iat`` in the future (clock skew), in seconds.
DEFAULT_TOLERANCE = 300.0
#: Default age up to which a token's ``iat`` is accepted, in seconds: 26 h. Akamai re-sends
#: a failed delivery after 3 s, 30 s, 5 min, 1 h and 24 h, the last one about 25 h 6 min
#: after the first, and nothing in its documentation says a retry is signed anew.
DEFAULT_MAX_AGE = 26 * 3600.0

_WHAT = "akamai token"
_TYPES = frozenset({"secevent+jwt", "application/secevent+jwt"})
_HEADER_CACHE_SIZE = 64
_NO_KID = ""  # cache value for a header without kid (a real kid is never empty: see below)


class Akamai(Receiver[AkamaiEvent]):
    """Receives Akamai Identity Cloud Webhooks v3 deliveries.

    The body (``Content-Type: application/secevent+jwt``) is a Security Event Token: an
    RS256-signed JWT whose header has ``typ: secevent+jwt`` and a ``kid`` naming one of the
    customer's keys. Only RS256 is accepted, whatever the token says. The key comes from
    ``keys`` or from the JWKS at ``jwks_url`` (fetched, cached, refetched on an unknown
    ``kid`` at most once per ``refetch_interval``), never from a URL in the token.

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
        super().__init__(max_body_size=max_body_size)
        if jwks_url is None and keys is None:
            raise ConfigurationError("give jwks_url, keys, or both")
        self.audience = _strings(audience, "audience")
        self.issuer = None if issuer is None else _strings(issuer, "issuer")
        for name, value in (("tolerance", tolerance), ("max_age", max_age)):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigurationError(f"{name} must be a number of seconds")
            if not math.isfinite(value) or value < 0:
                raise ConfigurationError(f"{name} must be a finite, non-negative number of seconds")
        if not callable(clock):
            raise ConfigurationError("clock must be a callable returning Unix time")
        self.tolerance = float(tolerance)
        self.max_age = float(max_age)
        self._clock = clock
        self._static: KeyMap = {} if keys is None else load_keys(keys)
        self._remote = (
            None
            if jwks_url is None
            else RemoteKeySet(jwks_url, timeout=timeout, refetch_interval=refetch_interval)
        )
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        self._invalid_signature = InvalidSignature
        self._padding = padding.PKCS1v15()
        self._hash = hashes.SHA256()
        # Header segment of an authentic token -> kid ("" when none); bounded.
        self._header_cache: dict[str, str] = {}

    def _verify(self, body: bytes, headers: Mapping[str, str]) -> AkamaiEvent:
        token = _token_text(body, headers)
        head, payload, signature, signing_input = split_token(token, header=None, what=_WHAT)
        kid = self._header_cache.get(head)
        cached = kid is not None
        if kid is None:
            kid = self._check_header(head)
        verified = False
        for key in self._keys_for(kid or None):
            try:
                key.verify(signature, signing_input, self._padding, self._hash)
            except self._invalid_signature:
                continue
            verified = True
            break
        if not verified:
            raise InvalidSignatureError(f"{_WHAT} is not signed by an accepted key")
        if not cached and len(self._header_cache) < _HEADER_CACHE_SIZE:
            # Only headers of authentic tokens: forgers cannot fill the cache.
            self._header_cache[head] = kid
        claims = decode_claims(payload, header=None, what=_WHAT)
        self._check_claims(claims)
        events = claims.get("events")
        if not isinstance(events, dict) or len(events) != 1:
            raise PayloadError(
                "akamai token must carry exactly one event in 'events'",
                body=body,
                raw=claims,
                field="events",
            )
        try:
            event: AkamaiEvent = EVENT_ADAPTER.validator.validate_python(claims)
        except ValidationError as exc:
            raise _payload_error(exc, body, claims) from None
        event._attach(body, raw=claims)
        return event

    def _check_header(self, segment: str) -> str:
        header = decode_header(segment, header=None, what=_WHAT)
        if header.get("alg") != "RS256":
            raise InvalidSignatureError(f"{_WHAT} must use RS256", reason="algorithm_not_allowed")
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.lower() not in _TYPES:
            raise VerificationError(
                f"{_WHAT} header must have typ 'secevent+jwt'", reason="malformed_token"
            )
        if header.get("b64", True) is not True:
            raise VerificationError(f"{_WHAT} uses an unencoded payload", reason="malformed_token")
        kid = header.get("kid")
        if kid == "":
            raise VerificationError(f"{_WHAT} has an empty kid", reason="malformed_token")
        return kid if isinstance(kid, str) else _NO_KID

    def _keys_for(self, kid: str | None) -> list[RSAPublicKey]:
        static = self._static.get(kid) if self._static else None
        if static:
            return static
        if self._remote is not None:
            remote = self._remote.lookup(kid)
            if remote:
                return remote
        wildcard = self._static.get(None) if kid is not None else None
        if wildcard:
            return wildcard
        if self._remote is not None and kid is not None:
            wildcard = self._remote.lookup(None)
            if wildcard:
                return wildcard
        raise InvalidSignatureError(
            f"{_WHAT} names a key id that is not among the accepted keys", reason="unknown_key"
        )

    def _check_claims(self, claims: Mapping[str, Any]) -> None:
        aud = claims.get("aud")
        auds = [aud] if isinstance(aud, str) else aud
        if (
            not isinstance(auds, list)
            or not all(isinstance(item, str) for item in auds)
            or not any(item in self.audience for item in auds)
        ):
            raise VerificationError(
                f"{_WHAT} is not addressed to this receiver's audience", reason="invalid_audience"
            )
        iss = claims.get("iss")
        if self.issuer is not None and (not isinstance(iss, str) or iss not in self.issuer):
            raise VerificationError(f"{_WHAT} has an unexpected issuer", reason="invalid_issuer")
        now = self._clock()
        iat = _seconds(claims, "iat")
        if iat is None:
            raise VerificationError(f"{_WHAT} has no iat claim", reason="missing_claim")
        skew = now - iat
        # Retries re-send the original token: a day-old iat is expected, a future one is not.
        if skew > self.max_age:
            raise TimestampError(f"{_WHAT} was issued more than max_age ago", skew=skew)
        if -skew > self.tolerance:
            raise TimestampError(f"{_WHAT} iat is ahead of this clock", skew=skew)
        exp = _seconds(claims, "exp")
        if exp is not None and exp <= now - self.tolerance:
            raise TimestampError(f"{_WHAT} has expired", skew=now - exp)
        nbf = _seconds(claims, "nbf")
        if nbf is not None and nbf > now + self.tolerance:
            raise TimestampError(f"{_WHAT} is not valid yet", skew=now - nbf)

    def __repr__(self) -> str:
        return (
            f"Akamai(jwks_url={None if self._remote is None else self._remote.url!r}, "
            f"keys={count_keys(self._static)}, audience={list(self.audience)!r})"
        )


def _payload_error(exc: ValidationError, body: bytes, claims: Any) -> PayloadError:
    """A [`PayloadError`][authhooks.PayloadError] whose locations read
    ``events.entityUpdated.attributes`` (without the union's tag in front)."""
    errors = tuple(
        (".".join(str(part) for part in err["loc"][1:]) or "body", err["msg"])
        for err in exc.errors()
    ) or (("body", "invalid"),)
    where, what = errors[0]
    return PayloadError(
        f"akamai payload is not valid: {where}: {what}",
        body=body,
        raw=claims,
        errors=errors,
        field=None if where == "body" else where,
    )


def _token_text(body: bytes, headers: Mapping[str, str]) -> str:
    text = body.strip()
    if text[:1] in (b"{", b"["):
        content_type = get_header(headers, "Content-Type") or "no Content-Type"
        raise VerificationError(
            "akamai webhooks are Security Event Tokens: expected an application/secevent+jwt "
            f"body, got JSON ({content_type[:60]})",
            reason="not_a_token",
            header="Content-Type",
        )
    try:
        return text.decode("ascii")
    except UnicodeDecodeError:
        raise VerificationError(
            f"{_WHAT}: the body is not an application/secevent+jwt token", reason="not_a_token"
        ) from None


def _seconds(claims: Mapping[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if type(value) is not int and type(value) is not float:
        raise VerificationError(f"{_WHAT} claim {name!r} is not a number", reason="malformed_token")
    try:
        seconds = float(value)
    except OverflowError:
        seconds = math.inf
    if not math.isfinite(seconds):
        raise VerificationError(f"{_WHAT} claim {name!r} is not finite", reason="malformed_token")
    return seconds


def _strings(value: str | Iterable[str], name: str) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    try:
        result = frozenset(items)
    except TypeError:
        raise ConfigurationError(f"{name} must be a string or a list of strings") from None
    if not result or not all(isinstance(item, str) and item for item in result):
        raise ConfigurationError(f"{name} must be a non-empty string or a list of them")
    return result
