"""The answer of a synchronous hook: [`HTTPAnswer`][authhooks.HTTPAnswer], and what a
handler's result becomes.

Most providers only need to know that a webhook was received (any 2xx). A synchronous hook
(Supabase Auth's) waits for the answer and acts on it: the handler's return value is the
response. A receiver says so with [`Receiver.synchronous`][authhooks.Receiver.synchronous];
the framework adapters then send [`Receiver.answer`][authhooks.Receiver.answer] of what the
handler returned, and [`Receiver.failure_answer`][authhooks.Receiver.failure_answer] when it
raised.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["JSON_HEADERS", "HTTPAnswer", "answer_of", "encode_json", "json_answer"]

#: The headers of an answer with a JSON body.
JSON_HEADERS: Mapping[str, str] = {"Content-Type": "application/json"}


def encode_json(document: Any) -> bytes:
    """``document`` as compact UTF-8 JSON.

    Raises:
        TypeError: an object JSON cannot hold.
        ValueError: a ``NaN`` or an infinity, or a circular reference.
    """
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class HTTPAnswer:
    """A framework-neutral HTTP answer to a synchronous hook.

    The same attributes as the adapters' [`ErrorResponse`][authhooks.integrations.ErrorResponse],
    so one piece of code sends either.

    Attributes:
        status: the HTTP status code (``200``, or ``204`` for no body).
        body: the JSON document sent, or ``None`` for no body.
        headers: the response headers (``Content-Type: application/json`` with a body).
    """

    status: int
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def content(self) -> bytes:
        """The body as compact UTF-8 JSON (empty when there is none)."""
        return b"" if self.body is None else encode_json(self.body)


def json_answer(document: Any, status: int = 200) -> HTTPAnswer:
    """``document`` sent as JSON with ``status``; checked now, so that what is not JSON fails
    here rather than while sending.

    Raises:
        ValueError: ``document`` is not JSON (a ``NaN``, an object JSON cannot hold).
    """
    try:
        encode_json(document)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the answer is not JSON ({type(exc).__name__})") from None
    return HTTPAnswer(status, document, dict(JSON_HEADERS))


def answer_of(result: Any) -> HTTPAnswer:
    """The HTTP answer for what a synchronous hook's handler returned.

    An object with a ``to_response()`` method (an answer helper such as Supabase's
    [`HookResponse`][authhooks.providers.supabase.HookResponse]) gives its own answer: an
    [`HTTPAnswer`][authhooks.HTTPAnswer], or anything with ``status``, ``body`` and
    ``headers``. A mapping is sent as it is, as JSON with status 200. ``None`` is a ``204``
    without a body.

    Raises:
        TypeError: ``result`` is none of these, or its ``to_response()`` does not give an
            answer.
        ValueError: the document is not JSON.
    """
    if result is None:
        return HTTPAnswer(204, None, {})
    to_response = getattr(result, "to_response", None)
    if callable(to_response):
        return _checked(to_response())
    if isinstance(result, Mapping):
        return json_answer(dict(result))
    raise TypeError(
        "a synchronous hook's handler returns an answer (an object with to_response()), "
        f"a mapping or None, not {type(result).__name__}"
    )


def _checked(given: Any) -> HTTPAnswer:
    """``to_response()``'s result as an ``HTTPAnswer``, once its parts are checked."""
    status, body, headers = (getattr(given, name, None) for name in ("status", "body", "headers"))
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise TypeError("to_response() gave no HTTP status (an integer from 100 to 599)")
    if not isinstance(headers, Mapping) or not all(
        isinstance(name, str) and isinstance(value, str) for name, value in headers.items()
    ):
        raise TypeError("to_response() gave headers that are not a mapping of text to text")
    if body is not None:
        json_answer(body)  # what is not JSON fails here, not while sending
    return HTTPAnswer(status, body, dict(headers))
