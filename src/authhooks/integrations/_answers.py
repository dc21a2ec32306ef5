"""The answers the adapters send: [`ErrorResponse`][authhooks.integrations.ErrorResponse], the
default status of each error, and what counts as a failed delivery."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from authhooks.errors import (
    RequestTooLargeError,
    RetryLaterError,
    SourceNotAllowedError,
    VerificationError,
    WebhookError,
)

__all__ = [
    "DUPLICATE",
    "METHOD_NOT_ALLOWED",
    "ErrorResponse",
    "OnError",
    "error_response",
    "is_failure_status",
    "status_of",
]

#: ``on_error(error, request)``: return ``None`` for the default answer, an
#: [`ErrorResponse`][authhooks.integrations.ErrorResponse], or a response object of the framework,
#: which is returned as is.
OnError = Callable[[WebhookError, Any], Any]


@dataclass(frozen=True)
class ErrorResponse:
    """A framework-neutral HTTP answer: what the adapters send when a webhook is refused (or
    a sender's verification request answered).

    Attributes:
        status: the HTTP status code.
        body: the JSON document sent: ``{"error": <reason>}`` for a refusal. It names the
            reason code only; the error's message (which may name a header, a limit or the
            de-duplication store) goes to the log, never to the sender. For a verification
            request, the receiver's answer (Okta's ``{"verification": ...}``).
        headers: extra response headers (``Retry-After``, ``Allow``).
    """

    status: int
    body: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content(self) -> bytes:
        """The body encoded as compact UTF-8 JSON."""
        return json.dumps(self.body, separators=(",", ":")).encode("utf-8")


def error_response(error: WebhookError) -> ErrorResponse:
    """The default answer to ``error``, with the body ``{"error": error.reason}``.

    401 (not from the provider), 403 (source not allowed), 400 (a malformed request or
    payload), 413 (too large), 503 with ``Retry-After`` for a
    [`RetryLaterError`][authhooks.RetryLaterError] (keys or store unreachable, or the same
    event in progress elsewhere: every provider retries a 5xx).
    """
    headers: dict[str, str] = {}
    if isinstance(error, SourceNotAllowedError):
        status = 403
    elif isinstance(error, VerificationError):
        status = 401
    elif isinstance(error, RequestTooLargeError):
        status = 413
    elif isinstance(error, RetryLaterError):
        status = 503
        headers["Retry-After"] = str(error.retry_after)
    else:
        status = 400
    return ErrorResponse(status, {"error": error.reason}, headers)


METHOD_NOT_ALLOWED = ErrorResponse(405, {"error": "method_not_allowed"}, {"Allow": "POST"})
DUPLICATE = ErrorResponse(200, {"status": "duplicate"})


def is_failure_status(status: int) -> bool:
    """Whether a handler's answer ``status`` tells the provider the delivery failed.

    Anything but a 2xx is a failure: the provider retries it (or gives up), so the event
    must not be remembered as handled. The de-duplication claim is released instead.
    """
    return not 200 <= status < 300


def status_of(answer: Any) -> int | None:
    """The HTTP status of an answer: an ``ErrorResponse``, a framework response
    (``status_code``), or Flask's ``(body, status)`` tuple; ``None`` when it does not say."""
    if isinstance(answer, ErrorResponse):
        return answer.status
    if isinstance(answer, tuple):
        status = answer[1] if len(answer) > 1 else None
    else:
        status = getattr(answer, "status_code", None)
        if status is None:
            status = getattr(answer, "status", None)
    if isinstance(status, int) and not isinstance(status, bool):
        return status
    return None
