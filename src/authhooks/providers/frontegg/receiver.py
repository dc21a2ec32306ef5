"""The Frontegg receiver: a JWT in ``x-webhook-secret``, HMAC-signed with the connection secret."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

from pydantic import ValidationError

from authhooks._body import DEFAULT_MAX_BODY_SIZE, decode_json, refuse_non_json_literals
from authhooks._headers import OWS, require_header
from authhooks._secrets import SecretInput, normalise_secrets
from authhooks.errors import ConfigurationError, PayloadError
from authhooks.providers.frontegg.models import EVENT_ADAPTER, FronteggEvent
from authhooks.receiver import Receiver, payload_error
from authhooks.verifiers.jws import HMAC_ALGORITHMS, HmacJwtVerifier

__all__ = ["DEFAULT_LEEWAY", "Frontegg"]

#: Default clock skew allowed on the token's ``exp``, ``nbf`` and ``iat``, in seconds.
DEFAULT_LEEWAY = 30.0

_KEY_MARKERS = (b"-----BEGIN", b"ssh-rsa", b"ssh-ed25519", b"ecdsa-sha2-", b'{"kty"')


class Frontegg(Receiver[FronteggEvent]):
    """Receives Frontegg webhooks.

    Frontegg sends, in the ``x-webhook-secret`` header, a JWT signed with the webhook
    connection's secret (HMAC). The token is verified with the algorithms pinned here, never
    with the one the token names: ``none`` and asymmetric algorithms are always refused.
    ``exp`` and ``nbf`` are enforced when present, with ``leeway``.

    The token does **not** cover the body: it proves the request was sent by someone who holds
    the secret, not that the body is the one they sent. See the Frontegg docs page.

    Args:
        secret: the connection secret, or several (rotation: any one is accepted).
        algorithms: the accepted algorithms: ``"HS256"`` (default), ``"HS384"``, ``"HS512"``.
        leeway: seconds of clock skew allowed on ``exp``/``nbf``/``iat`` (default 30).
        clock: returns the current Unix time; override it in tests.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = Frontegg(secret="your-connection-secret")
        event = receiver.verify(request_body, request_headers)
        event.type, event.user.email  # ('frontegg.user.created', 'ada@example.com')
        ```
    """

    provider: ClassVar[str] = "frontegg"
    may_block: ClassVar[bool] = False
    header: ClassVar[str] = "x-webhook-secret"

    def __init__(
        self,
        secret: SecretInput,
        *,
        algorithms: str | Iterable[str] = ("HS256",),
        leeway: float = DEFAULT_LEEWAY,
        clock: Callable[[], float] = time.time,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        super().__init__(max_body_size=max_body_size)
        self._secrets = normalise_secrets(secret, name="secret")
        for value in self._secrets:
            if value.lstrip().startswith(_KEY_MARKERS):
                raise ConfigurationError(
                    "secret looks like a public or private key; Frontegg tokens are signed "
                    "with the connection's shared secret (HMAC)"
                )
        self.algorithms = _pin_algorithms(algorithms)
        if isinstance(leeway, bool) or not isinstance(leeway, (int, float)):
            raise ConfigurationError("leeway must be a number of seconds")
        if not math.isfinite(leeway) or leeway < 0:
            raise ConfigurationError("leeway must be a finite, non-negative number of seconds")
        if not callable(clock):
            raise ConfigurationError("clock must be a callable returning Unix time")
        self.leeway = float(leeway)
        self._token = HmacJwtVerifier(
            self._secrets,
            self.algorithms,
            leeway=self.leeway,
            clock=clock,
            header=self.header,
            what="frontegg token",
        )

    def _verify(self, body: bytes, headers: Mapping[str, str]) -> FronteggEvent:
        self._token.verify(require_header(headers, self.header).strip(OWS))
        refuse_non_json_literals(body)
        try:
            event: FronteggEvent = EVENT_ADAPTER.validator.validate_json(body)
        except ValidationError as exc:
            raise _payload_error(exc, body) from None
        event._attach(body)
        return event

    def __repr__(self) -> str:
        return (
            f"Frontegg(secrets={len(self._secrets)}, algorithms={self.algorithms!r}, "
            f"leeway={self.leeway!r})"
        )


def _payload_error(exc: ValidationError, body: bytes) -> PayloadError:
    """A [`PayloadError`][authhooks.PayloadError] whose locations read ``user.createdAt``, not union
    internals.

    The union tries the known event named by ``eventKey`` first, then the generic event:
    report the known event's errors when there are some, else the generic event's.
    """
    known: list[tuple[str, str]] = []
    generic: list[tuple[str, str]] = []
    for err in exc.errors():
        if err["type"] in {"json_invalid", "json_type"}:
            return payload_error(exc, body, Frontegg.provider)
        loc = [str(part) for part in err["loc"]]
        if loc and loc[0].startswith("tagged-union"):
            if len(loc) >= 2:
                known.append((".".join(loc[2:]) or "body", err["msg"]))
        elif loc:
            generic.append((".".join(loc[1:]) or "body", err["msg"]))
    errors = tuple(known or generic) or (("body", "invalid"),)
    try:
        raw = decode_json(body)
    except PayloadError:
        raw = None
    where, what = errors[0]
    return PayloadError(
        f"frontegg payload is not valid: {where}: {what}",
        body=body,
        raw=raw,
        errors=errors,
        field=None if where == "body" else where,
    )


def _pin_algorithms(algorithms: str | Iterable[str]) -> tuple[str, ...]:
    items = [algorithms] if isinstance(algorithms, str) else algorithms
    try:
        names = tuple(items)
    except TypeError:
        raise ConfigurationError("algorithms must be a list of algorithm names") from None
    if not names:
        raise ConfigurationError("at least one algorithm is required")
    for name in names:
        if name not in HMAC_ALGORITHMS:
            raise ConfigurationError(
                f"algorithm {str(name)[:20]!r} is not accepted for Frontegg: use HS256, "
                "HS384 or HS512 ('none' and asymmetric algorithms are always refused)"
            )
    return tuple(dict.fromkeys(names))
