"""What the credentials of providers that sign with a key pair share: reading a PEM private
key, its public half, the key a user gave, and a demo with a fixed throw-away key."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from authhooks.errors import ConfigurationError
from authhooks.providers import Demo

if TYPE_CHECKING:
    from authhooks._credentials import Given
    from authhooks.receiver import Receiver
    from authhooks.signing import SignedRequest

__all__ = ["given_key", "key_pair_demo", "load_private_key", "public_pem", "verifying_keys"]

K = TypeVar("K")


def load_private_key(pem: bytes) -> Any:
    """The private key of an unencrypted PEM."""
    from cryptography.hazmat.primitives import serialization

    try:
        return serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise ConfigurationError("the key is not an unencrypted PEM private key") from None


def public_pem(key: Any) -> bytes:
    """The PEM of a private key's public half."""
    from cryptography.hazmat.primitives import serialization

    pem: bytes = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem


def given_key(given: Given) -> bytes | None:
    """The key file given (``--key``), else a PEM given where a secret goes."""
    if given.key is not None:
        return given.key
    for secret in given.secrets:  # a PEM pasted where a secret goes
        if "-----BEGIN" in secret:
            return secret.encode("utf-8")
    return None


def verifying_keys(data: bytes, load: Callable[[bytes], Any]) -> Any:
    """The keys a receiver trusts for a key file: a JWKS or JWK (JSON), the public half of
    a private key (``load`` reads it: the file ``send --key`` signs with), else the PEM."""
    if data.lstrip().startswith(b"{"):
        try:
            return json.loads(data)
        except ValueError:
            raise ConfigurationError("--key is not valid JSON") from None
    if b"PRIVATE KEY" in data:
        return public_pem(load(data))
    return data


def key_pair_demo(
    pem: str,
    kid: str,
    *,
    load: Callable[[bytes], K],
    receiver: Callable[[bytes], Receiver[Any]],
    sign: Callable[[Any, K, str], SignedRequest],
    stranger: Callable[[], K],
) -> Demo:
    """A demo whose receiver trusts the public half of the fixed key ``pem``; its sender
    signs with that key under ``kid``, its forger under the same ``kid`` with a key of its
    own (``stranger``), which the receiver must refuse."""
    key = load(pem.encode("ascii"))
    return Demo(
        make_receiver=lambda: receiver(public_pem(key)),
        sign=lambda payload: sign(payload, key, kid),
        forge=lambda payload: sign(payload, stranger(), kid),
    )
