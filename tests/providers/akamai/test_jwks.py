"""Keys fetched from a real JWKS endpoint on 127.0.0.1: caching, rotation, rate limiting and
every way the endpoint can fail."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import jwt
import pytest

from authhooks import Akamai, InvalidSignatureError, KeysUnavailableError, VerificationError
from authhooks.samples import load_sample
from authhooks.schemes._jwks import RemoteKeySet
from authhooks.testing import AkamaiTestKeys

from .conftest import AUDIENCE, JwksServer

pytestmark = [pytest.mark.network, pytest.mark.timeout(60)]

HEADERS = {"Content-Type": "application/secevent+jwt"}


def token(keys: AkamaiTestKeys, kid: str | None = None) -> bytes:
    claims: dict[str, Any] = load_sample("akamai", "entityCreated")
    claims.update(iat=int(time.time()), aud=AUDIENCE)
    return jwt.encode(
        claims,
        keys.private_key,
        algorithm="RS256",
        headers={"kid": kid or keys.kid, "typ": "secevent+jwt"},
    ).encode()


def test_keys_are_fetched_once_and_cached(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    assert jwks_server.hits == 0  # nothing is fetched at construction
    for _ in range(20):
        assert receiver.verify(token(keys), HEADERS).type == "entityCreated"
    assert jwks_server.hits == 1


def test_rotation_is_picked_up_and_refetches_are_rate_limited(
    keys: AkamaiTestKeys, other_keys: AkamaiTestKeys, jwks_server: JwksServer
) -> None:
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE, refetch_interval=0.5)
    receiver.verify(token(keys), HEADERS)
    assert jwks_server.hits == 1
    # A new key appears seconds after start-up: the first fetch does not count, so it is
    # picked up at once.
    jwks_server.jwks = {"keys": [keys.jwk, other_keys.jwk]}
    receiver.verify(token(other_keys), HEADERS)
    assert jwks_server.hits == 2
    # Another one right after: within the interval, no refetch, the token is refused.
    third = AkamaiTestKeys.generate("kid-3")
    jwks_server.jwks = {"keys": [keys.jwk, other_keys.jwk, third.jwk]}
    with pytest.raises(InvalidSignatureError):
        receiver.verify(token(third), HEADERS)
    assert jwks_server.hits == 2
    # Once the interval has passed, it is fetched.
    time.sleep(0.6)
    receiver.verify(token(third), HEADERS)
    assert jwks_server.hits == 3
    # Known keys never cause a fetch.
    for signer in (keys, other_keys, third):
        receiver.verify(token(signer), HEADERS)
    assert jwks_server.hits == 3


def test_unknown_kid_flood_is_rate_limited(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    receiver.verify(token(keys), HEADERS)
    for _ in range(200):
        with pytest.raises(InvalidSignatureError):
            receiver.verify(token(keys, kid=str(uuid.uuid4())), HEADERS)
    # The first fetch, then at most one refetch per minute.
    assert jwks_server.hits == 2


def test_unknown_kid_flood_from_a_cold_start(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    for _ in range(50):
        with pytest.raises(InvalidSignatureError):
            receiver.verify(token(keys, kid=str(uuid.uuid4())), HEADERS)
    assert jwks_server.hits <= 2


def test_concurrent_cold_start_fetches_once(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    body = token(keys)
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        try:
            for _ in range(10):
                results.append(receiver.verify(body, HEADERS).type)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert results == ["entityCreated"] * 80
    assert jwks_server.hits == 1


def test_static_keys_and_url_together(
    keys: AkamaiTestKeys, other_keys: AkamaiTestKeys, jwks_server: JwksServer
) -> None:
    receiver = Akamai(jwks_url=jwks_server.url, keys=other_keys.jwks, audience=AUDIENCE)
    receiver.verify(token(other_keys), HEADERS)
    assert jwks_server.hits == 0
    receiver.verify(token(keys), HEADERS)
    assert jwks_server.hits == 1


def test_endpoint_down(keys: AkamaiTestKeys, closed_port_url: str) -> None:
    receiver = Akamai(jwks_url=closed_port_url, audience=AUDIENCE, timeout=1)
    started = time.monotonic()
    with pytest.raises(KeysUnavailableError) as info:
        receiver.verify(token(keys), HEADERS)
    assert time.monotonic() - started < 2
    assert not isinstance(info.value, VerificationError)
    assert info.value.retry_after > 0


def test_endpoint_slow(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    jwks_server.mode = "slow"
    jwks_server.delay = 3
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(KeysUnavailableError):
        receiver.verify(token(keys), HEADERS)
    assert time.monotonic() - started < 1.5


def test_endpoint_trickling_is_bounded(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    jwks_server.mode = "trickle"  # ~0.05 s a byte: minutes for the whole document
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(KeysUnavailableError):
        receiver.verify(token(keys), HEADERS)
    assert time.monotonic() - started < 2


def test_default_timeout_is_bounded(jwks_server: JwksServer) -> None:
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    assert receiver._jwt._remote is not None
    assert 0 < receiver._jwt._remote.timeout <= 5


@pytest.mark.parametrize(
    "garbage",
    [
        b"<html>oops</html>",
        b"",
        b"[]",
        b'{"keys": "none"}',
        b'{"keys": []}',
        b'{"keys": [{"kty": "EC", "kid": "kid-1"}]}',
        b'{"keys": [{"kty": "RSA", "kid": "kid-1", "n": "!!", "e": "AQAB"}]}',
        b"\xff\xfe{}",
        b'{"keys": [' + b"[" * 50000 + b"]" * 50000 + b"]}",
    ],
)
def test_endpoint_garbage(keys: AkamaiTestKeys, jwks_server: JwksServer, garbage: bytes) -> None:
    jwks_server.mode = "garbage"
    jwks_server.garbage = garbage
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    with pytest.raises(KeysUnavailableError):
        receiver.verify(token(keys), HEADERS)


@pytest.mark.parametrize("status", [500, 503, 404, 302])
def test_endpoint_error_status(keys: AkamaiTestKeys, jwks_server: JwksServer, status: int) -> None:
    jwks_server.mode = "status"
    jwks_server.status = status
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    with pytest.raises(KeysUnavailableError):
        receiver.verify(token(keys), HEADERS)


def test_oversized_document(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    jwks_server.jwks = {"keys": [keys.jwk], "padding": "x" * 200_000}
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    with pytest.raises(KeysUnavailableError, match="too large"):
        receiver.verify(token(keys), HEADERS)


def test_after_a_failure_requests_fail_fast(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    jwks_server.mode = "status"
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    with pytest.raises(KeysUnavailableError):
        receiver.verify(token(keys), HEADERS)
    jwks_server.mode = "ok"
    for _ in range(20):
        with pytest.raises(KeysUnavailableError):
            receiver.verify(token(keys), HEADERS)
    assert jwks_server.hits == 1


def test_recovery_after_the_retry_delay(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    key_set = RemoteKeySet(jwks_server.url, retry_after=0.3)
    jwks_server.mode = "status"
    with pytest.raises(KeysUnavailableError):
        key_set.lookup(keys.kid)
    jwks_server.mode = "ok"
    with pytest.raises(KeysUnavailableError):
        key_set.lookup(keys.kid)
    time.sleep(0.4)
    assert len(key_set.lookup(keys.kid)) == 1
    assert jwks_server.hits == 2


def test_known_keys_survive_a_failed_refresh(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    now = [0.0]
    key_set = RemoteKeySet(jwks_server.url, cache_ttl=10, clock=lambda: now[0])
    assert key_set.lookup(keys.kid)
    jwks_server.mode = "status"
    now[0] = 11.0
    assert key_set.lookup(keys.kid)  # refresh failed: the known key is still used
    assert jwks_server.hits == 2
    jwks_server.mode = "ok"
    now[0] = 80.0
    assert key_set.lookup(keys.kid)
    assert jwks_server.hits == 3


def test_https_url_is_accepted_without_fetching() -> None:
    receiver = Akamai(
        jwks_url="https://v1.api.us.janrain.com/3b1e2f4a/login/jwk", audience=AUDIENCE
    )
    assert "janrain.com" in repr(receiver)


def test_environment_proxy_is_used(
    keys: AkamaiTestKeys, jwks_server: JwksServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``http_proxy`` is honoured: the test server plays the proxy for an unreachable host."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", jwks_server.url.rsplit("/customer", 1)[0])
    receiver = Akamai(jwks_url="http://jwks.invalid/customer/login/jwk", audience=AUDIENCE)
    assert receiver.verify(token(keys), HEADERS).type == "entityCreated"
    assert jwks_server.hits == 1
    assert jwks_server.paths == ["http://jwks.invalid/customer/login/jwk"]


def test_oversized_document_without_content_length(
    keys: AkamaiTestKeys, jwks_server: JwksServer
) -> None:
    jwks_server.mode = "nolength"
    jwks_server.jwks = {"keys": [keys.jwk], "padding": "x" * 200_000}
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    with pytest.raises(KeysUnavailableError, match="too large"):
        receiver.verify(token(keys), HEADERS)


def test_document_without_content_length(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    jwks_server.mode = "nolength"
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    assert receiver.verify(token(keys), HEADERS).type == "entityCreated"


def test_unusable_keys_in_the_jwks_are_skipped(
    keys: AkamaiTestKeys, other_keys: AkamaiTestKeys, jwks_server: JwksServer
) -> None:
    jwks_server.jwks = {
        "keys": [
            "not a key",
            {**other_keys.jwk, "use": "enc"},
            {**other_keys.jwk, "alg": "RS512", "kid": "rs512"},
            {**other_keys.jwk, "kid": 7},
            {"kty": "RSA", "kid": "no-modulus"},
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            keys.jwk,
        ]
    }
    receiver = Akamai(jwks_url=jwks_server.url, audience=AUDIENCE)
    assert receiver.verify(token(keys), HEADERS).type
    for kid in (other_keys.kid, "rs512", "hmac"):
        with pytest.raises(InvalidSignatureError):
            receiver.verify(token(other_keys, kid=kid), HEADERS)


def test_query_string_is_kept(keys: AkamaiTestKeys, jwks_server: JwksServer) -> None:
    receiver = Akamai(jwks_url=jwks_server.url + "?v=1", audience=AUDIENCE)
    receiver.verify(token(keys), HEADERS)
    assert jwks_server.paths == ["/customer/login/jwk?v=1"]
