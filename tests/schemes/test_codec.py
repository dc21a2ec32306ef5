"""The strict text forms of signatures: one spelling per byte string."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings, strategies as st

from authhooks.schemes._codec import decode, decode_either_base64, encode


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=100))
def test_round_trips(raw: bytes) -> None:
    for encoding in ("hex", "base64", "base64url"):
        text = encode(raw, encoding)  # type: ignore[arg-type]
        assert decode(text, encoding, len(raw)) == raw  # type: ignore[arg-type]
    assert encode(raw, "base64") == base64.b64encode(raw).decode()
    assert encode(raw, "base64url") == base64.urlsafe_b64encode(raw).decode().rstrip("=")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60), size=st.none() | st.integers(0, 40))
def test_whatever_decodes_is_the_one_canonical_spelling(text: str, size: int | None) -> None:
    for encoding in ("hex", "base64", "base64url"):
        raw = decode(text, encoding, size)  # type: ignore[arg-type]
        if raw is None:
            continue
        assert size is None or len(raw) == size
        if encoding == "hex":
            assert text.lower() == raw.hex()
        else:
            assert encode(raw, encoding) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("0", "hex"),
        ("0g", "hex"),
        (" 00", "hex"),
        ("\u0661\u0662", "hex"),
        ("AA=", "base64"),
        ("AA", "base64"),  # padding is required
        ("AB==", "base64"),  # unused bits set
        ("AA==\n", "base64"),
        ("A A=", "base64"),
        ("-_==", "base64"),
        ("AA==", "base64url"),  # no padding in base64url
        ("AB", "base64url"),
        ("A", "base64url"),
        ("+/", "base64url"),
        ("A" * 1028, "base64"),  # longer than any signature
    ],
)
def test_non_canonical_spellings_are_refused(text: str, encoding: str) -> None:
    assert decode(text, encoding) is None  # type: ignore[arg-type]


def test_the_size_is_checked() -> None:
    assert decode("00" * 32, "hex", 32) == bytes(32)
    assert decode("00" * 31, "hex", 32) is None
    assert decode("00" * 33, "hex", 32) is None


@pytest.mark.parametrize("raw", [bytes(range(32)), b"\xfb\xff" * 16, b"\xf8" * 32])
def test_either_base64(raw: bytes) -> None:
    std = base64.b64encode(raw).decode()
    url = base64.urlsafe_b64encode(raw).decode()
    for text in (std, std.rstrip("="), url, url.rstrip("=")):
        assert decode_either_base64(text, 32) == raw
    for text in (std + "=", std.rstrip("=") + "==", "=" + std, std[:-2] + "=" + std[-1:]):
        assert decode_either_base64(text, 32) is None
    assert decode_either_base64(std, 31) is None


def test_either_base64_refuses_mixed_alphabets() -> None:
    raw = b"\xfb\xff" * 16
    std = base64.b64encode(raw).decode()
    assert "+" in std
    assert "/" in std
    assert decode_either_base64(std.replace("+", "-", 1), 32) is None
