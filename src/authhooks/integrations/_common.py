"""What every framework adapter shares: limits, the source allow-list, error responses, logging.

Nothing here imports a framework. An adapter reads the request, calls
``Settings.check_request`` and ``read_limited`` (or ``aread_limited``), verifies the
bytes with the receiver, then runs the handler through ``run_sync`` or ``run_async``,
turning any [`WebhookError`][authhooks.WebhookError] into
[`error_response`][authhooks.integrations.error_response].
"""

from __future__ import annotations

import asyncio
import inspect
import ipaddress
import json
import logging
import re
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from authhooks._headers import OWS
from authhooks.errors import (
    ConfigurationError,
    EventInProgressError,
    InvalidRequestError,
    KeysUnavailableError,
    RequestTooLargeError,
    SourceNotAllowedError,
    StoreUnavailableError,
    VerificationError,
    WebhookError,
)
from authhooks.receiver import Receiver

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore

__all__ = [
    "FRONTEGG_SOURCE_IPS",
    "ErrorResponse",
    "OnError",
    "Settings",
    "SourceAllowList",
    "error_response",
]

logger = logging.getLogger("authhooks")

#: The addresses Frontegg sends webhooks from (EU, then US), for ``allow_from=``.
FRONTEGG_SOURCE_IPS: tuple[str, ...] = (
    "99.81.198.187",
    "54.216.181.43",
    "52.209.54.22",
    "23.21.59.58",
    "54.152.159.125",
    "3.220.173.9",
)

#: ``on_error(error, request)``: return ``None`` for the default answer, an
#: [`ErrorResponse`][authhooks.integrations.ErrorResponse], or a response object of the framework,
#: which is returned as is.
OnError = Callable[[WebhookError, Any], Any]

_CHUNK = 64 * 1024
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class ErrorResponse:
    """A framework-neutral HTTP answer: what the adapters send when a webhook is refused.

    Attributes:
        status: the HTTP status code.
        body: the JSON document sent: ``{"error": <reason>}`` for a refusal. It names the
            reason code only; the error's message (which may name a header, a limit or the
            de-duplication store) goes to the log, never to the sender.
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
    payload), 413 (too large), 503 with ``Retry-After`` (keys or store unreachable, or the
    same event in progress elsewhere: every provider retries a 5xx).
    """
    headers: dict[str, str] = {}
    if isinstance(error, SourceNotAllowedError):
        status = 403
    elif isinstance(error, VerificationError):
        status = 401
    elif isinstance(error, RequestTooLargeError):
        status = 413
    elif isinstance(error, (EventInProgressError, KeysUnavailableError, StoreUnavailableError)):
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


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip(OWS)
    if text.startswith("[") and "]" in text:  # "[::1]" or "[::1]:8080"
        text = text[1 : text.index("]")]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _networks(values: Iterable[str], name: str) -> tuple[_Network, ...]:
    if isinstance(values, str):
        values = [values]
    try:
        return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)
    except ValueError as exc:
        raise ConfigurationError(f"{name} holds an invalid address or network: {exc}") from None


class SourceAllowList:
    """Accept requests only from the given addresses or networks.

    ``X-Forwarded-For`` is read only when the peer is one of ``trusted_proxies``; it is then
    walked from the right, skipping the trusted proxies, and the first other address is the
    client. Anything that is not an address fails closed.
    """

    def __init__(self, allow_from: Iterable[str], trusted_proxies: Iterable[str] = ()) -> None:
        self.allowed = _networks(allow_from, "allow_from")
        if not self.allowed:
            raise ConfigurationError("allow_from must name at least one address or network")
        self.trusted = _networks(trusted_proxies, "trusted_proxies")

    def _trusted(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in self.trusted)

    def client(self, peer: str | None, forwarded_for: str | None) -> str | None:
        """The client address for a request from ``peer``, or ``None`` when it is not one."""
        address = _parse_ip(peer or "")
        if address is None:
            return None
        if not forwarded_for or not self._trusted(address):
            return str(address)
        for hop in reversed(forwarded_for.split(",")):
            address = _parse_ip(hop)
            if address is None:
                return None
            if not self._trusted(address):
                return str(address)
        return str(address)

    def check(self, peer: str | None, forwarded_for: str | None) -> None:
        """Raise [`SourceNotAllowedError`][authhooks.SourceNotAllowedError] unless the client is in
        the allow-list."""
        client = self.client(peer, forwarded_for)
        address = _parse_ip(client) if client else None
        if address is None or not any(address in network for network in self.allowed):
            raise SourceNotAllowedError(f"source address {client or peer!r} is not allowed")


class Settings:
    """One entry point's options, shared by the four adapters."""

    def __init__(  # noqa: PLR0917  (internal: the adapters pass their options in order)
        self,
        receiver: Receiver[Any],
        max_body_size: int | None = None,
        on_error: OnError | None = None,
        allow_from: Iterable[str] | None = None,
        trusted_proxies: Iterable[str] = (),
        dedup: DedupStore | None = None,
        *,
        route: str | None = None,
    ) -> None:
        if not isinstance(receiver, Receiver):
            raise ConfigurationError("receiver must be an authhooks receiver")
        limit = receiver.max_body_size if max_body_size is None else max_body_size
        if not isinstance(limit, int) or limit <= 0:
            raise ConfigurationError("max_body_size must be a positive number of bytes")
        self.receiver = receiver
        self.max_body_size = limit
        self.on_error = on_error
        if allow_from is None and _networks(trusted_proxies, "trusted_proxies"):
            raise ConfigurationError("trusted_proxies is only used with allow_from")
        self.allow_list = (
            None if allow_from is None else SourceAllowList(allow_from, trusted_proxies)
        )
        self.dedup = dedup
        #: The configured route of the entry point, when it has one (the Starlette middleware's
        #: path): the de-duplication scope of its events.
        self.route = route

    def check_request(
        self, peer: str | None, forwarded_for: str | None, content_length: str | None
    ) -> None:
        """Check the source address and the declared length, before the body is read.

        ``Content-Length`` must be ASCII digits (optional whitespace around them is skipped);
        anything else raises ``InvalidRequestError``.
        """
        if self.allow_list is not None:
            self.allow_list.check(peer, forwarded_for)
        if content_length is None:
            return
        if not isinstance(content_length, str):
            raise InvalidRequestError("Content-Length is not text")
        declared = content_length.strip(OWS)
        if not declared:
            return
        if _DIGITS.fullmatch(declared) is None:
            raise InvalidRequestError("Content-Length is not a number")
        # Compared as text first: int() refuses (ValueError) more than 4300 digits.
        digits = declared.lstrip("0") or "0"
        limit = str(self.max_body_size)
        if len(digits) > len(limit) or (len(digits) == len(limit) and digits > limit):
            raise RequestTooLargeError(
                f"body is larger than {self.max_body_size} bytes", limit=self.max_body_size
            )

    def refuse(self, error: WebhookError, request: Any, path: str) -> Any:
        """Log ``error`` and return the answer to send: ``on_error``'s, or the default.

        The log line gives the status actually sent: the default answer's, or that of the
        response ``on_error`` returned.
        """
        if isinstance(error, ConfigurationError):
            raise error
        answer: Any = error_response(error)
        if self.on_error is not None:
            try:
                custom = self.on_error(error, request)
            except Exception:
                self._log_refusal(error, path, "on_error raised")
                raise
            if custom is not None:
                answer = custom
        status = _status_of(answer)
        self._log_refusal(error, path, "on_error's answer" if status is None else str(status))
        return answer

    def _log_refusal(self, error: WebhookError, path: str, status: str) -> None:
        logger.warning(
            "webhook refused: %s %s -> %s %s: %s",
            self.receiver.provider,
            path,
            status,
            error.reason,
            error.message,
        )


_DIGITS = re.compile(r"[0-9]+")


def _status_of(answer: Any) -> int | None:
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


def _too_large(limit: int) -> RequestTooLargeError:
    return RequestTooLargeError(f"body is larger than {limit} bytes", limit=limit)


def read_limited(chunks: Iterable[bytes], limit: int) -> bytes:
    """Join ``chunks``, raising [`RequestTooLargeError`][authhooks.RequestTooLargeError] as soon as
    they pass ``limit``."""
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


async def aread_limited(chunks: AsyncIterable[bytes], limit: int) -> bytes:
    """Like ``read_limited`` for an asynchronous stream of chunks.

    A body that comes as one chunk is returned as it is, without a copy; one that comes as
    many is gathered in one buffer, so memory stays within about twice ``limit`` however
    finely it is split.
    """
    first: bytes = b""
    buffer: bytearray | None = None
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        if buffer is not None:
            buffer += chunk
        elif not first:
            first = chunk
        elif chunk:
            buffer = bytearray(first)
            buffer += chunk
    return bytes(first if buffer is None else buffer)


def stream_chunks(read: Callable[[int], bytes]) -> Iterable[bytes]:
    """Chunks from a file-like ``read`` until it returns nothing."""
    return iter(lambda: read(_CHUNK), b"")


class ClientDisconnected(Exception):
    """The client went away before its body was read: there is no one left to answer."""


async def asgi_chunks(receive: Callable[[], Awaitable[Any]]) -> AsyncIterator[bytes]:
    """The body chunks of an ASGI ``http`` request, read from ``receive``."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


async def aread_asgi_body(receive: Callable[[], Awaitable[Any]], limit: int) -> bytes:
    """The body of an ASGI ``http`` request, read from ``receive`` and bounded by ``limit``.

    The same as ``aread_limited(asgi_chunks(receive), limit)`` without an async generator:
    a body sent in one message (the usual case) is returned as it is, without a copy; one
    sent in many is gathered in one buffer, so memory stays within about twice ``limit``
    however small the messages are.
    """
    buffer: bytearray | None = None
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        chunk = message.get("body", b"")
        more = message.get("more_body", False)
        if buffer is None:
            if len(chunk) > limit:
                raise _too_large(limit)
            if not more:
                return bytes(chunk)
            buffer = bytearray(chunk)
            continue
        if len(buffer) + len(chunk) > limit:
            raise _too_large(limit)
        buffer += chunk
        if not more:
            return bytes(buffer)


def asgi_replay(body: bytes, receive: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
    """A ``receive`` that hands the already-read ``body`` downstream, then defers to ``receive``."""
    sent = False

    async def replay() -> Any:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _await(value: Awaitable[Any]) -> Any:
    return await value


def finish_sync(result: Any) -> Any:
    """Run an awaitable result (an ``async`` handler behind a router) to completion."""
    if inspect.isawaitable(result):
        coroutine = result if inspect.iscoroutine(result) else _await(result)
        return asyncio.run(coroutine)
    return result


class _FailureAnswer(Exception):
    """Raised inside the de-duplicated call when the handler answered a failure, so that the
    store releases the claim; the adapter then sends ``answer`` as it is."""

    def __init__(self, answer: Any) -> None:
        super().__init__("the handler answered a failure status")
        self.answer = answer


def run_sync(
    dedup: DedupStore | None,
    event: Any,
    call: Callable[[], Any],
    *,
    failed: Callable[[Any], bool] | None = None,
    scope: str | None = None,
) -> Any:
    """Run ``call`` (through the de-duplication store when there is one) from sync code.

    With ``failed``, a result for which ``failed(result)`` is true (an answer that tells the
    provider the delivery failed, see ``is_failure_status``) releases the event for the
    provider's retry instead of marking it done; the result is returned as it is.

    ``scope`` names the endpoint (its route), so that two endpoints sharing a store keep
    separate keys.
    """
    if dedup is None:
        return finish_sync(call())
    from authhooks.dedup import run_once

    def checked() -> Any:
        result = finish_sync(call())
        if failed is not None and failed(result):
            raise _FailureAnswer(result)
        return result

    try:
        return run_once(dedup, event, checked, scope=scope)
    except _FailureAnswer as answer:
        return answer.answer


async def run_async(
    dedup: DedupStore | None,
    event: Any,
    call: Callable[[], Awaitable[Any]],
    *,
    failed: Callable[[Any], bool] | None = None,
    scope: str | None = None,
) -> Any:
    """Await ``call()`` (through the de-duplication store when there is one).

    ``failed`` and ``scope`` are those of ``run_sync``.
    """
    if dedup is None:
        return await call()
    from authhooks.dedup import arun_once

    async def checked() -> Any:
        result = await call()
        if failed is not None and failed(result):
            raise _FailureAnswer(result)
        return result

    try:
        return await arun_once(dedup, event, checked, scope=scope)
    except _FailureAnswer as answer:
        return answer.answer


def is_duplicate(dedup: DedupStore | None, result: Any) -> bool:
    """Whether ``result`` says the store had already seen the event (the handler did not run)."""
    if dedup is None or result is None:
        return False
    from authhooks.dedup import Duplicate

    return isinstance(result, Duplicate)
