"""RSA public keys for RS256 tokens, from what a user configures or a JWKS document.

Re-exported by [`authhooks.verifiers.jwks`][authhooks.verifiers.jwks], where they belong.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from authhooks.errors import ConfigurationError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

__all__ = ["MIN_RSA_BITS", "KeyMap", "count_keys", "load_keys", "parse_jwks"]

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

    Raises [`ConfigurationError`][authhooks.ConfigurationError] for anything unusable;
    messages never include keys.
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


def count_keys(keys: Mapping[str | None, Iterable[Any]]) -> int:
    """How many keys a `KeyMap` holds."""
    return sum(len(list(group)) for group in keys.values())
