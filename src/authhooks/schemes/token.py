"""JWT (JWS) webhooks: the body is a token, a header holds one, or a header's token signs a
digest of the body."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from authhooks._headers import OWS, get_header, require_header
from authhooks._time import Clock, Seconds, check_clock, now, seconds
from authhooks.errors import ConfigurationError, InvalidSignatureError, VerificationError
from authhooks.schemes._base import Scheme, Verified
from authhooks.schemes._claims import ClaimPolicy, header_types, malformed, strings, type_name
from authhooks.schemes._codec import decode_either_base64
from authhooks.schemes._jwks import RemoteKeySet
from authhooks.schemes._jws import CompactToken, b64url_encode, decode_header, split_token
from authhooks.schemes._keys import (
    HMAC_ALGORITHMS,
    KeyMap,
    VerifyingKey,
    int_claim,
    is_url,
    load_keys,
    pin_algorithms,
    verify_signature,
)
from authhooks.schemes.body_hmac import check_header_name
from authhooks.signing import Payload, SignedRequest, encode_payload

__all__ = ["Jwt", "Placement"]

#: Where the token travels: ``"body"`` (the body is the token), ``"header"`` (a header holds
#: it; the body is not covered) or ``"body_digest"`` (a header holds it, and a claim holds
#: the SHA-256 of the body).
Placement = Literal["body", "header", "body_digest"]

_HEADER_CACHE_SIZE = 64


class Jwt(Scheme):
    """A JWS (JWT) signed by the sender, verified with pinned algorithms.

    Senders: Akamai Identity Cloud and Kinde (the body is the token), Frontegg (a header holds
    a token that authenticates the sender, not the body), FusionAuth (a header holds a token
    whose ``request_body_sha256`` claim is the SHA-256 of the body).

    The algorithm is never taken from the token: only ``algorithms`` are accepted (``none``
    never), each key only with the algorithms its type allows, and HMAC and asymmetric
    algorithms cannot be pinned together. Tokens are parsed strictly (three canonical
    base64url segments, JSON objects, no ``crit`` extensions), signatures are checked with
    PyJWT's algorithms, and the claims are checked here: ``exp``, ``nbf`` and ``iat`` (with
    ``leeway``), ``aud``, ``iss``, the claims in ``require``, ``max_age`` on ``iat``, and the
    body digest. URLs inside a token (``jku``, ``x5u``) are never followed.

    Args:
        key: what verifies the tokens, or a list of them (rotation): a shared secret (for
            HS* algorithms), a PEM public key or certificate, a JWK or JWKS mapping, a
            ``cryptography`` public key, or a JWKS URL, fetched and cached (bounded fetch,
            refetch on an unknown ``kid`` at most once per ``refetch_interval``, stale keys
            kept when a refresh fails).
        algorithms: the accepted algorithms, e.g. ``["RS256"]`` or ``["HS256"]``.
        placement: ``"body"``, ``"header"`` or ``"body_digest"`` (see
            [`Placement`][authhooks.schemes.Placement]).
        header: the header holding the token (with ``"header"`` and ``"body_digest"``).
        audience: when given (or several), ``aud`` must name one of them; when ``None``, a
            token addressed to an audience is refused.
        issuer: when given (or several), ``iss`` must be one of them.
        leeway: clock skew allowed on ``exp``, ``nbf`` and a future ``iat``.
        max_age: when given, ``iat`` is required and may be at most this old.
        require: a claim, or several, that must be present (``"jti"``, ``"iat"``...).
        typ: when given (or several), the token header's ``typ`` must be one of them
            (compared case-insensitively, with or without ``application/``).
        body_digest_claim: the claim holding base64(SHA-256(body)) for ``"body_digest"``.
        allowed_header_params: when given, token header parameters outside this set (and
            ``alg``) are refused.
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        timeout: the bound on one JWKS fetch, in seconds, for the whole exchange.
        refetch_interval: minimum seconds between refetches caused by unknown ``kid``s.
    """

    def __init__(
        self,
        key: Any,
        *,
        algorithms: str | Iterable[str],
        placement: Placement = "header",
        header: str | None = None,
        audience: str | Iterable[str] | None = None,
        issuer: str | Iterable[str] | None = None,
        leeway: Seconds = 30,
        max_age: Seconds | None = None,
        require: str | Iterable[str] = (),
        typ: str | Iterable[str] | None = None,
        body_digest_claim: str = "request_body_sha256",
        allowed_header_params: str | Iterable[str] | None = None,
        clock: Clock | None = None,
        timeout: float = 5.0,
        refetch_interval: float = 60.0,
    ) -> None:
        self.algorithms = pin_algorithms(algorithms)
        if placement not in ("body", "header", "body_digest"):
            raise ConfigurationError('placement must be "body", "header" or "body_digest"')
        self.placement: Placement = placement
        if placement == "body":
            if header is not None:
                raise ConfigurationError('a "body" token travels in no header: leave header out')
            self.header: str | None = None
        else:
            if header is None:
                raise ConfigurationError(f"placement {placement!r} needs the header= name")
            self.header = check_header_name(header)
        self.covers_body = placement != "header"
        self.credential_headers = () if self.header is None else (self.header,)
        self._what = "token" if self.header is None else f"token in {self.header!r}"
        self._clock = check_clock(clock)
        self.policy = ClaimPolicy(
            audience=strings(audience, "audience"),
            issuer=strings(issuer, "issuer"),
            leeway=seconds(leeway, "leeway"),
            max_age=None if max_age is None else seconds(max_age, "max_age"),
            require=tuple(sorted(strings(require, "require", empty=True) or ())),
        )
        self._types = None if typ is None else header_types(typ)
        if not isinstance(body_digest_claim, str) or not body_digest_claim:
            raise ConfigurationError("body_digest_claim must be a claim name")
        self.body_digest_claim = body_digest_claim
        allowed = strings(allowed_header_params, "allowed_header_params", empty=True)
        self._allowed = None if allowed is None else allowed | {"alg"}
        items = list(key) if isinstance(key, (list, tuple)) else [key]
        if not items:
            raise ConfigurationError("at least one key is required")
        urls = [item for item in items if is_url(item)]
        self._static: KeyMap = load_keys(
            [item for item in items if not is_url(item)], self.algorithms
        )
        if len(urls) > 1:
            raise ConfigurationError("give one JWKS URL")
        self._remote = (
            None
            if not urls
            else RemoteKeySet(
                urls[0],
                algorithms=self.algorithms,
                timeout=timeout,
                refetch_interval=refetch_interval,
            )
        )
        self.may_block = self._remote is not None
        self._symmetric = self.algorithms[0] in HMAC_ALGORITHMS
        # Token header segment of an authentic token -> (kid, alg); bounded.
        self._header_cache: dict[str, tuple[str | None, str]] = {}

    # -- checking ---------------------------------------------------------------------------

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """See [`Scheme.authenticate`][authhooks.schemes.Scheme.authenticate].

        ``Verified.claims`` holds the token's claims and ``Verified.delivery_id`` its ``jti``.
        """
        token = self._token(body, headers)
        parts = split_token(token, header=self.header, what=self._what)
        kid, algorithm, cached = self._check_header(parts[0])
        keys = self._static.get(kid)
        if not keys and self._remote is not None:
            keys = self._remote.lookup(kid)
        if not keys and kid is not None:
            keys = self._static.get(None)
            if not keys and self._remote is not None:
                keys = self._remote.lookup(None)
        return self._finish(body, parts, kid=kid, algorithm=algorithm, cached=cached, keys=keys)

    async def aauthenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """See [`Scheme.aauthenticate`][authhooks.schemes.Scheme.aauthenticate]: keys are
        fetched without blocking the event loop."""
        token = self._token(body, headers)
        parts = split_token(token, header=self.header, what=self._what)
        kid, algorithm, cached = self._check_header(parts[0])
        keys = self._static.get(kid)
        if not keys and self._remote is not None:
            keys = await self._remote.alookup(kid)
        if not keys and kid is not None:
            keys = self._static.get(None)
            if not keys and self._remote is not None:
                keys = await self._remote.alookup(None)
        return self._finish(body, parts, kid=kid, algorithm=algorithm, cached=cached, keys=keys)

    def _token(self, body: bytes, headers: Mapping[str, str]) -> str:
        if self.header is not None:
            return require_header(headers, self.header).strip(OWS)
        text = body.strip()
        if text[:1] in (b"{", b"["):
            content_type = get_header(headers, "Content-Type") or "no Content-Type"
            expected = f"application/{sorted(self._types)[0]}" if self._types else "a token"
            raise VerificationError(
                f"the body must be a signed token ({expected}), but it is JSON "
                f"({content_type[:60]})",
                reason="not_a_token",
                header="Content-Type",
            )
        try:
            return text.decode("ascii")
        except UnicodeDecodeError:
            raise VerificationError(
                "the body is not a compact JWS token", reason="not_a_token"
            ) from None

    def _check_header(self, segment: str) -> tuple[str | None, str, bool]:
        cached = self._header_cache.get(segment)
        if cached is not None:
            return cached[0], cached[1], True
        header = decode_header(segment, header=self.header, what=self._what)
        algorithm: object = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in self.algorithms:
            raise InvalidSignatureError(
                f"{self._what} uses an algorithm that is not accepted",
                header=self.header,
                reason="algorithm_not_allowed",
            )
        if "typ" in header and not isinstance(header["typ"], str):
            raise malformed(f"{self._what} header has a non-string typ", self.header)
        if self._types is not None:
            typ = header.get("typ")
            if not isinstance(typ, str) or type_name(typ) not in self._types:
                raise malformed(
                    f"{self._what} header must have typ {sorted(self._types)[0]!r}", self.header
                )
        if header.get("b64", True) is not True:
            raise malformed(f"{self._what} uses an unencoded payload", self.header)
        if self._allowed is not None:
            extra = header.keys() - self._allowed
            if extra:
                names = ", ".join(sorted(repr(name)[:40] for name in extra)[:5])
                raise malformed(
                    f"{self._what} header has unexpected parameters: {names}", self.header
                )
        kid: object = header.get("kid")  # a string when present (decode_header checks)
        if kid == "":
            raise malformed(f"{self._what} has an empty kid", self.header)
        return (kid if isinstance(kid, str) else None), algorithm, False

    def _finish(
        self,
        body: bytes,
        parts: CompactToken,
        *,
        kid: str | None,
        algorithm: str,
        cached: bool,
        keys: list[VerifyingKey] | None,
    ) -> Verified:
        if not keys:
            raise InvalidSignatureError(
                f"{self._what} names a key id that is not among the accepted keys",
                header=self.header,
                reason="unknown_key",
            )
        head, payload, signature, signing_input = parts
        if not verify_signature(keys, algorithm, signing_input, signature, self._symmetric):
            raise InvalidSignatureError(
                f"{self._what} is not signed with an accepted key", header=self.header
            )
        if not cached and len(self._header_cache) < _HEADER_CACHE_SIZE:
            # Only headers of authentic tokens: forgers cannot fill the cache.
            self._header_cache[head] = (kid, algorithm)
        raw, claims = self.policy.decode(payload, self.header, self._what)
        self.policy.check(claims, now(self._clock), self.header, self._what)
        if self.placement == "body_digest":
            self._check_digest(body, claims)
        jti = claims.get("jti")
        return Verified(
            raw if self.placement == "body" else body,
            delivery_id=jti if isinstance(jti, str) else None,
            signed_at=int_claim(claims.get("iat")),
            claims=claims,
        )

    def _check_digest(self, body: bytes, claims: Mapping[str, Any]) -> None:
        name = self.body_digest_claim
        value = claims.get(name)
        if not isinstance(value, str):
            raise malformed(f"{self._what} has no {name!r} claim", self.header)
        expected = decode_either_base64(value, 32)
        if expected is None:
            raise malformed(f"{self._what} claim {name!r} is not a base64 SHA-256", self.header)
        if not hmac.compare_digest(hashlib.sha256(body).digest(), expected):
            raise InvalidSignatureError(
                f"{self._what} was signed for another body (claim {name!r} does not match)",
                header=self.header,
                reason="body_digest_mismatch",
            )

    # -- signing ----------------------------------------------------------------------------

    def sign(
        self,
        body: Payload,
        /,
        *,
        signing_key: Any = None,
        kid: str | None = None,
        algorithm: str | None = None,
        claims: Mapping[str, Any] | None = None,
        issued_at: int | None = None,
        expires_in: int | None = 300,
    ) -> SignedRequest:
        """The request a sender using this scheme sends.

        With ``placement="body"``, ``body`` is the token's claims (a dict) and the signed
        body is the token; ``iat`` (``issued_at``, default now by the scheme's ``clock``),
        ``jti`` (random), ``aud`` and ``iss`` (the first configured audience and issuer) are
        added when absent. Otherwise ``body`` is sent as it is and the header's token carries
        ``iat``, ``exp`` (``expires_in`` later; ``None`` for none), ``aud``, ``iss``,
        ``claims``, and for ``"body_digest"`` the body's digest.

        Args:
            body: the claims (``"body"``) or the body (a dict, or the exact bytes or text).
            signing_key: the private key (PEM or ``cryptography`` object) for asymmetric
                algorithms; HMAC tokens are signed with the first configured secret.
            kid: the ``kid`` to put in the token header.
            algorithm: the algorithm to sign with (default: the first pinned one).
            claims: more claims for a header token.
            issued_at: the token's ``iat`` in Unix seconds (default: now).
            expires_in: seconds until ``exp`` for a header token.
        """
        alg = self.algorithms[0] if algorithm is None else algorithm
        if alg not in self.algorithms:
            raise ConfigurationError(f"algorithm {alg!r} is not pinned by this scheme")
        iat = int(now(self._clock)) if issued_at is None else int(issued_at)
        header: dict[str, Any] = {
            "alg": alg,
            "typ": sorted(self._types)[0] if self._types else "JWT",
        }
        if kid is not None:
            header["kid"] = kid
        defaults: dict[str, Any] = {}
        if self.policy.audience:
            defaults["aud"] = sorted(self.policy.audience)[0]
        if self.policy.issuer:
            defaults["iss"] = sorted(self.policy.issuer)[0]
        if self.placement == "body":
            if not isinstance(body, Mapping):
                raise ConfigurationError('with placement="body", body is the claims (a dict)')
            token_claims = {"iat": iat, "jti": uuid.uuid4().hex, **defaults, **body}
            token = self._encode(header, token_claims, signing_key)
            return SignedRequest(
                body=token.encode("ascii"),
                headers={
                    "Content-Type": f"application/{header['typ'].lower()}"
                    if self._types
                    else "application/jwt"
                },
            )
        data = encode_payload(body)
        token_claims = {"iat": iat, **defaults}
        if expires_in is not None:
            token_claims["exp"] = iat + expires_in
        if self.placement == "body_digest":
            token_claims[self.body_digest_claim] = base64.b64encode(
                hashlib.sha256(data).digest()
            ).decode("ascii")
        token_claims.update(claims or {})
        token = self._encode(header, token_claims, signing_key)
        return SignedRequest(
            body=data, headers={"Content-Type": "application/json", str(self.header): token}
        )

    def _encode(self, header: dict[str, Any], claims: dict[str, Any], signing_key: Any) -> str:
        head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
        body = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{head}.{body}".encode("ascii")
        alg = header["alg"]
        if alg in HMAC_ALGORITHMS:
            secret = signing_key if signing_key is not None else self._first_secret()
            secret = secret.encode() if isinstance(secret, str) else secret
            signature = hmac.digest(secret, signing_input, HMAC_ALGORITHMS[alg])
        else:
            if signing_key is None:
                raise ConfigurationError("signing an asymmetric token needs signing_key=")
            import jwt

            algorithm = jwt.get_algorithm_by_name(alg)
            try:
                signature = algorithm.sign(signing_input, algorithm.prepare_key(signing_key))
            except (jwt.InvalidKeyError, ValueError, TypeError):
                raise ConfigurationError(f"signing_key is not a private key for {alg}") from None
        return f"{head}.{body}.{b64url_encode(signature)}"

    def _first_secret(self) -> bytes:
        for keys in self._static.values():
            for key in keys:
                if key.algorithm in HMAC_ALGORITHMS:
                    return bytes(key.key)
        raise ConfigurationError("no shared secret is configured to sign with")

    @property
    def key_count(self) -> int:
        """How many keys are configured directly (a JWKS URL's keys not included)."""
        return len({id(key.key) for keys in self._static.values() for key in keys})

    @property
    def jwks_url(self) -> str | None:
        """The JWKS URL keys are fetched from, without any credentials it holds."""
        return None if self._remote is None else self._remote.safe_url

    def __repr__(self) -> str:
        return (
            f"Jwt(algorithms={list(self.algorithms)!r}, placement={self.placement!r}, "
            f"header={self.header!r}, keys={self.key_count}, jwks_url={self.jwks_url!r})"
        )
