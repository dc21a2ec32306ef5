"""RSA public keys for RS256 tokens: given directly, or fetched from a JWKS URL and cached.

``load_keys`` turns what a user configures (a JWKS dict, one JWK, a PEM public key or
certificate, a key object, or a list of them) into keys grouped by ``kid``.
``RemoteKeySet`` fetches a JWKS over HTTP(S) with the standard library and caches the
loaded key objects:

- the fetch is bounded in time (``timeout``, about 5 s by default, for the whole exchange)
  and in size (``max_size``); an endpoint that is down, slow or returns garbage raises
  [`KeysUnavailableError`][authhooks.KeysUnavailableError], never a verification error;
- an unknown ``kid`` triggers a refetch at most once per ``refetch_interval`` (60 s by
  default), so a flood of forged ``kid`` values cannot make the receiver hammer the
  endpoint; the first fetch does not count, so a key rotated in just after start-up is
  picked up at once;
- after a failed fetch, no new attempt is made for a few seconds (``retry_after``): requests
  fail fast with [`KeysUnavailableError`][authhooks.KeysUnavailableError] instead of queuing on a
  dead endpoint;
- keys are refreshed every ``cache_ttl`` seconds; if that refresh fails, the keys already
  known stay in use;
- lookups of known keys take no lock; fetches are serialised by one lock (thread-safe).

URLs found inside a token (``jku``, ``x5u``) are never followed: keys come only from here.
"""

from __future__ import annotations

import base64
import binascii
import http.client
import json
import math
import re
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from authhooks.errors import ConfigurationError, KeysUnavailableError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

__all__ = [
    "DEFAULT_FETCH_TIMEOUT",
    "DEFAULT_MAX_JWKS_SIZE",
    "DEFAULT_REFETCH_INTERVAL",
    "KeyMap",
    "RemoteKeySet",
    "count_keys",
    "load_keys",
    "parse_jwks",
]

#: Default bound on a JWKS fetch, in seconds.
DEFAULT_FETCH_TIMEOUT = 5.0
#: Default minimum interval between two refetches caused by unknown ``kid`` values.
DEFAULT_REFETCH_INTERVAL = 60.0
#: Default cap on the size of a JWKS document (a set of three RSA keys is about 2 KB).
DEFAULT_MAX_JWKS_SIZE = 64 * 1024
#: Smallest RSA modulus accepted, in bits.
MIN_RSA_BITS = 2048

#: Keys by ``kid``; keys published without a ``kid`` are under ``None``.
KeyMap: TypeAlias = "dict[str | None, list[RSAPublicKey]]"

_B64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


class _BadKey(ValueError):
    """A key that cannot be used (wrong type, too small, malformed)."""


def _rsa_public_from_jwk(jwk: Mapping[str, Any]) -> RSAPublicKey:
    from cryptography.hazmat.primitives.asymmetric import rsa

    if jwk.get("kty") != "RSA":
        raise _BadKey("not an RSA key")
    n, e = jwk.get("n"), jwk.get("e")
    if not isinstance(n, str) or not isinstance(e, str):
        raise _BadKey("RSA key without n and e")
    numbers = rsa.RSAPublicNumbers(_b64url_int(e), _b64url_int(n))
    try:
        key = numbers.public_key()
    except ValueError as exc:
        raise _BadKey("invalid RSA key") from exc
    return _check_size(key)


def _b64url_int(value: str) -> int:
    if len(value) > 4096 or _B64URL.fullmatch(value) is None:
        raise _BadKey("malformed base64url integer")
    stripped = value.rstrip("=")
    try:
        raw = binascii.a2b_base64(
            stripped.replace("-", "+").replace("_", "/") + "=" * (-len(stripped) % 4)
        )
    except binascii.Error as exc:
        raise _BadKey("malformed base64url integer") from exc
    return int.from_bytes(raw, "big")


def _check_size(key: Any) -> RSAPublicKey:
    from cryptography.hazmat.primitives.asymmetric import rsa

    if not isinstance(key, rsa.RSAPublicKey):
        raise _BadKey("not an RSA public key")
    if key.key_size < MIN_RSA_BITS:
        raise _BadKey(f"RSA key shorter than {MIN_RSA_BITS} bits")
    return key


def parse_jwks(document: Any) -> KeyMap:
    """The usable RS256 signing keys of a JWKS document, by ``kid``.

    Keys that are not RSA, are marked for another ``use`` or ``alg``, are shorter than 2048
    bits or are malformed are skipped. Raises ``ValueError`` when the document is not a JWKS.
    """
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError('a JWKS is a JSON object with a "keys" list')
    result: KeyMap = {}
    for jwk in document["keys"][:100]:
        if not isinstance(jwk, dict):
            continue
        if jwk.get("use", "sig") != "sig" or jwk.get("alg", "RS256") != "RS256":
            continue
        kid = jwk.get("kid")
        if kid is not None and not isinstance(kid, str):
            continue
        try:
            key = _rsa_public_from_jwk(jwk)
        except _BadKey:
            continue
        result.setdefault(kid, []).append(key)
    return result


def _load_one(value: Any, result: KeyMap, *, name: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if isinstance(value, rsa.RSAPublicKey):
        result.setdefault(None, []).append(_check_size(value))
    elif isinstance(value, Mapping) and "keys" in value:
        parsed = parse_jwks(dict(value))
        if not parsed:
            raise ConfigurationError(f"{name}: the JWKS holds no usable RSA signing key")
        for kid, keys in parsed.items():
            result.setdefault(kid, []).extend(keys)
    elif isinstance(value, Mapping):
        kid = value.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise ConfigurationError(f"{name}: a JWK's kid must be a string")
        result.setdefault(kid, []).append(_rsa_public_from_jwk(value))
    elif isinstance(value, (str, bytes)):
        data = value.encode("ascii", "replace") if isinstance(value, str) else value
        if b"PRIVATE KEY" in data:
            raise ConfigurationError(f"{name}: give the public key, not the private key")
        loaded: Any
        try:
            if b"CERTIFICATE" in data:
                loaded = x509.load_pem_x509_certificate(data).public_key()
            else:
                loaded = serialization.load_pem_public_key(data)
        except ValueError:
            raise ConfigurationError(f"{name}: not a PEM public key or certificate") from None
        result.setdefault(None, []).append(_check_size(loaded))
    else:
        raise ConfigurationError(
            f"{name} must be a JWKS dict, a JWK dict, a PEM string or a list of them"
        )


def load_keys(keys: Any, *, name: str = "keys") -> KeyMap:
    """Load configured keys (JWKS dict, JWK dict, PEM text, key object, or a list of them).

    Raises [`ConfigurationError`][authhooks.ConfigurationError] for anything unusable; messages
    never include keys.
    """
    result: KeyMap = {}
    items = keys if isinstance(keys, (list, tuple)) else [keys]
    try:
        for item in items:
            _load_one(item, result, name=name)
    except _BadKey as exc:
        raise ConfigurationError(f"{name}: {exc}") from None
    if not result:
        raise ConfigurationError(f"{name}: no key given")
    return result


def _validate_url(url: str) -> urllib.parse.SplitResult:
    if not isinstance(url, str):
        raise ConfigurationError("jwks_url must be a string")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigurationError("jwks_url must be an https:// (or http://) URL")
    return parts


def _positive(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"{name} must be a number of seconds")
    if not math.isfinite(value) or value <= 0:
        raise ConfigurationError(f"{name} must be a positive, finite number of seconds")
    return float(value)


class RemoteKeySet:
    """A JWKS fetched from ``url`` and cached (see the module docstring for the rules).

    Args:
        url: the JWKS URL (``https://``; ``http://`` is allowed for local endpoints).
        timeout: bound on one fetch, in seconds.
        refetch_interval: minimum seconds between two refetches caused by unknown ``kid``s.
        cache_ttl: seconds after which known keys are refreshed.
        max_size: the largest JWKS document accepted, in bytes.
        retry_after: seconds without a new attempt after a failed fetch.
        clock: a monotonic clock (injectable for tests).
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_FETCH_TIMEOUT,
        refetch_interval: float = DEFAULT_REFETCH_INTERVAL,
        cache_ttl: float = 3600.0,
        max_size: int = DEFAULT_MAX_JWKS_SIZE,
        retry_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._parts = _validate_url(url)
        self.url = url
        self.timeout = _positive(timeout, "timeout")
        self.refetch_interval = _positive(refetch_interval, "refetch_interval")
        self.cache_ttl = _positive(cache_ttl, "cache_ttl")
        self.retry_after = _positive(retry_after, "retry_after")
        if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size <= 0:
            raise ConfigurationError("max_size must be a positive number of bytes")
        self.max_size = max_size
        self._clock = clock
        self._proxy = _proxy_for(self._parts)
        self._proxy_headers: dict[str, str] = {}
        if self._proxy is not None and self._proxy.username:
            credentials = f"{urllib.parse.unquote(self._proxy.username)}:" + (
                urllib.parse.unquote(self._proxy.password or "")
            )
            token = base64.b64encode(credentials.encode()).decode("ascii")
            self._proxy_headers["Proxy-Authorization"] = f"Basic {token}"
        self._lock = threading.Lock()
        self._keys: KeyMap | None = None
        self._expires_at = 0.0
        self._last_refetch: float | None = None
        self._blocked_until = 0.0

    def lookup(self, kid: str | None) -> list[RSAPublicKey]:
        """The keys for ``kid`` (fetching as the rules allow); ``[]`` when there are none.

        Raises [`KeysUnavailableError`][authhooks.KeysUnavailableError] when the keys are needed but
        cannot be fetched.
        """
        keys = self._keys
        if keys is not None and self._clock() < self._expires_at:
            found = keys.get(kid)
            if found:
                return found
        with self._lock:
            now = self._clock()
            if self._keys is None or now >= self._expires_at:
                self._refresh(now)
            keys = self._keys
            found = keys.get(kid) if keys is not None else None
            if found:
                return found
            if self._last_refetch is not None and now - self._last_refetch < self.refetch_interval:
                return []
            self._last_refetch = now
            self._fetch_into_cache(now)
            keys = self._keys
            return (keys.get(kid) if keys is not None else None) or []

    def _refresh(self, now: float) -> None:
        try:
            self._fetch_into_cache(now)
        except KeysUnavailableError:
            if self._keys is None:
                raise
            # Keep serving the keys already known; try again a little later.
            self._expires_at = now + min(self.refetch_interval, self.cache_ttl)

    def _fetch_into_cache(self, now: float) -> None:
        if now < self._blocked_until:
            raise KeysUnavailableError(
                "the JWKS endpoint failed moments ago; not retrying yet",
                retry_after=max(1, math.ceil(self._blocked_until - now)),
            )
        try:
            document = self._fetch()
            keys = parse_jwks(document)
            if not keys:
                raise KeysUnavailableError("the JWKS holds no usable RSA signing key")
        except KeysUnavailableError:
            self._blocked_until = self._clock() + self.retry_after
            raise
        except ValueError as exc:
            self._blocked_until = self._clock() + self.retry_after
            raise KeysUnavailableError(f"the JWKS endpoint returned garbage: {exc}") from None
        self._keys = keys
        self._expires_at = now + self.cache_ttl

    def _connect(self, parts: urllib.parse.SplitResult) -> tuple[http.client.HTTPConnection, str]:
        """A connection to the endpoint (through the environment's proxy, if any) and the
        request target."""
        host, port = parts.hostname or "", parts.port
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        proxy = self._proxy
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            context = ssl.create_default_context()
            if proxy is None:
                conn = http.client.HTTPSConnection(
                    host, port, timeout=self.timeout, context=context
                )
            else:
                conn = http.client.HTTPSConnection(
                    proxy.hostname or "", proxy.port, timeout=self.timeout, context=context
                )
                conn.set_tunnel(host, port, headers=dict(self._proxy_headers))
            return conn, path
        if proxy is None:
            return http.client.HTTPConnection(host, port, timeout=self.timeout), path
        conn = http.client.HTTPConnection(proxy.hostname or "", proxy.port, timeout=self.timeout)
        return conn, urllib.parse.urlunsplit(parts._replace(fragment=""))

    def _fetch(self) -> Any:
        parts = self._parts
        deadline = time.monotonic() + self.timeout
        conn, path = self._connect(parts)
        try:
            conn.request(
                "GET",
                path,
                headers={
                    "Accept": "application/jwk-set+json, application/json",
                    "User-Agent": "authhooks",
                    **(self._proxy_headers if self._proxy and parts.scheme == "http" else {}),
                },
            )
            # Kept: the connection drops its reference once the response owns the socket.
            sock = conn.sock
            if sock is not None:
                sock.settimeout(max(deadline - time.monotonic(), 0.001))
            response = conn.getresponse()
            if response.status != 200:
                raise KeysUnavailableError(
                    f"the JWKS endpoint answered HTTP {response.status}", retry_after=30
                )
            length = response.getheader("Content-Length")
            if length is not None and length.isdigit() and int(length) > self.max_size:
                raise KeysUnavailableError("the JWKS document is too large")
            chunks: list[bytes] = []
            total = 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                if sock is not None:
                    sock.settimeout(remaining)
                chunk = response.read1(16384)
                if not chunk:
                    break
                total += len(chunk)
                if total > self.max_size:
                    raise KeysUnavailableError("the JWKS document is too large")
                chunks.append(chunk)
        except (OSError, http.client.HTTPException) as exc:
            kind = "timed out" if isinstance(exc, TimeoutError) else type(exc).__name__
            raise KeysUnavailableError(f"the JWKS endpoint could not be read ({kind})") from None
        finally:
            conn.close()
        try:
            return json.loads(b"".join(chunks).decode("utf-8"))
        except (ValueError, RecursionError):
            raise ValueError("not UTF-8 JSON") from None


def _proxy_for(parts: urllib.parse.SplitResult) -> urllib.parse.SplitResult | None:
    """The proxy the environment (``https_proxy``, ``http_proxy``, ``no_proxy``) names."""
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    proxy_parts = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    return proxy_parts if proxy_parts.hostname else None


def count_keys(keys: Mapping[str | None, Iterable[Any]]) -> int:
    """How many keys a ``KeyMap`` holds."""
    return sum(len(list(group)) for group in keys.values())
