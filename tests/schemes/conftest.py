"""Shared pieces of the scheme tests: a frozen clock, keys, token building, tamper helpers and
the strategies of the "only authhooks errors escape" properties."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import strategies as st

from authhooks import WebhookError
from authhooks.schemes import Scheme
from authhooks.signing import SignedRequest
from authhooks.webhook import GenericEvent, Webhook
from tests._keys import private_pem, public_pem  # noqa: F401 (for this folder's tests)

#: The frozen "now" of the time tests: 2023-11-14T22:13:20Z.
NOW = 1_700_000_000

#: Header values that break lenient parsers: signs, spaces, underscores, other digit
#: scripts, surrogates, control characters, huge numbers.
TRICKY_VALUES = [
    "",
    " ",
    " 1",
    "+1",
    "-1",
    "1_0",
    "1.5",
    "1e3",
    "0x10",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\uff11\uff12",  # fullwidth digits
    "\u00b2",  # superscript two
    "\ud800",
    "\udfff\ud800",
    "\x00",
    "\x7f",
    "\u2028",
    "9" * 40,
    "=",
    ",",
    "t=",
    "v1,",
    "v1=",
    "Bearer",
    "Bearer ",
    "a.b.c",
    "....",
]


class FrozenClock:
    """A clock for ``clock=``: Unix seconds that only change when told to."""

    def __init__(self, value: float = NOW) -> None:
        self.value = value

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


# -- keys ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def other_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# -- tokens ----------------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def segment(document: object) -> str:
    return b64url(json.dumps(document, separators=(",", ":")).encode())


def hs_token(
    claims: object,
    secret: bytes | str,
    *,
    header: Mapping[str, Any] | None = None,
    digest: str = "sha256",
) -> str:
    """A compact JWS signed with HMAC, built by hand so that any header or claim goes."""
    key = secret.encode() if isinstance(secret, str) else secret
    head = segment({"alg": "HS256", "typ": "JWT"} if header is None else dict(header))
    body = segment(claims)
    mac = hmac.digest(key, f"{head}.{body}".encode(), digest)
    return f"{head}.{body}.{b64url(mac)}"


# -- requests --------------------------------------------------------------------------------


def receive(scheme: Scheme, request: SignedRequest) -> GenericEvent:
    """The event ``Webhook(scheme)`` makes of ``request``."""
    return Webhook(scheme).verify(request.body, request.headers)


def with_header(request: SignedRequest, name: str, value: object) -> dict[str, Any]:
    """The request's headers with ``name`` set to ``value`` (or removed when ``None``)."""
    wanted = name.lower()
    headers: dict[str, Any] = {k: v for k, v in request.headers.items() if k.lower() != wanted}
    if value is not None:
        headers[name] = value
    return headers


def flip_byte(data: bytes, index: int) -> bytes:
    """``data`` with the lowest bit of byte ``index`` flipped."""
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def flip_char(text: str, index: int) -> str:
    """``text`` with character ``index`` replaced by another of the same class (a digit by a
    digit, a letter by a letter of another case-folded value, anything else by ``A``)."""
    char = text[index]
    if char.isdigit():
        other = "1" if char != "1" else "2"
    elif char.isalpha():
        other = "q" if char.lower() != "q" else "z"
    else:
        other = "A"
    return text[:index] + other + text[index + 1 :]


def hmac_hex(secret: bytes, message: bytes, digest: str = "sha256") -> str:
    return hmac.new(secret, message, getattr(hashlib, digest)).hexdigest()


# -- hypothesis ------------------------------------------------------------------------------

#: Text of any code point, surrogates included.
any_text = st.text(st.characters(exclude_categories=[]), max_size=60)

#: What a header value can be when a caller passes what it got: text of any kind, or not
#: text at all.
header_values: st.SearchStrategy[object] = st.one_of(
    any_text,
    st.sampled_from(TRICKY_VALUES),
    st.text(alphabet="tv1=,. 0123456789abcdefABCDEF+/_-", max_size=120),
    st.none(),
    st.integers(),
    st.binary(max_size=16),
    st.lists(st.text(max_size=4), max_size=3),
)


def header_dicts(names: list[str]) -> st.SearchStrategy[dict[object, object]]:
    """Header mappings mixing the scheme's own names (in any case) with others."""
    spelled = st.sampled_from(names).flatmap(
        lambda name: st.sampled_from([name, name.lower(), name.upper()])
    )
    keys: st.SearchStrategy[object] = st.one_of(spelled, any_text, st.integers())
    return st.dictionaries(keys, header_values, max_size=6)


def only_authhooks_errors(scheme: Scheme, body: bytes, headers: Mapping[Any, Any]) -> None:
    """Verify through ``Webhook``: a rejection must be an authhooks error, nothing else."""
    with contextlib.suppress(WebhookError):
        Webhook(scheme, type_field=None).verify(body, headers)


def mutated_headers(request: SignedRequest) -> st.SearchStrategy[dict[str, object]]:
    """The request's headers with one of them replaced by an arbitrary value."""
    names = sorted(request.headers)
    return st.tuples(st.sampled_from(names), header_values).map(
        lambda pair: {**request.headers, pair[0]: pair[1]}
    )
