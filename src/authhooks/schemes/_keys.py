"""Verification keys for the JWT scheme: shared secrets, PEM keys, JWKs and JWKS documents.

Keys are prepared once, with PyJWT's algorithm objects, for exactly the algorithms the scheme
pins and the key's type allows: an RSA key never verifies an HMAC token (algorithm
confusion), a JWK marked for another ``use`` or ``alg`` is skipped, RSA keys under 2048 bits
are refused, and a symmetric key is accepted only from the configuration, never from a
fetched JWKS (anyone could read it there).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from authhooks._secrets import normalise_secrets
from authhooks.errors import ConfigurationError

__all__ = [
    "HMAC_ALGORITHMS",
    "JWT_ALGORITHMS",
    "KeyMap",
    "VerifyingKey",
    "algorithm_names",
    "int_claim",
    "is_url",
    "keys_from_jwks",
    "load_keys",
    "merge",
    "verify_signature",
]

#: HMAC JWS algorithms and their digest names.
HMAC_ALGORITHMS: dict[str, str] = {"HS256": "sha256", "HS384": "sha384", "HS512": "sha512"}
_RSA = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
_EC_CURVES = {"ES256": "secp256r1", "ES384": "secp384r1", "ES512": "secp521r1"}
_EDDSA = frozenset({"EdDSA"})
#: Every algorithm the JWT scheme can pin (``none`` never is).
JWT_ALGORITHMS: frozenset[str] = frozenset(HMAC_ALGORITHMS) | _RSA | frozenset(_EC_CURVES) | _EDDSA
#: Smallest RSA modulus accepted, in bits.
MIN_RSA_BITS = 2048
#: The most keys read from one JWKS document.
MAX_JWKS_KEYS = 100


@dataclass(frozen=True)
class VerifyingKey:
    """One key, prepared for one algorithm.

    Attributes:
        kid: the key id (``None`` for a key configured without one: tried for any token).
        algorithm: the JWS algorithm this key verifies.
        key: the key as PyJWT's algorithm object wants it.
    """

    kid: str | None
    algorithm: str
    key: Any


#: Keys by ``kid``.
KeyMap: TypeAlias = "dict[str | None, list[VerifyingKey]]"


class _Unusable(ValueError):
    """A key that cannot serve any of the pinned algorithms."""


def is_url(value: object) -> bool:
    """Whether ``value`` is a JWKS URL rather than a key."""
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def merge(target: KeyMap, extra: KeyMap) -> KeyMap:
    """Add the keys of ``extra`` to ``target`` (in place) and return it."""
    for kid, keys in extra.items():
        target.setdefault(kid, []).extend(keys)
    return target


def load_keys(keys: Iterable[Any], algorithms: Collection[str]) -> KeyMap:
    """Prepare configured keys (not URLs) for the pinned ``algorithms``.

    Each item is a shared secret (text or bytes, for HS* algorithms), a PEM public key or
    certificate, a JWK or JWKS mapping, or a ``cryptography`` public key.

    Raises:
        ConfigurationError: a key is unusable with every pinned algorithm, or malformed.
            Messages never include key material.
    """
    result: KeyMap = {}
    for item in keys:
        try:
            merge(result, _load_one(item, algorithms))
        except _Unusable as exc:
            raise ConfigurationError(f"key: {exc}") from None
    return result


def keys_from_jwks(document: Any, algorithms: Collection[str], *, remote: bool) -> KeyMap:
    """The usable keys of a JWKS document, by ``kid``; unusable keys are skipped.

    Raises:
        ValueError: the document is not a JWKS.
    """
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise ValueError('a JWKS is a JSON object with a "keys" list')
    result: KeyMap = {}
    for jwk in document["keys"][:MAX_JWKS_KEYS]:
        if not isinstance(jwk, Mapping):
            continue
        try:
            merge(result, _from_jwk(jwk, algorithms, remote=remote))
        except _Unusable:
            continue
    return result


def _load_one(item: Any, algorithms: Collection[str]) -> KeyMap:
    if isinstance(item, Mapping):
        if "keys" in item:
            try:
                parsed = keys_from_jwks(item, algorithms, remote=False)
            except ValueError as exc:
                raise _Unusable(str(exc)) from None
            if not parsed:
                raise _Unusable("the JWKS holds no key usable with the pinned algorithms")
            return parsed
        return _from_jwk(item, algorithms, remote=False)
    if isinstance(item, (str, bytes)):
        data = item.encode("utf-8", "surrogatepass") if isinstance(item, str) else item
        if b"-----BEGIN" in data:
            return _from_pem(data, algorithms)
        return _from_secret(item, algorithms)
    return _prepare(None, item, algorithms)


def _from_secret(item: str | bytes, algorithms: Collection[str]) -> KeyMap:
    hmacs = [alg for alg in algorithms if alg in HMAC_ALGORITHMS]
    if not hmacs:
        raise _Unusable(
            "a shared secret was given, but the pinned algorithms are asymmetric: give the "
            "sender's public key (PEM, JWK or JWKS) or its JWKS URL"
        )
    (secret,) = normalise_secrets(item, name="secret")
    return {None: [_prepared(None, alg, secret) for alg in hmacs]}


def _from_pem(data: bytes, algorithms: Collection[str]) -> KeyMap:
    from cryptography import x509
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    if b"PRIVATE KEY" in data:
        raise _Unusable("give the public key, not the private key")
    try:
        if b"CERTIFICATE" in data:
            loaded: Any = x509.load_pem_x509_certificate(data).public_key()
        else:
            loaded = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise _Unusable("not a PEM public key or certificate") from None
    return _prepare(None, loaded, algorithms)


def _from_jwk(jwk: Mapping[str, Any], algorithms: Collection[str], *, remote: bool) -> KeyMap:
    import jwt

    if jwk.get("use", "sig") != "sig":
        raise _Unusable("the JWK is not for signatures")
    kid = jwk.get("kid")
    if kid is not None and (not isinstance(kid, str) or not kid):
        raise _Unusable("the JWK's kid is not a string")
    declared = jwk.get("alg")
    if declared is not None and declared not in algorithms:
        raise _Unusable("the JWK is for an algorithm that is not pinned")
    chosen = [declared] if declared is not None else list(algorithms)
    symmetric = jwk.get("kty") == "oct"
    if symmetric and remote:
        raise _Unusable("a fetched JWKS must not hold a shared secret")
    usable = [alg for alg in chosen if (alg in HMAC_ALGORITHMS) == symmetric]
    if not usable:
        raise _Unusable(
            "a symmetric JWK needs an HS* algorithm"
            if symmetric
            else "an asymmetric JWK needs an asymmetric algorithm"
        )
    try:
        # PyJWK reads the key by its own kty (and crv), or its declared alg: a JWK's
        # material never depends on which of the pinned algorithms is listed first.
        loaded = jwt.PyJWK(dict(jwk)).key
    except Exception:  # a JWK may come from the network: never a foreign error
        raise _Unusable("malformed JWK") from None
    if symmetric:
        if not isinstance(loaded, bytes):
            raise _Unusable("malformed symmetric JWK")
        return {kid: [_prepared(kid, alg, loaded) for alg in usable]}
    return _prepare(kid, loaded, usable)


def _prepare(kid: str | None, key: Any, algorithms: Collection[str]) -> KeyMap:
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    if isinstance(
        key,
        (
            rsa.RSAPrivateKey,
            ec.EllipticCurvePrivateKey,
            ed25519.Ed25519PrivateKey,
            ed448.Ed448PrivateKey,
        ),
    ):
        raise _Unusable("give the public key, not the private key")
    usable: list[str] = []
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise _Unusable(f"RSA key shorter than {MIN_RSA_BITS} bits")
        usable = [alg for alg in algorithms if alg in _RSA]
    elif isinstance(key, ec.EllipticCurvePublicKey):
        usable = [alg for alg in algorithms if _EC_CURVES.get(alg) == key.curve.name]
    elif isinstance(key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        usable = [alg for alg in algorithms if alg in _EDDSA]
    else:
        raise _Unusable("not a key (PEM text, JWK, JWKS, shared secret or public key object)")
    if not usable:
        raise _Unusable("the key's type fits none of the pinned algorithms")
    return {kid: [_prepared(kid, alg, key) for alg in usable]}


def _prepared(kid: str | None, algorithm: str, key: Any) -> VerifyingKey:
    import jwt

    try:
        prepared = jwt.get_algorithm_by_name(algorithm).prepare_key(key)
    except jwt.InvalidKeyError:
        # PyJWT refuses, as an HMAC secret, text that is a PEM, SSH or DER key or a JWK:
        # using a public key as a shared secret is what algorithm confusion needs.
        raise _Unusable(
            f"PyJWT refuses this key for {algorithm} (a shared secret that looks like a "
            "public key, a certificate or a JWK?)"
        ) from None
    return VerifyingKey(kid, algorithm, prepared)


def algorithm_names(
    algorithms: str | Iterable[str],
    allowed: Collection[str],
    *,
    refusal: str,
    empty: str = "at least one algorithm is required",
) -> tuple[str, ...]:
    """The algorithm names given (one, or several in order, without repeats), each one of
    ``allowed``.

    Raises:
        ConfigurationError: not names, none, or one that is not allowed (the message is
            ``empty``, or the name followed by ``refusal``).
    """
    items = [algorithms] if isinstance(algorithms, str) else algorithms
    try:
        names = tuple(dict.fromkeys(items))
    except TypeError:
        raise ConfigurationError("algorithms must be a list of algorithm names") from None
    if not names:
        raise ConfigurationError(empty)
    for name in names:
        if name not in allowed:
            raise ConfigurationError(f"algorithm {str(name)[:20]!r} {refusal}")
    return names


def pin_algorithms(algorithms: str | Iterable[str]) -> tuple[str, ...]:
    """The pinned algorithm list, checked: known, no ``none``, not symmetric and asymmetric
    together (that mix is what algorithm-confusion attacks need)."""
    names = algorithm_names(
        algorithms,
        JWT_ALGORITHMS,
        refusal=(
            f"is not accepted: use one of {', '.join(sorted(JWT_ALGORITHMS))} "
            "('none' is never accepted)"
        ),
        empty="at least one algorithm is required (none is never accepted)",
    )
    symmetric = {name in HMAC_ALGORITHMS for name in names}
    if len(symmetric) > 1:
        raise ConfigurationError(
            "algorithms must be all HMAC (HS*) or all asymmetric: mixing them lets a public "
            "key be used as an HMAC secret"
        )
    return names


#: PyJWT's algorithm objects, by name, looked up once.
_VERIFIERS: dict[str, Any] = {}


def verify_signature(
    keys: list[VerifyingKey], algorithm: str, message: bytes, signature: bytes, symmetric: bool
) -> bool:
    """Whether one of ``keys`` prepared for ``algorithm`` verifies ``signature``.

    Shared secrets are all tried (no early exit: the time taken does not tell which one
    matched); public keys stop at the first match.
    """
    verifier = _VERIFIERS.get(algorithm)
    if verifier is None:
        import jwt

        # PyJWT's algorithm objects hold no state: one per algorithm serves every thread.
        verifier = _VERIFIERS[algorithm] = jwt.get_algorithm_by_name(algorithm)
    matched = False
    for key in keys:
        if key.algorithm != algorithm:
            continue
        try:
            ok = bool(verifier.verify(message, key.key, signature))
        except (ValueError, TypeError):
            ok = False
        if ok and not symmetric:
            return True  # public keys are not secret: no need to try the rest
        matched |= ok
    return matched


def int_claim(value: Any) -> int | None:
    """A numeric claim (``iat``) as whole Unix seconds, or ``None`` when it is not one."""
    if type(value) is int:
        return value
    if type(value) is float and value == value and abs(value) < 1e15:  # noqa: PLR0124 (NaN)
        return int(value)
    return None
