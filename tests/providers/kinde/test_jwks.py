"""Kinde's keys from the domain's JWKS: the URL a domain gives, and a real JWKS endpoint on
127.0.0.1 (fetch once, pick up a rotated key, bound the refetches, fail with 503)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from authhooks import (
    ConfigurationError,
    InvalidSignatureError,
    KeysUnavailableError,
    Kinde,
    TimestampError,
)
from authhooks.providers.kinde.receiver import jwks_url_of
from authhooks.samples import load_sample
from tests.providers.akamai.conftest import JwksServer

from .conftest import KeyPair, base_url


@pytest.mark.parametrize(
    ("domain", "url"),
    [
        ("myapp.kinde.com", "https://myapp.kinde.com/.well-known/jwks.json"),
        ("https://myapp.kinde.com", "https://myapp.kinde.com/.well-known/jwks.json"),
        ("https://myapp.kinde.com/", "https://myapp.kinde.com/.well-known/jwks.json"),
        ("HTTPS://MyApp.Kinde.com", "https://MyApp.Kinde.com/.well-known/jwks.json"),
        ("HTTPS://myapp.kinde.com/.well-known/jwks", "https://myapp.kinde.com/.well-known/jwks"),
        ("auth.example.com", "https://auth.example.com/.well-known/jwks.json"),  # custom domain
        ("auth.example.com:8443", "https://auth.example.com:8443/.well-known/jwks.json"),
        # a JWKS URL is kept: Kinde's docs name /.well-known/jwks
        ("https://myapp.kinde.com/.well-known/jwks", "https://myapp.kinde.com/.well-known/jwks"),
        ("myapp.kinde.com/.well-known/jwks", "https://myapp.kinde.com/.well-known/jwks"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/.well-known/jwks.json"),
    ],
)
def test_the_jwks_url_of_a_domain(domain: str, url: str) -> None:
    assert jwks_url_of(domain) == url
    assert Kinde(domain).jwks_url == url


@pytest.mark.parametrize(
    "domain",
    [
        "",
        " myapp.kinde.com",
        "myapp.kinde.com ",
        "myapp .kinde.com",
        "myapp.kinde.com\n",
        "m\u00fdapp.kinde.com",
        "https://",
        "https:///.well-known/jwks",
        "ftp://myapp.kinde.com",
        "myapp.kinde.com?x=1",
        "https://myapp.kinde.com/?x=1",
        "https://myapp.kinde.com/#keys",
        "https://user:pw@myapp.kinde.com",
        "-myapp.kinde.com",
        "https://myapp.kinde.com:99999",
        "https://[::1",
        "http://[fe80::1%zz/keys",
    ],
)
def test_what_is_not_a_domain(domain: str) -> None:
    with pytest.raises(ConfigurationError):
        Kinde(domain)


def fresh(name: str = "user.created") -> dict[str, Any]:
    payload: dict[str, Any] = load_sample("kinde", name)
    payload["timestamp"] = datetime.now(timezone.utc).isoformat()
    return payload


def test_keys_are_fetched_from_the_domain_once(kinde_keys: KeyPair, kinde_jwks: JwksServer) -> None:
    receiver = Kinde(base_url(kinde_jwks))
    assert receiver.jwks_url == f"{base_url(kinde_jwks)}/.well-known/jwks.json"
    assert kinde_jwks.hits == 0  # nothing is fetched at construction
    for name in ("user.created", "user.updated", "organization.created"):
        assert receiver.verify(kinde_keys.token(fresh(name)), {}).type == name
    assert kinde_jwks.hits == 1
    assert kinde_jwks.paths == ["/.well-known/jwks.json"]


def test_the_docs_path_given_as_a_url(kinde_keys: KeyPair, kinde_jwks: JwksServer) -> None:
    receiver = Kinde(f"{base_url(kinde_jwks)}/.well-known/jwks")
    assert receiver.verify(kinde_keys.token(fresh()), {}).type == "user.created"
    assert kinde_jwks.paths == ["/.well-known/jwks"]


def test_async_receivers_fetch_without_blocking(
    kinde_keys: KeyPair, kinde_jwks: JwksServer
) -> None:
    receiver = Kinde(base_url(kinde_jwks))

    async def deliver() -> list[str]:
        events = await asyncio.gather(
            *(receiver.averify(kinde_keys.token(fresh()), {}) for _ in range(5))
        )
        return [event.type for event in events]

    assert asyncio.run(deliver()) == ["user.created"] * 5
    assert kinde_jwks.hits == 1


def test_a_rotated_key_is_picked_up_and_forged_kids_do_not_hammer(
    kinde_keys: KeyPair, other_kinde_keys: KeyPair, kinde_jwks: JwksServer
) -> None:
    receiver = Kinde(base_url(kinde_jwks), refetch_interval=60)
    assert receiver.verify(kinde_keys.token(fresh()), {}).type
    # Kinde rotates: the new key appears in the JWKS next to the old one.
    kinde_jwks.jwks = {"keys": [kinde_keys.jwk, other_kinde_keys.jwk]}
    assert receiver.verify(other_kinde_keys.token(fresh()), {}).type
    assert kinde_jwks.hits == 2
    # Forged kids: at most one refetch per refetch_interval, already spent.
    for index in range(20):
        with pytest.raises(InvalidSignatureError):
            receiver.verify(kinde_keys.token(fresh(), header={"kid": f"forged:{index}"}), {})
    assert kinde_jwks.hits == 2


def test_an_unreachable_endpoint_is_a_503_not_a_forgery(
    kinde_keys: KeyPair, kinde_jwks: JwksServer
) -> None:
    kinde_jwks.mode = "status"
    kinde_jwks.status = 502
    receiver = Kinde(base_url(kinde_jwks), timeout=2)
    with pytest.raises(KeysUnavailableError) as info:
        receiver.verify(kinde_keys.token(fresh()), {})
    assert info.value.retry_after > 0


def test_static_keys_and_the_domain_together(
    kinde_keys: KeyPair, other_kinde_keys: KeyPair, kinde_jwks: JwksServer
) -> None:
    receiver = Kinde(base_url(kinde_jwks), keys=other_kinde_keys.jwks)
    assert receiver.verify(other_kinde_keys.token(fresh()), {}).type
    assert kinde_jwks.hits == 0  # found among the given keys
    assert receiver.verify(kinde_keys.token(fresh()), {}).type
    assert kinde_jwks.hits == 1


def test_a_stale_event_is_refused_after_the_keys_are_fetched(
    kinde_keys: KeyPair, kinde_jwks: JwksServer
) -> None:
    payload = fresh()
    payload["timestamp"] = (datetime.now(timezone.utc) - timedelta(days=3)).isoformat()
    with pytest.raises(TimestampError):
        Kinde(base_url(kinde_jwks)).verify(kinde_keys.token(payload), {})
