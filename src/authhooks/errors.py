"""The exceptions authhooks raises, all rooted at [`WebhookError`][authhooks.WebhookError].

The tree:

```text
WebhookError
 +-- ConfigurationError          the receiver was built wrong (raised at construction)
 +-- RequestTooLargeError        the body is over the receiver's size limit (HTTP 413)
 +-- InvalidRequestError         the request itself is malformed, before any check (HTTP 400)
 +-- VerificationError           the request is not proven to come from the provider (HTTP 401)
 |    +-- MissingHeaderError     a required header is absent
 |    +-- InvalidHeaderError     a header is present but malformed
 |    +-- InvalidSignatureError  the signature, key or token does not match any accepted secret
 |    +-- TimestampError         the signed timestamp is outside the tolerance
 |    +-- SourceNotAllowedError  the request came from an address outside the allow-list
 +-- PayloadError                authentic, but the body is not a valid payload (HTTP 400)
 |    +-- ModeMismatchError      authentic, but for another mode (Userfront test/live)
 +-- RetryLaterError             not handled now, may succeed later: .retry_after (HTTP 503)
      +-- KeysUnavailableError   the provider's signing keys could not be fetched
      +-- EventInProgressError   a duplicate of an event still being handled
      +-- StoreUnavailableError  the de-duplication store is unreachable
      +-- QueueUnavailableError  the task queue's broker did not accept the job
      +-- LogUnavailableError    the delivery log could not record it (when required to)
```

Errors carry structured attributes (``header``, ``field``, ``reason``, ``retry_after``) so
callers can act on them without parsing messages. No message ever contains a secret, a token
or a signature.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = [
    "ConfigurationError",
    "EventInProgressError",
    "InvalidHeaderError",
    "InvalidRequestError",
    "InvalidSignatureError",
    "KeysUnavailableError",
    "LogUnavailableError",
    "MissingHeaderError",
    "ModeMismatchError",
    "PayloadError",
    "QueueUnavailableError",
    "RequestTooLargeError",
    "RetryLaterError",
    "SourceNotAllowedError",
    "StoreUnavailableError",
    "TimestampError",
    "VerificationError",
    "WebhookError",
]


class WebhookError(Exception):
    """Root of every exception raised by authhooks.

    Attributes:
        reason: a short, stable, machine-readable reason code (e.g. ``"missing_header"``).
        header: the name of the header at fault, when one is.
        field: the payload field at fault, when one is.
    """

    reason: str = "webhook_error"

    def __init__(
        self,
        message: str,
        *,
        header: str | None = None,
        field: str | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.header = header
        self.field = field
        if reason is not None:
            self.reason = reason

    def __str__(self) -> str:
        return self.message


class ConfigurationError(WebhookError):
    """The receiver was built with invalid options (for example an empty secret)."""

    reason = "configuration_error"


class RequestTooLargeError(WebhookError):
    """The request body is larger than the receiver accepts.

    Attributes:
        limit: the configured limit in bytes.
    """

    reason = "body_too_large"

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class InvalidRequestError(WebhookError):
    """The HTTP request itself is malformed (for example a ``Content-Length`` that is not a
    number), so it was refused before any authentication.

    It says nothing about the sender or the payload: the request is neither proven to come
    from the provider nor known to carry a payload. Answer it with HTTP 400.
    """

    reason = "invalid_request"


class VerificationError(WebhookError):
    """The request is not proven to come from the provider.

    Raised for a missing or malformed authentication header, a wrong key, signature or token,
    or a timestamp outside the tolerance. Answer it with HTTP 401.
    """

    reason = "verification_failed"


class MissingHeaderError(VerificationError):
    """A header the provider always sends is absent."""

    reason = "missing_header"


class InvalidHeaderError(VerificationError):
    """A header is present but not in the provider's format."""

    reason = "invalid_header"


class InvalidSignatureError(VerificationError):
    """The signature, key or token does not match any accepted secret."""

    reason = "invalid_signature"


class TimestampError(VerificationError):
    """The signed timestamp is too old or too far in the future.

    Attributes:
        skew: how far the signed time is from the receiver's clock, in seconds
            (positive: the timestamp is in the past; negative: in the future).
    """

    reason = "timestamp_out_of_tolerance"

    def __init__(self, message: str, *, skew: float, header: str | None = None) -> None:
        super().__init__(message, header=header)
        self.skew = skew


class SourceNotAllowedError(VerificationError):
    """The request came from an address outside the configured allow-list."""

    reason = "source_not_allowed"


class PayloadError(WebhookError):
    """The request is authentic, but its body is not a valid payload.

    Nothing is lost: ``body`` holds the raw bytes and ``raw`` the decoded JSON (when the body
    was valid JSON), so the caller can still inspect or store an event that failed to parse.

    Attributes:
        body: the raw request body.
        raw: the decoded JSON document, or ``None`` when the body is not JSON.
        errors: the validation errors, as ``(location, message)`` pairs without input values.
    """

    reason = "invalid_payload"

    def __init__(
        self,
        message: str,
        *,
        body: bytes = b"",
        raw: Any = None,
        errors: tuple[tuple[str, str], ...] = (),
        field: str | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.body = body
        self.raw = raw
        self.errors = errors


class ModeMismatchError(PayloadError):
    """The event is authentic but belongs to a mode the receiver does not accept."""

    reason = "mode_mismatch"


class RetryLaterError(WebhookError):
    """The request was not handled now, but may well succeed later: nothing says it is not
    genuine.

    Answer it with HTTP 503 and a ``Retry-After`` header of ``retry_after`` seconds, so the
    provider delivers it again: every provider retries a 5xx, while some count a 4xx as a
    final failure. Each subclass names why (its ``reason``).

    Attributes:
        retry_after: suggested whole seconds before the provider should retry (a fraction
            given is rounded up; never negative).
    """

    reason = "retry_later"

    def __init__(self, message: str, *, retry_after: float = 30) -> None:
        super().__init__(message)
        if isinstance(retry_after, bool) or not isinstance(retry_after, (int, float)):
            raise TypeError("retry_after is a number of seconds")
        if not math.isfinite(retry_after):
            raise ValueError("retry_after is a finite number of seconds")
        self.retry_after: int = max(0, math.ceil(retry_after))


class KeysUnavailableError(RetryLaterError):
    """The provider's public keys could not be fetched or understood.

    The request may well be genuine: answer it with HTTP 503 (and ``Retry-After``) so the
    provider delivers it again.
    """

    reason = "keys_unavailable"


class EventInProgressError(RetryLaterError):
    """A delivery of this event is already being handled by another worker.

    Answer with HTTP 503 and ``Retry-After``: every provider retries a 5xx, while some count a
    4xx as a final failure. The retry comes later, when the first delivery has finished (and
    the retry is then acknowledged as a duplicate) or has failed (and the retry is then
    processed).
    """

    reason = "event_in_progress"


class StoreUnavailableError(RetryLaterError):
    """The de-duplication store could not be reached; answer with HTTP 503 so it is retried."""

    reason = "store_unavailable"


class QueueUnavailableError(RetryLaterError):
    """The task queue's broker did not accept the job in time (unreachable, refusing, or
    slower than the dispatcher's ``timeout``).

    Nothing was acknowledged: answer with HTTP 503 and ``Retry-After`` so the provider
    delivers the event again. A job the broker stored after the deadline passed is handled
    once anyway: the workers' de-duplication recognises the provider's retry.
    """

    reason = "queue_unavailable"


class LogUnavailableError(RetryLaterError):
    """The delivery log could not record a genuine delivery in time, and was built to refuse
    a delivery it cannot record (``DeliveryLog(..., on_unavailable="fail")``).

    Answer with HTTP 503 and ``Retry-After`` so the provider delivers it again once the log
    is back; the handler has not run.
    """

    reason = "log_unavailable"
