"""Fixtures of the command-line tests: a real HTTP server, an RSA key pair."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from authhooks import Userfront
from tests.cli._support import KEY, serving


@pytest.fixture
def server() -> Iterator[tuple[str, list[bytes]]]:
    with serving(Userfront(api_key=KEY), "/hooks/userfront") as running:
        yield running


@pytest.fixture
def akamai_key(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = tmp_path / "akamai.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = tmp_path / "akamai.pub.pem"
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public
