"""Token attacks on every JWT target: each registered provider on the ``Jwt`` scheme, and
``Webhook`` with a token in a header, as the body, or signing the body's digest, with HMAC and
RSA keys.

The attacks are built from each target's genuine token (its header, its claims, its
signature) so that only what an attack changes differs. Where the genuine key is known (a
demo secret of the registry, the keys of the ``Webhook`` targets), attacks signed with it
check that the key alone does not suffice: an algorithm that is not pinned, an expired token,
a ``crit`` extension. A local listener stands in for every URL a token points at: no
receiver may ever connect to it.
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

from ._cases import NAMES, Case, b64decode, get_case

AUDIENCE = "https://hooks.example.com/akamai"
KID = "good-key"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _segment(document: Any) -> str:
    return _b64(json.dumps(document).encode())


def _unsigned(header: dict[str, Any], claims: Any, signature: bytes = b"") -> str:
    return f"{_segment(header)}.{_segment(claims)}.{_b64(signature)}"


def _hs(header: dict[str, Any], claims: Any, key: bytes, digest: Any = hashlib.sha256) -> str:
    head, body = _segment(header), _segment(claims)
    mac = hmac.new(key, f"{head}.{body}".encode(), digest).digest()
    return f"{head}.{body}.{_b64(mac)}"


def _parts(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """The genuine token's header, claims and signature."""
    head, claims, signature = token.split(".")
    decoded = [b64decode(part) for part in (head, claims, signature)]
    assert all(part is not None for part in decoded)
    return json.loads(decoded[0] or b""), json.loads(decoded[1] or b""), decoded[2] or b""


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


@pytest.fixture(scope="module")
def evil_rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def good_rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


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


def _cases_where(keep: Any) -> list[str]:
    return [name for name in NAMES if (case := get_case(name)) and case.token and keep(case)]


@pytest.fixture(params=_cases_where(lambda c: c.hs_secret is not None or c.rsa_private))
def keyed_case(request: pytest.FixtureRequest) -> Case:
    """Each JWT target whose genuine key is known here (to sign attacks with it)."""
    case = get_case(request.param)
    assert case is not None
    return case


@pytest.fixture(params=_cases_where(lambda c: c.token_in_body))
def body_token_case(request: pytest.FixtureRequest) -> Case:
    """Each target whose body is a token."""
    case = get_case(request.param)
    assert case is not None
    return case


def _urls(server: _Recorder) -> dict[str, str]:
    host, port = server.server_address[:2]
    return {"jku": f"http://{host}:{port}/jwks.json", "x5u": f"http://{host}:{port}/cert.pem"}


def _refuse_all(case: Case, attacks: dict[str, str]) -> None:
    """Every attack token, in place of the genuine one, is refused quickly."""
    for name, token in attacks.items():
        body, headers = case.with_token(token)
        start = time.perf_counter()
        try:
            case.receiver.verify(body, headers)
        except WebhookError:
            assert time.perf_counter() - start < 2.0, f"{case.name}: {name} took too long"
            continue
        raise AssertionError(f"{case.name} accepted: {name}")


# --- attacks that need no key -----------------------------------------------------------------


def _keyless_attacks(case: Case, evil: rsa.RSAPrivateKey, urls: dict[str, str]) -> dict[str, str]:
    token = case.token
    assert token is not None
    header, claims, signature = _parts(token)
    head, body, sig = token.split(".")
    bare = {key: value for key, value in header.items() if key != "alg"}
    evil_ec = ec.generate_private_key(ec.SECP256R1())
    other = {**claims, "x_attack": 1}
    attacks = {
        "alg none": _unsigned({**bare, "alg": "none"}, claims),
        "alg None": _unsigned({**bare, "alg": "None"}, claims),
        "alg NONE with the genuine signature": _unsigned(
            {**bare, "alg": "NONE"}, claims, signature
        ),
        "no alg, the genuine signature": _unsigned(bare, claims, signature),
        "other claims under the genuine signature": f"{head}.{_segment(other)}.{sig}",
        "RS256 by an attacker key, same kid": jwt.encode(
            claims, evil, algorithm="RS256", headers=bare
        ),
        "PS256 by an attacker key": jwt.encode(claims, evil, algorithm="PS256", headers=bare),
        "ES256 by an attacker key": jwt.encode(claims, evil_ec, algorithm="ES256", headers=bare),
        "HS256 with an attacker secret": _hs({**bare, "alg": "HS256"}, claims, b"attacker" * 4),
        "HS256 with an empty secret": _hs({**bare, "alg": "HS256"}, claims, b""),
        "jku to the attacker's JWKS": jwt.encode(
            claims, evil, algorithm="RS256", headers={**bare, "kid": "evil", "jku": urls["jku"]}
        ),
        "jku to the attacker's JWKS, genuine kid": jwt.encode(
            claims, evil, algorithm="RS256", headers={**bare, "jku": urls["jku"]}
        ),
        "x5u to the attacker": jwt.encode(
            claims, evil, algorithm="RS256", headers={**bare, "kid": "evil", "x5u": urls["x5u"]}
        ),
        "embedded attacker jwk": jwt.encode(
            claims,
            evil,
            algorithm="RS256",
            headers={**bare, "jwk": RSAAlgorithm.to_jwk(evil.public_key(), as_dict=True)},
        ),
        "kid of a missing key": jwt.encode(
            claims, evil, algorithm="RS256", headers={**bare, "kid": "missing"}
        ),
        "kid path traversal": jwt.encode(
            claims, evil, algorithm="RS256", headers={**bare, "kid": "../../etc/passwd"}
        ),
        "kid of 10 000 characters": jwt.encode(
            claims, evil, algorithm="RS256", headers={**bare, "kid": "k" * 10_000}
        ),
        "header is not an object": f"{_b64(b'[1]')}.{body}.{sig}",
        "claims are not an object": f"{head}.{_b64(b'[1, 2]')}.{sig}",
        "four segments": token + ".e30",
        "two segments": f"{head}.{body}",
        "signature stripped": f"{head}.{body}.",
        "signature cut short": token[:-20],
        "bad base64": token[:-3] + "!!!",
        "padded base64": token + "==",
        "standard base64 alphabet": token.replace("-", "+").replace("_", "/") + "+/",
        "huge token": "eyJ" + "A" * 9000 + ".e30.e30",
    }
    for alg in ("HS256", "HS512", "RS256", "RS512", "PS256", "ES256", "EdDSA"):
        if alg != header.get("alg"):  # the genuine signature under another algorithm's name
            attacks[f"alg {alg}, the genuine signature"] = _unsigned(
                {**bare, "alg": alg}, claims, signature
            )
    return attacks


@pytest.mark.network
def test_token_attacks_are_refused_and_no_url_is_followed(
    token_case: Case, evil_rsa: rsa.RSAPrivateKey, listener: _Recorder
) -> None:
    _refuse_all(token_case, _keyless_attacks(token_case, evil_rsa, _urls(listener)))
    assert listener.hits == 0


# --- attacks signed with the genuine key ------------------------------------------------------


def _sign_genuine(case: Case, header: dict[str, Any], claims: Any, alg: str) -> str | None:
    """``claims`` signed with the target's genuine key under ``alg``, when the key is known."""
    if case.hs_secret is not None and alg.startswith("HS"):
        digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
        return _hs({**header, "alg": alg}, claims, case.hs_secret, digest[alg])
    if case.rsa_private is not None and alg[:2] in ("RS", "PS"):
        payload = json.dumps(claims).encode()
        return jwt.api_jws.encode(payload, case.rsa_private, algorithm=alg, headers=header)
    return None


def _keyed_attacks(case: Case) -> dict[str, str]:
    token = case.token
    assert token is not None
    header, claims, _ = _parts(token)
    bare = {key: value for key, value in header.items() if key != "alg"}
    alg = str(header["alg"])
    iat = claims.get("iat") if isinstance(claims.get("iat"), int) else int(time.time())
    candidates: dict[str, tuple[dict[str, Any], Any, str]] = {
        "crit with an unknown extension": (
            {**bare, "crit": ["x-unknown"], "x-unknown": 1},
            claims,
            alg,
        ),
        "expired an hour ago": (bare, {**claims, "iat": iat - 3900, "exp": iat - 3600}, alg),
        "not valid for an hour": (bare, {**claims, "nbf": iat + 3600, "exp": iat + 7200}, alg),
        "issued a day ahead": (bare, {**claims, "iat": iat + 86_400}, alg),
        "exp is not a number": (bare, {**claims, "exp": "soon"}, alg),
        "claims are a list": (bare, [claims], alg),
        "unencoded payload (b64 false)": ({**bare, "b64": False, "crit": ["b64"]}, claims, alg),
    }
    for other in ("HS384", "HS512", "RS384", "RS512", "PS256"):
        if other not in case.scheme.algorithms:  # type: ignore[attr-defined]
            candidates[f"{other} by the genuine key (not pinned)"] = (bare, claims, other)
    if case.scheme.policy.audience:  # type: ignore[attr-defined]
        candidates["another audience"] = (bare, {**claims, "aud": "https://attacker.example/"}, alg)
        candidates["no audience"] = (bare, {k: v for k, v in claims.items() if k != "aud"}, alg)
    if case.rsa_private is not None:
        public = case.rsa_private.public_key()
        pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        der = public.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        jwk = json.dumps(RSAAlgorithm.to_jwk(public, as_dict=True)).encode()
        for label in ("PEM", "DER", "JWK"):
            # Signed below with the public key as the HMAC secret: key confusion.
            candidates[f"HS256 keyed with the public key {label}"] = (bare, claims, label)
    attacks: dict[str, str] = {}
    for name, (head, body, how) in candidates.items():
        if how in ("PEM", "DER", "JWK"):
            key = {"PEM": pem, "DER": der, "JWK": jwk}[how]
            attacks[name] = _hs({**head, "alg": "HS256"}, body, key)
            continue
        signed = _sign_genuine(case, head, body, how)
        if signed is not None:
            attacks[name] = signed
    return attacks


@pytest.mark.network
def test_attacks_signed_with_the_genuine_key_are_refused(
    keyed_case: Case, listener: _Recorder
) -> None:
    attacks = _keyed_attacks(keyed_case)
    assert len(attacks) >= 8
    _refuse_all(keyed_case, attacks)
    assert listener.hits == 0


@pytest.mark.network
def test_a_genuine_token_naming_a_key_url_fetches_nothing(
    keyed_case: Case, listener: _Recorder
) -> None:
    assert keyed_case.token is not None
    header, claims, _ = _parts(keyed_case.token)
    bare = {key: value for key, value in header.items() if key != "alg"}
    for param in ("jku", "x5u"):
        head = {**bare, param: _urls(listener)[param]}
        signed = _sign_genuine(keyed_case, head, claims, header["alg"])
        assert signed is not None
        body, headers = keyed_case.with_token(signed)
        with contextlib.suppress(WebhookError):  # a scheme may refuse unexpected parameters
            keyed_case.receiver.verify(body, headers)
    assert listener.hits == 0


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


def test_hostile_claims_signed_with_the_genuine_key_are_refused(keyed_case: Case) -> None:
    assert keyed_case.token is not None
    header, claims, _ = _parts(keyed_case.token)
    key = keyed_case.hs_secret if keyed_case.hs_secret is not None else keyed_case.rsa_private
    attacks = {
        name: jwt.api_jws.encode(payload, key, algorithm=header["alg"], headers=header)
        for name, payload in _hostile_claims(claims).items()
    }
    _refuse_all(keyed_case, attacks)


def test_huge_and_malformed_token_bodies(body_token_case: Case) -> None:
    token_case = body_token_case
    assert token_case.token is not None
    _, claims, _ = _parts(token_case.token)
    for body in (
        b"eyJ" + b"A" * 1_000_000 + b".e30.e30",
        b"." * 100_000,
        b"\x00" * 1000,
        json.dumps(claims).encode(),
        b"",
    ):
        start = time.perf_counter()
        with pytest.raises(WebhookError):
            token_case.receiver.verify(body, token_case.valid.headers)
        assert time.perf_counter() - start < 2.0


# --- Akamai: its own key, its own policy ------------------------------------------------------


@pytest.fixture
def akamai(good_rsa: rsa.RSAPrivateKey) -> Any:
    jwk = RSAAlgorithm.to_jwk(good_rsa.public_key(), as_dict=True)
    return authhooks.Akamai(
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
    assert akamai.verify(token, AK_HEADERS).provider == "akamai"


def test_akamai_policy_attacks_with_its_own_key(akamai: Any, good_rsa: rsa.RSAPrivateKey) -> None:
    claims = _set_claims()
    pem = good_rsa.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    hs = {"alg": "HS256", "typ": "secevent+jwt", "kid": KID}
    attacks = {
        "HS256 keyed with the public key PEM": _hs(hs, claims, pem),
        "HS512 keyed with the public key PEM": _hs(
            {**hs, "alg": "HS512"}, claims, pem, hashlib.sha512
        ),
        "RS512 by the genuine key": jwt.encode(
            claims, good_rsa, algorithm="RS512", headers=SET_HEADER
        ),
        "typ JWT instead of secevent+jwt": jwt.encode(
            claims, good_rsa, algorithm="RS256", headers={"typ": "JWT", "kid": KID}
        ),
        "wrong audience": jwt.encode(
            {**claims, "aud": "https://attacker.example/"},
            good_rsa,
            algorithm="RS256",
            headers=SET_HEADER,
        ),
        # Past Akamai's retry horizon (the last retry comes about 25 h after the first try).
        "issued two days ago": jwt.encode(
            {**claims, "iat": int(time.time()) - 2 * 86_400},
            good_rsa,
            algorithm="RS256",
            headers=SET_HEADER,
        ),
    }
    for name, token in attacks.items():
        with pytest.raises(WebhookError):
            akamai.verify(token, AK_HEADERS)
        assert name  # every attack was refused


def test_akamai_hostile_claims_are_refused(akamai: Any, good_rsa: rsa.RSAPrivateKey) -> None:
    for name, claims in _hostile_claims(_set_claims()).items():
        token = jwt.api_jws.encode(claims, good_rsa, algorithm="RS256", headers=SET_HEADER)
        start = time.perf_counter()
        with pytest.raises(WebhookError):
            akamai.verify(token, AK_HEADERS)
        assert time.perf_counter() - start < 2.0, name
