"""The Kinde receiver: the body is an RS256 JWT, checked with the keys of the Kinde domain."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from typing import Any, ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._time import Clock, Seconds, seconds
from authhooks.errors import ConfigurationError
from authhooks.parsing import EventParser
from authhooks.providers._token_receiver import TokenReceiver
from authhooks.providers.kinde.models import PARSER, KindeEvent
from authhooks.schemes import Jwt
from authhooks.schemes._jwks import DEFAULT_FETCH_TIMEOUT, DEFAULT_REFETCH_INTERVAL

__all__ = ["DEFAULT_MAX_AGE", "DEFAULT_TOLERANCE", "JWKS_PATH", "Kinde", "jwks_url_of"]

#: The path of the key set under a Kinde domain: the one Kinde's own webhook decoder
#: (``@kinde/webhooks``) fetches. Kinde's docs also name ``/.well-known/jwks``.
JWKS_PATH = "/.well-known/jwks.json"
#: Default bound on how old an event's ``timestamp`` may be, in seconds: 48 h, beyond
#: Kinde's retries (36 h).
DEFAULT_MAX_AGE = 48 * 3600.0
#: Default bound on how far ahead of the receiver's clock ``timestamp`` may be, in seconds
#: (also the leeway on ``exp``, ``nbf`` and ``iat`` should a token carry them).
DEFAULT_TOLERANCE = 300.0

# A host name with an optional port: what a user copies as "the Kinde domain".
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?")


def jwks_url_of(domain: str) -> str:
    """The JWKS URL of a Kinde domain, as a user copies it from the dashboard.

    ``myapp.kinde.com``, ``https://myapp.kinde.com`` (with or without a trailing ``/``) and a
    custom domain give ``https://<domain>/.well-known/jwks.json``; a URL with a path is a
    JWKS URL already and is kept as it is.

    Raises:
        ConfigurationError: ``domain`` is neither a host name nor an ``https://`` URL.
    """
    if not isinstance(domain, str):
        raise ConfigurationError("domain must be a string: the Kinde domain or a JWKS URL")
    if not domain.isascii() or any(char <= " " or char == "\x7f" for char in domain):
        raise ConfigurationError("domain must not hold spaces or control characters")
    lowered = domain.lower()
    if not lowered.startswith(("https://", "http://")):
        host, slash, path = domain.partition("/")
        if not _HOST.fullmatch(host):
            raise ConfigurationError(
                "domain must be your Kinde domain (myapp.kinde.com, or a custom domain), "
                "an https:// URL of it, or its JWKS URL"
            )
        domain = f"https://{host}{slash}{path}"
    try:
        parts = urllib.parse.urlsplit(domain)
    except ValueError:  # an unclosed IPv6 bracket
        raise ConfigurationError("domain is not a valid URL") from None
    if not parts.hostname or parts.query or parts.fragment or parts.username is not None:
        raise ConfigurationError("domain must be a plain https:// URL (no query or credentials)")
    path = JWKS_PATH if parts.path in ("", "/") else parts.path
    return f"{parts.scheme}://{parts.netloc}{path}"


class Kinde(TokenReceiver[KindeEvent]):
    """Receives Kinde webhooks.

    The body (``Content-Type: application/jwt``) is a JWT signed by Kinde with RS256 under
    a ``kid`` of the key set published at the Kinde domain. Only RS256 is accepted, whatever
    the token says; keys come from the domain's JWKS (fetched, cached, refetched on an unknown
    ``kid`` at most once per ``refetch_interval``) or from ``keys``, never from the token.
    The check is a [`Jwt`][authhooks.schemes.Jwt] scheme with the token as the body.

    Kinde's tokens carry no ``exp``, ``iat``, ``iss`` or ``aud``: a captured token verifies
    for ever. The event's own ``timestamp`` bounds replays instead (``max_age``), and
    inside that window a replay is a duplicate of its event: de-duplicate on ``event.id``
    (Kinde's ``event_id``, the same in every retry).

    Args:
        domain: the Kinde domain, as in the dashboard (``myapp.kinde.com`` or
            ``https://myapp.kinde.com``, or a custom domain): its keys are fetched from
            ``https://<domain>/.well-known/jwks.json``. A URL with a path is taken as the
            JWKS URL itself (``https://myapp.kinde.com/.well-known/jwks``).
        keys: keys given directly, for offline use or tests: a JWKS or JWK dict, a PEM public
            key or certificate, or a list of them (keys without a ``kid`` are tried for any
            token).
        max_age: seconds the event's ``timestamp`` may be in the past (default 48 h, beyond
            Kinde's 36 h of retries); ``None`` turns the check off.
        tolerance: seconds ``timestamp`` may be ahead of the receiver's clock (default 300).
        audience: should Kinde address its tokens, the accepted ``aud`` value(s); with
            ``None``, a token carrying an ``aud`` is refused.
        issuer: when given (or several), ``iss`` must be one of them.
        timeout: bound on one JWKS fetch, in seconds (default 5).
        refetch_interval: minimum seconds between refetches for unknown ``kid``s (default 60).
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        max_body_size: the largest body accepted, in bytes.

    Raises:
        KeysUnavailableError: (from ``verify``) the JWKS endpoint is down, slow or returns
            garbage; answer 503 so Kinde delivers the event again.

    Example:
        ```python
        receiver = authhooks.Kinde("myapp.kinde.com")
        event = receiver.verify(request_body, request_headers)
        event.type, event.user.email  # ('user.created', 'ada@example.com')
        ```
    """

    provider: ClassVar[str] = "kinde"
    parser: ClassVar[EventParser[KindeEvent]] = PARSER
    time_field: ClassVar[str] = "timestamp"

    def __init__(
        self,
        domain: str | None = None,
        *,
        keys: Any = None,
        max_age: Seconds | None = DEFAULT_MAX_AGE,
        tolerance: Seconds = DEFAULT_TOLERANCE,
        audience: str | Iterable[str] | None = None,
        issuer: str | Iterable[str] | None = None,
        timeout: float = DEFAULT_FETCH_TIMEOUT,
        refetch_interval: float = DEFAULT_REFETCH_INTERVAL,
        clock: Clock | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if domain is None and keys is None:
            raise ConfigurationError("give the Kinde domain, keys=, or both")
        given = [] if keys is None else (list(keys) if isinstance(keys, (list, tuple)) else [keys])
        if keys is not None and not given:
            raise ConfigurationError("keys: no key given")
        url = None if domain is None else jwks_url_of(domain)
        leeway = seconds(tolerance, "tolerance")
        scheme = Jwt(
            given + ([url] if url is not None else []),
            algorithms=["RS256"],
            placement="body",
            audience=audience,
            issuer=issuer,
            leeway=leeway,
            clock=clock,
            timeout=timeout,
            refetch_interval=refetch_interval,
        )
        super().__init__(
            scheme, max_age=max_age, tolerance=leeway, clock=clock, max_body_size=max_body_size
        )

    def _repr_fields(self) -> Iterable[tuple[str, Any]]:
        return (*super()._repr_fields(), ("max_age", self.max_age))
