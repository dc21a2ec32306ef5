"""The headers of a captured request, as a user pastes them into a file.

Three shapes are read:

- a JSON object of header names to string values;
- ``Name: value`` lines, optionally under a request line (``POST /hooks HTTP/1.1``); HTTP/2
  pseudo-headers (``:method: POST``), as browsers list them, are skipped;
- a ``curl -v`` transcript: only its request headers (the ``> `` lines) are taken; the
  connection notes (``*``), the response (``< ``), the data markers (``{ [...]``,
  ``} [...]``) and the response body curl printed are ignored.

Anything that could be read two ways is refused with the line to fix: a header given twice
with different values, a line that is not a header, a transcript of several requests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

__all__ = ["HeadersFileError", "parse_headers"]

#: A header name: an RFC 9110 token.
_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
#: A request line: method, target, HTTP version (curl prints ``HTTP/2`` for HTTP/2).
_REQUEST_LINE = re.compile(r"[A-Z]+ \S+ HTTP/\d(?:\.\d)?")
#: The lines of a ``curl -v`` transcript that are not request headers.
_CURL_OTHER = ("* ", "*\t", "< ", "{ [", "} [")


class HeadersFileError(ValueError):
    """The headers file cannot be read unambiguously (the message names the line)."""


def parse_headers(text: str) -> dict[str, str]:
    """The request headers in ``text``: JSON, ``Name: value`` lines or a ``curl -v`` transcript.

    Raises:
        HeadersFileError: the text is none of these, or names a header twice with different
            values.
    """
    if text.lstrip().startswith(("{", "[")):
        return _from_json(text)
    lines = text.splitlines()
    if any(_is_request_header(line) for line in lines):
        return _from_curl(lines)
    if any(line.startswith(_CURL_OTHER) or line.rstrip() == "<" for line in lines):
        raise HeadersFileError(
            "this curl transcript has no request headers ('> ' lines): capture it with "
            "curl -v, which prints the headers it sends"
        )
    return _collect(_plain_lines(lines))


def _is_request_header(line: str) -> bool:
    return line.startswith("> ") or line.rstrip() == ">"


class _Object(list[tuple[str, object]]):
    """A JSON object's members in order, duplicates kept (to refuse them)."""


def _from_json(text: str) -> dict[str, str]:
    try:
        pairs = json.loads(text, object_pairs_hook=_Object)
    except ValueError as exc:
        raise HeadersFileError(f"not valid JSON: {exc}") from None
    if not isinstance(pairs, _Object) or not all(isinstance(v, str) for _, v in pairs):
        raise HeadersFileError("must be a JSON object of header names to string values")
    for index, (name, _) in enumerate(pairs, start=1):
        if not _NAME.fullmatch(name):  # not shown: it may hold a value pasted into the name
            raise HeadersFileError(f"key number {index} is not a header name")
    return _collect((f"key {name!r}", name, str(value)) for name, value in pairs)


def _from_curl(lines: list[str]) -> dict[str, str]:
    """The headers between the request line and the blank ``>`` line that ends them.

    ``> `` lines elsewhere (a response body that quotes Markdown, say) are not the request's.
    Without any request line (the ``> `` lines pasted alone), every ``> `` line is a header.
    """
    framed = any(_REQUEST_LINE.fullmatch(line[2:].strip()) for line in lines if line[:2] == "> ")
    found: list[tuple[str, str, str]] = []
    requests = 0
    inside = not framed
    for number, line in enumerate(lines, start=1):
        if not _is_request_header(line):
            continue  # curl's notes, the response, the body: not the request's headers
        content = line[2:].strip()
        if _REQUEST_LINE.fullmatch(content):
            requests += 1
            if requests > 1:
                raise HeadersFileError(
                    f"line {number}: the transcript holds several requests (a redirect "
                    "followed?); keep only the one to verify"
                )
            inside = True
        elif not content:
            inside = not framed  # the blank line that ends the request headers
        elif inside:
            found.append(_header(number, content))
    if not found:
        raise HeadersFileError("the curl transcript has no request headers")
    return _collect(found)


def _plain_lines(lines: list[str]) -> Iterable[tuple[str, str, str]]:
    seen_header = False
    for number, line in enumerate(lines, start=1):
        content = line.strip()
        if not content:
            continue
        if not seen_header and _REQUEST_LINE.fullmatch(content):
            continue
        if content.startswith(":"):
            continue  # an HTTP/2 pseudo-header (:method, :path...) as browsers list them
        seen_header = True
        yield _header(number, content)


def _header(number: int, content: str) -> tuple[str, str, str]:
    name, sep, value = content.partition(":")
    if not sep or not _NAME.fullmatch(name):
        # The line is not shown: it may hold a secret (an Authorization value, say).
        raise HeadersFileError(f"line {number}: expected 'Name: value'")
    return f"line {number}", name, value.strip()


def _collect(items: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    where: dict[str, tuple[str, str]] = {}  # lower-case name -> (location, name as written)
    for location, name, value in items:
        key = name.lower()
        if key in where:
            first, spelled = where[key]
            if headers[spelled] != value:
                raise HeadersFileError(
                    f"header {name!r} is given twice with different values ({first} and "
                    f"{location}); keep the one the request carried"
                )
            continue
        where[key] = (location, name)
        headers[name] = value
    return headers
