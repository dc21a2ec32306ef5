from __future__ import annotations

import hashlib

import pytest

from authhooks import PayloadError, RequestTooLargeError
from authhooks._body import body_digest, coerce_body, decode_json, refuse_non_json_literals


def test_bytes_pass_through_unchanged() -> None:
    body = b'{"a": 1}'
    assert coerce_body(body, 100) is body


def test_text_is_utf8() -> None:
    assert coerce_body('{"n":"é"}', 100) == '{"n":"é"}'.encode()
    assert coerce_body(bytearray(b"ab"), 100) == b"ab"
    assert coerce_body(memoryview(b"ab"), 100) == b"ab"


def test_lone_surrogate_text_is_a_payload_error() -> None:
    with pytest.raises(PayloadError):
        coerce_body("\ud800", 100)


@pytest.mark.parametrize("body", [b"x" * 11, "x" * 11, "é" * 6])
def test_size_limit(body: bytes | str) -> None:
    with pytest.raises(RequestTooLargeError) as info:
        coerce_body(body, 10)
    assert info.value.limit == 10


def test_exactly_at_the_limit_is_accepted() -> None:
    assert coerce_body(b"x" * 10, 10) == b"x" * 10


def test_wrong_type_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        coerce_body(123, 10)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff\xfe{}", "UTF-8"),
        (b'{"a": ', "not valid JSON"),
        (b'{"a": NaN}', "not valid JSON"),
        (b'{"a": Infinity}', "not valid JSON"),
        (b"[" * 10_000 + b"]" * 10_000, "not valid JSON"),
    ],
)
def test_decode_json_rejects(body: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message) as info:
        decode_json(body)
    assert info.value.body == body


def test_decode_json_accepts_objects() -> None:
    assert decode_json(b'{"a": [1, 2.5, null, true]}') == {"a": [1, 2.5, None, True]}


def test_body_digest() -> None:
    assert body_digest(b"abc") == hashlib.sha256(b"abc").hexdigest()


@pytest.mark.parametrize("capitals", [0, 1, 3, 4, 5, 50])
@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_json_literals_are_refused_after_any_number_of_capitals(
    capitals: int, literal: bytes
) -> None:
    names = ",".join(f'"N{i}":"Na N{i} I{i}"' for i in range(capitals)).encode()
    body = b"{" + names + (b"," if names else b"") + b'"x":' + literal + b"}"
    with pytest.raises(PayloadError, match="not valid JSON"):
        refuse_non_json_literals(body)
    # The same text inside a string is fine.
    refuse_non_json_literals(body.replace(b'"x":' + literal, b'"x":"' + literal + b'"'))
