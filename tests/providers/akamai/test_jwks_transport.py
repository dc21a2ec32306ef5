"""How a JWKS is fetched, on both paths: HTTPS checked against the trust store, the
environment's proxies, no redirects, strict answers, and messages that leak nothing."""

from __future__ import annotations

import base64

import pytest

from authhooks import KeysUnavailableError
from authhooks.schemes._jwks import RemoteKeySet
from authhooks.testing import AkamaiTestKeys

from ._servers import Authority, ConnectProxy, DripServer
from .conftest import JwksServer, Lookup

pytestmark = [pytest.mark.network, pytest.mark.timeout(60)]


def test_https_with_a_trusted_certificate(
    tls_jwks_server: JwksServer,
    trust_authority: Authority,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
) -> None:
    url = f"https://localhost:{tls_jwks_server.port}/customer/login/jwk"
    assert lookup(RemoteKeySet(url), keys.kid)
    assert tls_jwks_server.hits == 1


def test_https_with_an_untrusted_certificate_is_refused(
    tls_jwks_server: JwksServer,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
) -> None:
    """Without our CA in the trust store, the server's certificate is not accepted."""
    url = f"https://localhost:{tls_jwks_server.port}/customer/login/jwk"
    with pytest.raises(KeysUnavailableError, match="could not be read"):
        lookup(RemoteKeySet(url), keys.kid)
    assert tls_jwks_server.hits == 0


def test_https_proxy_tunnels_with_credentials(
    tls_jwks_server: JwksServer,
    trust_authority: Authority,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
) -> None:
    """``https_proxy`` (with credentials) is honoured: a CONNECT tunnel to a host the test
    machine cannot resolve, whose certificate is still checked."""
    proxy = ConnectProxy(tls_jwks_server.port)
    try:
        proxied = proxy.url.replace("http://", "http://proxy-user:proxy%20pass@")
        no_proxy_env.setenv("https_proxy", proxied)
        key_set = RemoteKeySet("https://jwks.test/customer/login/jwk")
        assert lookup(key_set, keys.kid)
    finally:
        proxy.close()
    assert tls_jwks_server.hits == 1
    assert len(proxy.requests) == 1
    request = proxy.requests[0].decode("latin-1")
    assert request.startswith("CONNECT jwks.test:443 ")
    token = base64.b64encode(b"proxy-user:proxy pass").decode()
    assert f"Proxy-Authorization: Basic {token}".lower() in request.lower()


def test_http_proxy(
    jwks_server: JwksServer,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
) -> None:
    no_proxy_env.setenv("http_proxy", jwks_server.url.rsplit("/customer", 1)[0])
    assert lookup(RemoteKeySet("http://jwks.invalid/customer/login/jwk"), keys.kid)
    assert jwks_server.paths == ["http://jwks.invalid/customer/login/jwk"]


def test_no_proxy_goes_direct(
    jwks_server: JwksServer,
    closed_port_url: str,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
) -> None:
    dead_proxy = closed_port_url.rsplit("/", 1)[0]
    no_proxy_env.setenv("http_proxy", dead_proxy)
    no_proxy_env.setenv("no_proxy", "example.com,127.0.0.1")
    assert lookup(RemoteKeySet(jwks_server.url), keys.kid)
    assert jwks_server.paths == ["/customer/login/jwk"]


def test_a_proxy_that_is_down(
    closed_port_url: str,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
) -> None:
    no_proxy_env.setenv("https_proxy", closed_port_url.rsplit("/", 1)[0])
    with pytest.raises(KeysUnavailableError):
        lookup(RemoteKeySet("https://jwks.test/jwk", timeout=1), keys.kid)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_not_followed(
    jwks_server: JwksServer,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
    status: int,
) -> None:
    jwks_server.mode = "status"
    jwks_server.status = status
    jwks_server.location = jwks_server.url + "?followed=1"
    with pytest.raises(KeysUnavailableError, match=f"HTTP {status}"):
        lookup(RemoteKeySet(jwks_server.url), keys.kid)
    assert jwks_server.paths == ["/customer/login/jwk"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}", "compress"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 1e3\r\n\r\n{}", "could not be read"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: \xd9\xa3\r\n\r\n{}", "could not be read"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "could not"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", "Content-Length"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}", "could not be read"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "could not be read"),
        (b"HTTP/1.1 200 OK\r\nX: " + b"a" * 200_000 + b"\r\n\r\n", "could not be read"),
        (b"HTTP/9 two hundred\r\n\r\n", "could not be read"),
        (b"SSH-2.0-OpenSSH_9.6\r\n", "could not be read"),
        (b"", "could not be read"),
        (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + b" " * 70000, "large"),
    ],
)
@pytest.mark.usefixtures("no_proxy_env")
def test_malformed_answers(
    drip_server: DripServer,
    keys: AkamaiTestKeys,
    lookup: Lookup,
    raw: bytes,
    reason: str,
) -> None:
    drip_server.mode = "raw"
    drip_server.raw = raw
    with pytest.raises(KeysUnavailableError, match=reason):
        lookup(RemoteKeySet(drip_server.url(), timeout=2), keys.kid)


def test_messages_hold_no_credentials_and_no_body(
    drip_server: DripServer,
    jwks_server: JwksServer,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
) -> None:
    secret = "s3cret-in-url"
    messages: list[str] = []
    for mode in ("silent", "raw"):
        drip_server.mode = mode
        drip_server.raw = b"HTTP/1.1 200 OK\r\nX-Leak: " + secret.encode() + b"\r\n\r\n<html>"
        key_set = RemoteKeySet(drip_server.url(userinfo=f"user:{secret}@"), timeout=0.5)
        with pytest.raises(KeysUnavailableError) as info:
            lookup(key_set, keys.kid)
        messages += [str(info.value), repr(info.value), repr(key_set)]
    jwks_server.mode = "garbage"
    jwks_server.garbage = b'{"keys": [{"kid": "' + secret.encode() + b'"'
    with pytest.raises(KeysUnavailableError) as info:
        lookup(RemoteKeySet(jwks_server.url), keys.kid)
    messages.append(str(info.value))
    for message in messages:
        assert secret not in message
        assert "user:" not in message
    assert info.value.__cause__ is None


def test_request_headers(
    jwks_server: JwksServer,
    no_proxy_env: pytest.MonkeyPatch,
    keys: AkamaiTestKeys,
    lookup: Lookup,
) -> None:
    """An identity encoding is asked for; credentials in the URL are sent as Basic auth."""
    url = jwks_server.url.replace("http://", "http://user:pass@")
    assert lookup(RemoteKeySet(url), keys.kid)
    (headers,) = jwks_server.headers
    assert headers["accept-encoding"] == "identity"
    assert headers["user-agent"] == "authhooks"
    assert "application/jwk-set+json" in headers["accept"]
    assert headers["authorization"] == "Basic " + base64.b64encode(b"user:pass").decode()
