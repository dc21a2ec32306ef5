"""The Frontegg receiver: a JWT in ``x-webhook-secret``, HMAC-signed with the connection secret."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._secrets import SecretInput, normalise_secrets
from authhooks.errors import ConfigurationError
from authhooks.parsing import EventParser
from authhooks.providers.frontegg.models import PARSER, FronteggEvent
from authhooks.receiver import Receiver
from authhooks.schemes import Jwt
from authhooks.schemes._keys import HMAC_ALGORITHMS

__all__ = ["DEFAULT_LEEWAY", "Frontegg"]

#: Default clock skew allowed on the token's ``exp``, ``nbf`` and ``iat``, in seconds.
DEFAULT_LEEWAY = 30.0

_KEY_MARKERS = (b"-----BEGIN", b"ssh-rsa", b"ssh-ed25519", b"ecdsa-sha2-", b'{"kty"')


class Frontegg(Receiver[FronteggEvent]):
    """Receives Frontegg webhooks.

    Frontegg sends, in the ``x-webhook-secret`` header, a JWT signed with the webhook
    connection's secret (HMAC), checked by a [`Jwt`][authhooks.schemes.Jwt] scheme. The token
    is verified with the algorithms pinned here, never
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
    parser: ClassVar[EventParser[FronteggEvent]] = PARSER
    #: The header Frontegg's token arrives in.
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
        secrets = normalise_secrets(secret, name="secret")
        for value in secrets:
            if value.lstrip().startswith(_KEY_MARKERS):
                raise ConfigurationError(
                    "secret looks like a public or private key; Frontegg tokens are signed "
                    "with the connection's shared secret (HMAC)"
                )
        self.algorithms = _pin_algorithms(algorithms)
        if isinstance(leeway, bool) or not isinstance(leeway, (int, float)):
            raise ConfigurationError("leeway must be a number of seconds")
        if not callable(clock):
            raise ConfigurationError("clock must be a callable returning Unix time")
        scheme = Jwt(
            list(secrets),
            algorithms=self.algorithms,
            placement="header",
            header=self.header,
            leeway=leeway,
            clock=clock,
            allowed_header_params=("alg", "typ", "kid"),
        )
        super().__init__(scheme, max_body_size=max_body_size)
        self.leeway = float(leeway)
        self._secret_count = len(secrets)

    def __repr__(self) -> str:
        return (
            f"Frontegg(secrets={self._secret_count}, algorithms={self.algorithms!r}, "
            f"leeway={self.leeway!r})"
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
