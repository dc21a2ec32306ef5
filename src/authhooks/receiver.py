"""The receiver contract shared by every provider, and
[`verify_and_parse`][authhooks.verify_and_parse]."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from authhooks._body import (
    DEFAULT_MAX_BODY_SIZE,
    coerce_body,
    decode_json,
    refuse_non_json_literals,
)
from authhooks.errors import ConfigurationError, PayloadError
from authhooks.events import WebhookEvent

__all__ = ["Body", "Receiver", "verify_and_parse"]

EventT_co = TypeVar("EventT_co", bound=WebhookEvent, covariant=True)
E = TypeVar("E", bound=WebhookEvent)

#: What ``verify`` accepts as a body: the raw bytes, or text taken as UTF-8.
Body = bytes | bytearray | memoryview | str


class Receiver(ABC, Generic[EventT_co]):
    """Verifies and parses one provider's webhooks.

    Build a receiver once with its credentials and share it: it is immutable after
    construction and safe to use from several threads at once.
    """

    #: The provider's name, as in ``event.provider``.
    provider: ClassVar[str]
    #: Whether ``verify`` may wait on the network (fetching signing keys). Async adapters run
    #: such a receiver in a worker thread; one that only computes (a few microseconds of CPU,
    #: far less than a thread hop) is verified inline. Providers that never do I/O set it to
    #: ``False``.
    may_block: ClassVar[bool] = True

    def __init__(self, *, max_body_size: int = DEFAULT_MAX_BODY_SIZE) -> None:
        if not isinstance(max_body_size, int) or max_body_size <= 0:
            raise ConfigurationError("max_body_size must be a positive number of bytes")
        self.max_body_size = max_body_size

    def verify(self, body: Body, headers: Mapping[str, str]) -> EventT_co:
        """Verify that the request comes from the provider, then parse it into a typed event.

        Args:
            body: the raw request body, exactly as received (``str`` is taken as UTF-8).
            headers: the request headers; names are looked up case-insensitively.

        Raises:
            VerificationError: the request is not proven to come from the provider.
            PayloadError: the request is authentic but its body is not a valid payload.
            RequestTooLargeError: the body is larger than ``max_body_size``.
        """
        return self._verify(coerce_body(body, self.max_body_size), headers)

    @abstractmethod
    def _verify(self, body: bytes, headers: Mapping[str, str]) -> EventT_co:
        """Authenticate ``body``/``headers`` and return the parsed event."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(provider={self.provider!r})"


def verify_and_parse(receiver: Receiver[E], body: Body, headers: Mapping[str, str]) -> E:
    """Verify a request with ``receiver`` and return its typed event.

    The same as ``receiver.verify(body, headers)``, offered as a function for one-off use.
    """
    return receiver.verify(body, headers)


#: The validation errors of a discriminated union whose tag is missing or unknown.
_UNKNOWN_TAG = frozenset({"union_tag_invalid", "union_tag_not_found"})


def parse_model(
    adapter: TypeAdapter[Any],
    body: bytes,
    provider: str,
    fallback: TypeAdapter[Any] | None = None,
) -> Any:
    """Validate the JSON ``body`` with ``adapter`` (no re-serialisation, bounded nesting).

    ``adapter`` is normally a union discriminated on ``Literal`` tags, which pydantic reads
    straight from the JSON. When the only errors are a missing or unknown tag and a
    ``fallback`` adapter is given (the provider's generic event), the body is validated
    with it instead: an unknown event name still parses, nothing is lost.

    ``NaN``/``Infinity`` literals (not JSON) are refused like any invalid JSON, so a payload
    accepted here always has a ``raw`` form.

    Raises [`PayloadError`][authhooks.PayloadError] carrying the raw body and, when it is JSON, the
    decoded document, so a caller can still see an event that failed to parse.
    """
    refuse_non_json_literals(body)
    try:
        # The core validator directly: TypeAdapter.validate_json adds a Python layer per call.
        event = adapter.validator.validate_json(body)
    except ValidationError as exc:
        if fallback is None or not all(err["type"] in _UNKNOWN_TAG for err in exc.errors()):
            raise payload_error(exc, body, provider) from None
        try:
            event = fallback.validator.validate_json(body)
        except ValidationError as fallback_exc:
            raise payload_error(fallback_exc, body, provider) from None
    event._attach(body)
    return event


def payload_error(
    exc: ValidationError, body: bytes, provider: str, raw: Any = None
) -> PayloadError:
    """Turn a pydantic ``ValidationError`` into a [`PayloadError`][authhooks.PayloadError] without
    input values."""
    errors = tuple(
        (".".join(str(part) for part in err["loc"]) or "body", err["msg"]) for err in exc.errors()
    )
    json_invalid = any(err["type"] in {"json_invalid", "json_type"} for err in exc.errors())
    if raw is None and not json_invalid:
        try:
            raw = decode_json(body)
        except PayloadError:
            raw = None
    if json_invalid:
        try:
            decode_json(body)
        except PayloadError as decode_exc:
            decode_exc.body = body
            return decode_exc
    where, what = errors[0] if errors else ("body", "invalid")
    field = None if where == "body" else where
    return PayloadError(
        f"{provider} payload is not valid: {where}: {what}",
        body=body,
        raw=raw,
        errors=errors,
        field=field,
    )
