"""The fast HMAC path against ``jwt.decode``: same verdict on valid and hostile tokens.

Frontegg's receiver checks HS256/384/512 tokens itself instead of calling ``jwt.decode`` per
request. On every token below it must reach the verdict ``jwt.decode(token, secret,
algorithms=[...], leeway=...)`` reaches, except in the cases marked ``STRICTER``, where it
refuses what PyJWT accepts (and the test checks that PyJWT really accepts them).
"""

from __future__ import annotations

import base64
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from authhooks import Frontegg, WebhookError

SECRET = ("fe-secret-d-" + "0123456789abcdef" * 4)[:64]
LEEWAY = 240  # wide: the verdicts below must not depend on how long the suite runs
NOW = int(time.time())
#: The valid tokens' lifetime: the tokens are made when the module is collected, and must
#: still be valid when its tests run, however long the tests before them take.
DAY = 24 * 3600
BODY = b'{"eventKey": "frontegg.user.created", "user": {}}'
ALGORITHMS = ["HS256", "HS512"]

_PUBLIC_PEM = (
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    .public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def enc(value: Any) -> str:
    return b64(value if isinstance(value, bytes) else json.dumps(value).encode())


def sign(head: str, payload: str, *, alg: str = "sha256", key: bytes = SECRET.encode()) -> str:
    signing_input = f"{head}.{payload}"
    return f"{signing_input}.{b64(hmac.digest(key, signing_input.encode(), alg))}"


def signed(header: Any, claims: Any, *, alg: str = "sha256", key: bytes = SECRET.encode()) -> str:
    return sign(enc(header), enc(claims), alg=alg, key=key)


HS256 = {"alg": "HS256", "typ": "JWT"}
GOOD = {"iat": NOW, "exp": NOW + DAY}
VALID = signed(HS256, GOOD)
H, P, S = VALID.split(".")

# (label, token) on which both must agree.
SAME: list[tuple[str, str]] = [
    ("valid", VALID),
    ("valid, pyjwt-made", jwt.encode(GOOD, SECRET, algorithm="HS256")),
    ("valid HS512", jwt.encode(GOOD, SECRET, algorithm="HS512")),
    ("valid with kid", signed({**HS256, "kid": "k1"}, GOOD)),
    ("valid without typ", signed({"alg": "HS256"}, GOOD)),
    ("valid, no claims", signed(HS256, {})),
    ("valid, float exp", signed(HS256, {"exp": NOW + DAY + 0.75})),
    ("valid, huge exp", signed(HS256, {"exp": 10**30})),
    ("valid, huge float exp", signed(HS256, {"exp": 1e300})),
    ("valid, past nbf", signed(HS256, {"nbf": NOW - 100})),
    ("valid, unicode claims", signed(HS256, {**GOOD, "name": "Zoë 名前 🎉"})),
    ("valid, sub and jti", signed(HS256, {**GOOD, "sub": "u1", "jti": "j1"})),
    ("valid, empty aud", signed(HS256, {**GOOD, "aud": ""})),
    ("valid, duplicate alg keeps last", sign(b64(b'{"alg":"none","alg":"HS256"}'), P)),
    ("valid within leeway", signed(HS256, {"exp": NOW - 60})),
    ("alg none, no signature", f"{enc({'alg': 'none'})}.{P}."),
    ("alg none, any signature", f"{enc({'alg': 'none'})}.{P}.{S}"),
    ("alg none, signed", signed({"alg": "none"}, GOOD)),
    ("alg None", signed({"alg": "None"}, GOOD)),
    ("alg empty", signed({"alg": ""}, GOOD)),
    ("alg missing", signed({"typ": "JWT"}, GOOD)),
    ("alg not a string", signed({"alg": ["HS256"]}, GOOD)),
    ("alg lowercase", signed({"alg": "hs256"}, GOOD)),
    ("alg HS384 not pinned", jwt.encode(GOOD, SECRET, algorithm="HS384")),
    ("alg RS256 with HMAC signature", signed({"alg": "RS256"}, GOOD)),
    ("alg confusion: public key as secret", signed(HS256, GOOD, key=_PUBLIC_PEM)),
    ("HS512 header, HS256 signature", signed({"alg": "HS512"}, GOOD)),
    ("wrong secret", signed(HS256, GOOD, key=b"x" * 64)),
    ("tampered payload", f"{H}.{enc({'iat': NOW, 'exp': NOW + 9999})}.{S}"),
    ("tampered header", f"{enc({'alg': 'HS256', 'typ': 'JWS'})}.{P}.{S}"),
    ("tampered signature", f"{H}.{P}.{S[:-2]}{'A' if S[-2] != 'A' else 'B'}{S[-1]}"),
    ("signature truncated", f"{H}.{P}.{S[:-4]}"),
    ("signature empty", f"{H}.{P}."),
    ("two segments", f"{H}.{P}"),
    ("one segment", H),
    ("four segments", f"{VALID}.{S}"),
    ("five segments", f"{H}.{P}.{P}.{P}.{S}"),
    ("extra segment signed", sign(H, f"{P}.{P}")),
    ("empty payload signed", sign(H, "")),
    ("empty header signed", sign("", P)),
    ("empty token", ""),
    ("dots only", ".."),
    ("bad base64 in header", sign(H[:-1] + "!", P)),
    ("bad base64 in payload", sign(H, P[:5] + "*" + P[5:])),
    ("standard alphabet", sign(H.replace("J", "+"), P)),
    ("impossible length", sign(H + "A", P)),
    ("non-canonical header", sign(H[:-1] + chr(ord(H[-1]) + 1), P)),
    ("header not JSON", sign(b64(b"{not json"), P)),
    ("header a JSON array", sign(enc(["HS256"]), P)),
    ("header null", sign(enc(None), P)),
    ("header nested deeply", sign(b64(b"[" * 100000 + b"]" * 100000), P)),
    ("payload not JSON", sign(H, b64(b"hello"))),
    ("payload an array", signed(HS256, [1, 2])),
    ("payload a string", signed(HS256, "claims")),
    ("payload invalid UTF-8", sign(H, b64(b'{"a":"\xff"}'))),
    ("payload huge integer literal", sign(H, b64(b'{"exp":' + b"9" * 5000 + b"}"))),
    ("crit header", signed({**HS256, "crit": ["exp"], "exp": 1}, GOOD)),
    ("crit empty", signed({**HS256, "crit": []}, GOOD)),
    ("crit b64", signed({**HS256, "crit": ["b64"], "b64": False}, GOOD)),
    ("b64 false without crit", signed({**HS256, "b64": False}, GOOD)),
    ("kid not a string", signed({**HS256, "kid": 7}, GOOD)),
    ("expired", signed(HS256, {"iat": NOW - 900, "exp": NOW - 600})),
    ("expired beyond leeway", signed(HS256, {"exp": NOW - LEEWAY - 60})),
    ("not valid yet", signed(HS256, {"nbf": NOW + 600})),
    ("issued in the future", signed(HS256, {"iat": NOW + 600})),
    ("exp null", signed(HS256, {"exp": None})),
    ("exp a list", signed(HS256, {"exp": [NOW + DAY]})),
    ("exp an object", signed(HS256, {"exp": {"t": NOW + DAY}})),
    ("exp true (1970)", signed(HS256, {"exp": True})),
    ("exp not a number string", signed(HS256, {"exp": "soon"})),
    ("exp NaN", sign(H, b64(b'{"exp": NaN}'))),
    ("exp Infinity", sign(H, b64(b'{"exp": Infinity}'))),
    ("exp 1e400", sign(H, b64(b'{"exp": 1e400}'))),
    ("nbf -Infinity", sign(H, b64(b'{"nbf": -Infinity}'))),
    ("iat a string", signed(HS256, {"iat": "yesterday"})),
    ("sub not a string", signed(HS256, {**GOOD, "sub": 42})),
    ("jti not a string", signed(HS256, {**GOOD, "jti": ["a"]})),
    ("aud present", signed(HS256, {**GOOD, "aud": "https://example.com"})),
    ("aud list", signed(HS256, {**GOOD, "aud": ["a"]})),
    ("unicode in token", VALID[:10] + "é" + VALID[11:]),
    ("space in token", VALID[:10] + " " + VALID[11:]),
]

# (label, token, why): tokens PyJWT accepts and the fast path refuses on purpose.
STRICTER: list[tuple[str, str, str]] = [
    (
        "padded header",
        sign(base64.urlsafe_b64encode(b'{"alg":"HS256","kid":"a"}').decode(), P),
        "padding",
    ),
    ("padded signature", VALID + "=", "padding"),
    ("jku header", signed({**HS256, "jku": "https://evil.example/jwks"}, GOOD), "parameter"),
    ("x5u header", signed({**HS256, "x5u": "https://evil.example/cert"}, GOOD), "parameter"),
    ("jwk header", signed({**HS256, "jwk": {"kty": "oct", "k": "AA"}}, GOOD), "parameter"),
    ("cty header", signed({**HS256, "cty": "JWT"}, GOOD), "parameter"),
    ("typ not a string", signed({"alg": "HS256", "typ": 1}, GOOD), "parameter"),
    ("exp as a numeric string", signed(HS256, {"exp": str(NOW + DAY)}), "claim type"),
    ("nbf as a numeric string", signed(HS256, {"nbf": str(NOW - 10)}), "claim type"),
    ("NaN in another claim", sign(H, b64(b'{"score": NaN}')), "JSON"),
    ("UTF-16 claims", sign(H, b64(json.dumps(GOOD).encode("utf-16"))), "encoding"),
    ("claims nested 300 deep", sign(H, b64(b'{"a":' + b"[" * 300 + b"]" * 300 + b"}")), "JSON"),
    ("UTF-8 BOM claims", sign(H, b64(b"\xef\xbb\xbf" + json.dumps(GOOD).encode())), "encoding"),
]


def pyjwt_accepts(token: str) -> bool:
    try:
        jwt.decode(token, SECRET, algorithms=ALGORITHMS, leeway=LEEWAY)
    except jwt.PyJWTError:
        return False
    except (OverflowError, ValueError, TypeError, RecursionError):
        return False  # PyJWT leaks a few foreign exceptions on hostile input
    return True


RECEIVER = Frontegg(secret=SECRET, algorithms=ALGORITHMS, leeway=LEEWAY)


def fast_accepts(token: str) -> bool:
    try:
        RECEIVER.verify(BODY, {"x-webhook-secret": token})
    except WebhookError:
        return False
    return True


@pytest.mark.parametrize(("label", "token"), SAME, ids=[label for label, _ in SAME])
def test_same_verdict_as_pyjwt(label: str, token: str) -> None:
    if not token.strip():
        assert not pyjwt_accepts(token)
        return  # an empty header is a MissingHeaderError before any token check
    assert fast_accepts(token) == pyjwt_accepts(token), label


@pytest.mark.parametrize(
    ("label", "token", "why"), STRICTER, ids=[label for label, _, _ in STRICTER]
)
def test_stricter_than_pyjwt(label: str, token: str, why: str) -> None:
    assert pyjwt_accepts(token), f"{label}: PyJWT refuses it, move it to SAME"
    assert not fast_accepts(token), f"{label} ({why})"


def test_the_corpus_has_both_verdicts() -> None:
    verdicts = [pyjwt_accepts(token) for _, token in SAME]
    assert sum(verdicts) >= 10
    assert verdicts.count(False) >= 50


@pytest.mark.parametrize("good", [VALID, jwt.encode(GOOD, SECRET, algorithm="HS512")])
def test_every_mutation_gets_the_same_verdict(good: str) -> None:
    """Each character replaced, deleted, or followed by another: the verdicts agree,
    except that PyJWT alone accepts base64 padding."""
    alphabet = "AQgw09_-.=!é"
    mutants = set()
    for index in range(len(good)):
        mutants.add(good[:index] + good[index + 1 :])
        for char in alphabet:
            mutants.add(good[:index] + char + good[index + 1 :])
            mutants.add(good[: index + 1] + char + good[index + 1 :])
    mutants.discard(good)
    for mutant in sorted(mutants):
        theirs, ours = pyjwt_accepts(mutant), fast_accepts(mutant)
        if theirs and not ours:
            assert "=" in mutant, mutant
        else:
            assert ours == theirs, mutant
