"""Case-insensitive header lookup over any ``Mapping[str, str]``, and the shared value grammar.

Header values are parsed strictly. The only whitespace ever skipped is HTTP's optional
whitespace (``OWS``: space and horizontal tab, RFC 9110) around a value or around the members
of a comma-separated list; never Unicode whitespace, and never whitespace inside a value.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from authhooks.errors import InvalidHeaderError, MissingHeaderError

#: Longest header value we look at; real authentication headers are far shorter.
MAX_HEADER_LENGTH = 8192

#: HTTP's optional whitespace (RFC 9110, section 5.6.3): space and horizontal tab only.
OWS = " \t"


def get_header(headers: Mapping[str, str], name: str) -> str | None:
    """Return the value of header ``name`` (case-insensitive), or ``None`` when absent.

    Raises [`InvalidHeaderError`][authhooks.InvalidHeaderError] when the mapping holds the header
    twice under different spellings with different values, when the value is not a string, when it
    is longer than ``MAX_HEADER_LENGTH`` or when it contains control characters (CR, LF, NUL).
    """
    wanted = name.lower()
    size = len(wanted)
    found: str | None = None
    for key, value in headers.items():
        # The length test first: most names are skipped without building a lowercase copy.
        if not isinstance(key, str) or len(key) != size or key.lower() != wanted:
            continue
        if not isinstance(value, str):
            raise InvalidHeaderError(f"header {name!r} is not text", header=name)
        if found is not None and found != value:
            raise InvalidHeaderError(f"header {name!r} is given more than once", header=name)
        found = value
    if found is None:
        return None
    if len(found) > MAX_HEADER_LENGTH:
        raise InvalidHeaderError(f"header {name!r} is too long", header=name)
    if "\r" in found or "\n" in found or "\x00" in found:
        raise InvalidHeaderError(f"header {name!r} contains control characters", header=name)
    return found


def require_header(headers: Mapping[str, str], name: str) -> str:
    """Like ``get_header``, but a missing or empty header raises
    [`MissingHeaderError`][authhooks.MissingHeaderError]."""
    value = get_header(headers, name)
    if value is None or not value.strip(OWS):
        raise MissingHeaderError(f"header {name!r} is missing", header=name)
    return value


def header_bytes(value: str, name: str) -> bytes:
    """Encode a header value for a byte comparison: UTF-8, with ``surrogateescape``.

    A value decoded from bytes with ``surrogateescape`` gets its bytes back. Any other lone
    surrogate (possible in headers taken from JSON, as serverless platforms hand them over)
    cannot be encoded and raises ``InvalidHeaderError``.
    """
    try:
        return value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raise InvalidHeaderError(f"header {name!r} is not valid text", header=name) from None


def header_byte_forms(value: str, name: str) -> tuple[bytes, ...]:
    """The byte strings a header's text may stand for, to compare with a secret.

    Servers hand header values over decoded as ISO-8859-1 (WSGI, ASGI frameworks), so their
    bytes come back with ``latin-1``; text given directly (or decoded with
    ``surrogateescape``) comes back with UTF-8. For ASCII, the usual case, both are the same.

    Raises:
        InvalidHeaderError: the text stands for no bytes (a lone surrogate from JSON).
    """
    forms: list[bytes] = []
    with contextlib.suppress(UnicodeEncodeError):
        forms.append(value.encode("utf-8", "surrogateescape"))
    if not value.isascii():
        with contextlib.suppress(UnicodeEncodeError):
            forms.append(value.encode("latin-1"))
    if not forms:
        raise InvalidHeaderError(f"header {name!r} is not valid text", header=name)
    return tuple(forms)
