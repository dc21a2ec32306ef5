"""Token attacks on the JWT-based providers (Frontegg: header token; Akamai: the body is one).

The receivers are built through the public API with keys made here, so every attack token can
be signed exactly as an attacker (or, for the control cases, the provider) would. A local
listener stands in for every URL a token points at: no receiver may ever connect to it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import RSAAlgorithm

import authhooks
from authhooks import WebhookError
from authhooks.samples import load_sample, sample_events

SECRET = "frontegg_adversarial_secret_0123456789abcdef"
AUDIENCE = "https://hooks.example.com/akamai"
KID = "good-key"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    head = _b64(json.dumps(header).encode())
    body = _b64(json.dumps(claims).encode())
    return f"{head}.{body}.{_b64(signature)}"


def _hs(header: dict[str, Any], claims: dict[str, Any], key: bytes, digest: Any) -> str:
    head = _b64(json.dumps(header).encode())
    body = _b64(json.dumps(claims).encode())
    mac = hmac.new(key, f"{head}.{body}".encode(), digest).digest()
    return f"{head}.{body}.{_b64(mac)}"


# --- a listener that records every connection --------------------------------------------------


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True
    hits = 0
    jwks: bytes = b"{}"

    def verify_request(self, request: Any, client_address: Any) -> bool:
        type(self).hits += 1
        return True


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = self.server.jwks  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def listener(evil_rsa: rsa.RSAPrivateKey) -> Iterator[_Recorder]:
    """A local server offering the attacker's JWKS to whoever asks; counts connections."""
    _Recorder.hits = 0
    server = _Recorder(("127.0.0.1", 0), _Handler)
    jwk = RSAAlgorithm.to_jwk(evil_rsa.public_key(), as_dict=True)
    server.jwks = json.dumps({"keys": [{**jwk, "kid": "evil", "alg": "RS256"}]}).encode()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _urls(server: _Recorder) -> dict[str, str]:
    host, port = server.server_address[:2]
    return {
        "jku": f"http://{host}:{port}/jwks.json",
        "x5u": f"http://{host}:{port}/cert.pem",
    }


# --- keys -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def good_rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def evil_rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _rejected(receiver: Any, body: bytes | str, headers: dict[str, str]) -> WebhookError:
    start = time.perf_counter()
    with pytest.raises(WebhookError) as info:
        receiver.verify(body, headers)
    assert time.perf_counter() - start < 2.0
    return info.value


# --- Frontegg ---------------------------------------------------------------------------------


@pytest.fixture
def frontegg() -> Any:
    cls = getattr(authhooks, "Frontegg", None)
    if cls is None:
        pytest.skip("Frontegg is not available")
    return cls(secret=SECRET)


def _frontegg_body() -> bytes:
    return json.dumps(load_sample("frontegg", sample_events("frontegg")[0])).encode()


def _fe_headers(token: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "x-webhook-secret": token}


def _fe_claims(**extra: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iat": now, "exp": now + 300, **extra}


def test_frontegg_control_genuine_token_is_accepted(frontegg: Any) -> None:
    token = jwt.encode(_fe_claims(), SECRET, algorithm="HS256")
    event = frontegg.verify(_frontegg_body(), _fe_headers(token))
    assert event.provider == "frontegg"


def _frontegg_attacks(evil_rsa: rsa.RSAPrivateKey, urls: dict[str, str]) -> dict[str, str]:
    claims = _fe_claims()
    now = int(time.time())
    evil_ec = ec.generate_private_key(ec.SECP256R1())
    return {
        "alg none": _unsigned({"alg": "none", "typ": "JWT"}, claims),
        "alg None": _unsigned({"alg": "None", "typ": "JWT"}, claims),
        "alg none with a signature": _unsigned({"alg": "none"}, claims, b"x" * 32),
        "no alg": _hs({"typ": "JWT"}, claims, SECRET.encode(), hashlib.sha256),
        "RS256 by an attacker key": jwt.encode(claims, evil_rsa, algorithm="RS256"),
        "ES256 by an attacker key": jwt.encode(claims, evil_ec, algorithm="ES256"),
        "HS512 (not enabled)": _hs({"alg": "HS512"}, claims, SECRET.encode(), hashlib.sha512),
        "HS256 with another secret": jwt.encode(claims, SECRET + "x", algorithm="HS256"),
        "HS256 with an empty secret": _hs({"alg": "HS256"}, claims, b"", hashlib.sha256),
        "crit with an unknown extension": jwt.encode(
            claims, SECRET, algorithm="HS256", headers={"crit": ["x-unknown"], "x-unknown": 1}
        ),
        "jku to the attacker's JWKS": jwt.encode(
            claims, evil_rsa, algorithm="RS256", headers={"jku": urls["jku"], "kid": "evil"}
        ),
        "x5u to the attacker": jwt.encode(
            claims, evil_rsa, algorithm="RS256", headers={"x5u": urls["x5u"], "kid": "evil"}
        ),
        "expired an hour ago": jwt.encode(
            {"iat": now - 3900, "exp": now - 3600}, SECRET, algorithm="HS256"
        ),
        "not valid for an hour": jwt.encode(
            {"iat": now, "nbf": now + 3600, "exp": now + 7200}, SECRET, algorithm="HS256"
        ),
        "exp is not a number": _hs(
            {"alg": "HS256"}, {"exp": "soon"}, SECRET.encode(), hashlib.sha256
        ),
        "exp is NaN": _hs({"alg": "HS256"}, {"exp": float("nan")}, SECRET.encode(), hashlib.sha256),
        "claims are not an object": _hs({"alg": "HS256"}, [1, 2], SECRET.encode(), hashlib.sha256),  # type: ignore[arg-type]
        "header is not an object": _b64(b"[1]") + "." + _b64(b"{}") + "." + _b64(b"x"),
        "four segments": jwt.encode(claims, SECRET, algorithm="HS256") + ".e30",
        "bad base64": jwt.encode(claims, SECRET, algorithm="HS256")[:-3] + "!!!",
        "huge token": "eyJ" + "A" * 9000 + ".e30.e30",
    }


@pytest.mark.network
def test_frontegg_attacks_are_rejected_and_no_url_is_followed(
    frontegg: Any, evil_rsa: rsa.RSAPrivateKey, listener: _Recorder
) -> None:
    body = _frontegg_body()
    attacks = _frontegg_attacks(evil_rsa, _urls(listener))
    for name, token in attacks.items():
        try:
            frontegg.verify(body, _fe_headers(token))
        except WebhookError:
            continue
        raise AssertionError(f"frontegg accepted: {name}")
    assert listener.hits == 0


@pytest.mark.network
def test_frontegg_genuine_token_with_jku_does_not_fetch(frontegg: Any, listener: _Recorder) -> None:
    token = jwt.encode(
        _fe_claims(), SECRET, algorithm="HS256", headers={"jku": _urls(listener)["jku"]}
    )
    with contextlib.suppress(WebhookError):
        frontegg.verify(_frontegg_body(), _fe_headers(token))
    assert listener.hits == 0


# --- Akamai -----------------------------------------------------------------------------------


@pytest.fixture
def akamai(good_rsa: rsa.RSAPrivateKey) -> Any:
    cls = getattr(authhooks, "Akamai", None)
    if cls is None:
        pytest.skip("Akamai is not available")
    jwk = RSAAlgorithm.to_jwk(good_rsa.public_key(), as_dict=True)
    return cls(
        keys={"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}, audience=AUDIENCE
    )


def _set_claims() -> dict[str, Any]:
    claims: dict[str, Any] = load_sample("akamai", sample_events("akamai")[0])
    claims["iat"] = int(time.time())
    claims["aud"] = AUDIENCE
    return claims


AK_HEADERS = {"Content-Type": "application/secevent+jwt"}
SET_HEADER = {"typ": "secevent+jwt", "kid": KID}


def test_akamai_control_genuine_token_is_accepted(akamai: Any, good_rsa: rsa.RSAPrivateKey) -> None:
    token = jwt.encode(_set_claims(), good_rsa, algorithm="RS256", headers=SET_HEADER)
    event = akamai.verify(token, AK_HEADERS)
    assert event.provider == "akamai"


def _akamai_attacks(
    good: rsa.RSAPrivateKey, evil: rsa.RSAPrivateKey, urls: dict[str, str]
) -> dict[str, str]:
    claims = _set_claims()
    pem = good.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    der = good.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    jwk_json = json.dumps(RSAAlgorithm.to_jwk(good.public_key(), as_dict=True)).encode()
    evil_jwk = RSAAlgorithm.to_jwk(evil.public_key(), as_dict=True)
    hs = {"alg": "HS256", "typ": "secevent+jwt", "kid": KID}
    return {
        "alg none": _unsigned({"alg": "none", "typ": "secevent+jwt", "kid": KID}, claims),
        "alg NONE with the genuine signature stripped": _unsigned(
            {"alg": "NONE", "kid": KID}, claims
        ),
        "HS256 keyed with the public key PEM": _hs(hs, claims, pem, hashlib.sha256),
        "HS256 keyed with the public key DER": _hs(hs, claims, der, hashlib.sha256),
        "HS256 keyed with the public JWK": _hs(hs, claims, jwk_json, hashlib.sha256),
        "HS512 keyed with the public key PEM": _hs(
            {**hs, "alg": "HS512"}, claims, pem, hashlib.sha512
        ),
        "RS256 by an attacker key, same kid": jwt.encode(
            claims, evil, algorithm="RS256", headers=SET_HEADER
        ),
        "RS512 by the genuine key": jwt.encode(claims, good, algorithm="RS512", headers=SET_HEADER),
        "PS256 by the genuine key": jwt.encode(claims, good, algorithm="PS256", headers=SET_HEADER),
        "jku to the attacker's JWKS": jwt.encode(
            claims,
            evil,
            algorithm="RS256",
            headers={"typ": "secevent+jwt", "kid": "evil", "jku": urls["jku"]},
        ),
        "jku to the attacker's JWKS, genuine kid": jwt.encode(
            claims, evil, algorithm="RS256", headers={**SET_HEADER, "jku": urls["jku"]}
        ),
        "x5u to the attacker": jwt.encode(
            claims,
            evil,
            algorithm="RS256",
            headers={"typ": "secevent+jwt", "kid": "evil", "x5u": urls["x5u"]},
        ),
        "embedded attacker jwk": jwt.encode(
            claims, evil, algorithm="RS256", headers={**SET_HEADER, "jwk": evil_jwk}
        ),
        "crit with an unknown extension": jwt.encode(
            claims,
            good,
            algorithm="RS256",
            headers={**SET_HEADER, "crit": ["x-unknown"], "x-unknown": True},
        ),
        "kid of a missing key": jwt.encode(
            claims, good, algorithm="RS256", headers={"typ": "secevent+jwt", "kid": "missing"}
        ),
        "kid path traversal": jwt.encode(
            claims,
            evil,
            algorithm="RS256",
            headers={"typ": "secevent+jwt", "kid": "../../etc/passwd"},
        ),
        "kid of 10 000 characters": jwt.encode(
            claims, evil, algorithm="RS256", headers={"typ": "secevent+jwt", "kid": "k" * 10_000}
        ),
        "typ JWT instead of secevent+jwt": jwt.encode(
            claims, good, algorithm="RS256", headers={"typ": "JWT", "kid": KID}
        ),
        "wrong audience": jwt.encode(
            {**claims, "aud": "https://attacker.example/"},
            good,
            algorithm="RS256",
            headers=SET_HEADER,
        ),
        # Past Akamai's retry horizon (the last retry comes about 25 h after the first try).
        "issued two days ago": jwt.encode(
            {**claims, "iat": int(time.time()) - 2 * 86_400},
            good,
            algorithm="RS256",
            headers=SET_HEADER,
        ),
        "issued a day ahead": jwt.encode(
            {**claims, "iat": int(time.time()) + 86_400},
            good,
            algorithm="RS256",
            headers=SET_HEADER,
        ),
        "four segments": jwt.encode(claims, good, algorithm="RS256", headers=SET_HEADER) + ".e30",
        "signature cut short": jwt.encode(claims, good, algorithm="RS256", headers=SET_HEADER)[
            :-20
        ],
    }


@pytest.mark.network
def test_akamai_attacks_are_rejected_and_no_url_is_followed(
    akamai: Any, good_rsa: rsa.RSAPrivateKey, evil_rsa: rsa.RSAPrivateKey, listener: _Recorder
) -> None:
    attacks = _akamai_attacks(good_rsa, evil_rsa, _urls(listener))
    for name, token in attacks.items():
        try:
            akamai.verify(token, AK_HEADERS)
        except WebhookError:
            continue
        raise AssertionError(f"akamai accepted: {name}")
    assert listener.hits == 0


def test_akamai_huge_and_malformed_bodies(akamai: Any) -> None:
    for body in (
        b"eyJ" + b"A" * 1_000_000 + b".e30.e30",
        b"." * 100_000,
        b"\x00" * 1000,
        json.dumps(_set_claims()).encode(),
        b"",
    ):
        _rejected(akamai, body, AK_HEADERS)


# --- hostile claims, validly signed -------------------------------------------------------------


def _hostile_claims(valid: dict[str, Any]) -> dict[str, bytes]:
    """JSON claim sets an attacker holding the key could sign, or a broken sender could emit."""
    prefix = json.dumps(valid).encode()[:-1] + b', "x": '
    return {
        "nested arrays, 10 000 levels": prefix + b"[" * 10_000 + b"]" * 10_000 + b"}",
        "nested objects, 10 000 levels": prefix + b'{"a":' * 10_000 + b"1" + b"}" * 10_001,
        "integer of 100 000 digits": prefix + b"9" * 100_000 + b"}",
        "NaN literal": prefix + b"NaN}",
        "Infinity literal": prefix + b"-Infinity}",
        "BOM prefix": b"\xef\xbb\xbf" + prefix + b"1}",
        "UTF-16": (prefix + b"1}").decode().encode("utf-16"),
        "invalid UTF-8": prefix + b'"\xc3\x28"}',
        "not an object": b"[" + json.dumps(valid).encode() + b"]",
        "trailing garbage": prefix + b"1}}",
    }


def test_frontegg_hostile_claims_are_rejected(frontegg: Any) -> None:
    body = _frontegg_body()
    for name, claims in _hostile_claims(_fe_claims()).items():
        token = jwt.api_jws.encode(claims, SECRET, algorithm="HS256")
        start = time.perf_counter()
        try:
            frontegg.verify(body, _fe_headers(token))
        except WebhookError:
            assert time.perf_counter() - start < 2.0, name
            continue
        raise AssertionError(f"frontegg accepted hostile claims: {name}")


def test_akamai_hostile_claims_are_rejected(akamai: Any, good_rsa: rsa.RSAPrivateKey) -> None:
    for name, claims in _hostile_claims(_set_claims()).items():
        token = jwt.api_jws.encode(claims, good_rsa, algorithm="RS256", headers=SET_HEADER)
        start = time.perf_counter()
        try:
            akamai.verify(token, AK_HEADERS)
        except WebhookError:
            assert time.perf_counter() - start < 2.0, name
            continue
        raise AssertionError(f"akamai accepted hostile claims: {name}")
