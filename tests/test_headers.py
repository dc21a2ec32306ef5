from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest

from authhooks import InvalidHeaderError, MissingHeaderError
from authhooks._headers import MAX_HEADER_LENGTH, get_header, header_bytes, require_header


class FrameworkHeaders(Mapping[str, str]):
    """A read-only mapping like the ones web frameworks hand out."""

    def __init__(self, items: dict[str, str]) -> None:
        self._items = items

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


@pytest.mark.parametrize(
    "name", ["authorization", "AUTHORIZATION", "Authorization", "aUtHoRiZaTiOn"]
)
def test_lookup_is_case_insensitive(name: str) -> None:
    assert get_header({"Authorization": "Bearer x"}, name) == "Bearer x"
    assert get_header(FrameworkHeaders({"authorization": "Bearer x"}), name) == "Bearer x"


def test_absent_header() -> None:
    assert get_header({}, "X-Webhook-Signature") is None
    with pytest.raises(MissingHeaderError) as info:
        require_header({}, "X-Webhook-Signature")
    assert info.value.header == "X-Webhook-Signature"


def test_empty_header_counts_as_missing() -> None:
    with pytest.raises(MissingHeaderError):
        require_header({"X-A": "  "}, "x-a")


def test_same_header_twice_with_different_values_is_rejected() -> None:
    with pytest.raises(InvalidHeaderError, match="more than once"):
        get_header({"Authorization": "Bearer a", "authorization": "Bearer b"}, "Authorization")
    assert get_header({"X-A": "1", "x-a": "1"}, "x-a") == "1"


@pytest.mark.parametrize("value", ["a\r\nb", "a\nb", "a\x00b"])
def test_control_characters_are_rejected(value: str) -> None:
    with pytest.raises(InvalidHeaderError, match="control"):
        get_header({"X-A": value}, "X-A")


def test_oversized_header_is_rejected() -> None:
    with pytest.raises(InvalidHeaderError, match="too long"):
        get_header({"X-A": "a" * (MAX_HEADER_LENGTH + 1)}, "X-A")


def test_non_text_value_is_rejected() -> None:
    with pytest.raises(InvalidHeaderError):
        get_header({"X-A": b"bytes"}, "X-A")  # type: ignore[dict-item]


@pytest.mark.parametrize("value", ["\u00a0", "\u2003", "\x1f", "\x85"])
def test_only_http_whitespace_counts_as_empty(value: str) -> None:
    # Unicode spaces are not HTTP's optional whitespace: the header is present (and invalid
    # for whatever parses it), not silently empty.
    assert require_header({"X-A": value}, "x-a") == value
    with pytest.raises(MissingHeaderError):
        require_header({"X-A": " \t "}, "x-a")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("key", b"key"),
        ("cl\u00e9", "cl\u00e9".encode()),
        ("\udcc3\udca9", b"\xc3\xa9"),  # surrogateescape gives decoded bytes back
    ],
)
def test_header_bytes(value: str, expected: bytes) -> None:
    assert header_bytes(value, "X-A") == expected


@pytest.mark.parametrize("value", [chr(0xD800), f"a{chr(0xDFFF)}b", chr(0xDC7F), chr(0xDD00)])
def test_lone_surrogates_that_stand_for_no_byte_are_invalid_headers(value: str) -> None:
    with pytest.raises(InvalidHeaderError) as info:
        header_bytes(value, "X-A")
    assert info.value.header == "X-A"
