"""One entry point's options: the body-size limit, the checks made before the body is read,
and how a refusal is answered and logged."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from authhooks._headers import OWS
from authhooks.errors import (
    ConfigurationError,
    InvalidRequestError,
    RequestTooLargeError,
    WebhookError,
)
from authhooks.integrations._answers import (
    METHOD_NOT_ALLOWED,
    ErrorResponse,
    OnError,
    error_response,
    status_of,
)
from authhooks.integrations._dispatching import queue_of
from authhooks.integrations._sources import SourceAllowList, networks
from authhooks.integrations._tracking import NO_TRACK, Track
from authhooks.receiver import Receiver

if TYPE_CHECKING:
    from authhooks.dedup import DedupStore
    from authhooks.dispatch import Dispatcher
    from authhooks.log import DeliveryLog

__all__ = ["Settings", "body_limit", "too_large"]

logger = logging.getLogger("authhooks")

_DIGITS = re.compile(r"[0-9]+")


def too_large(limit: int) -> RequestTooLargeError:
    """The error for a body over ``limit`` bytes."""
    return RequestTooLargeError(f"body is larger than {limit} bytes", limit=limit)


def body_limit(receiver: Receiver[Any], max_body_size: int | None) -> int:
    """The one body-size limit of an entry point: the smaller of its ``max_body_size`` and
    the receiver's.

    The adapter reads at most this much, so a body it accepts is never refused by the
    receiver for its size, and a receiver's limit is never raised by an adapter's.

    Raises:
        ConfigurationError: ``max_body_size`` is not a positive number of bytes.
    """
    if max_body_size is None:
        return receiver.max_body_size
    if isinstance(max_body_size, bool) or not isinstance(max_body_size, int) or max_body_size <= 0:
        raise ConfigurationError("max_body_size must be a positive number of bytes")
    return min(max_body_size, receiver.max_body_size)


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
        dispatch: Dispatcher | None = None,
        log: DeliveryLog | None = None,
    ) -> None:
        if not isinstance(receiver, Receiver):
            raise ConfigurationError("receiver must be an authhooks receiver")
        if log is not None:
            from authhooks.log import DeliveryLog

            if not isinstance(log, DeliveryLog):
                raise ConfigurationError("log must be an authhooks.log.DeliveryLog")
        #: The delivery log every request of the entry point is recorded in, if any.
        self.log = log
        self.receiver = receiver
        #: The largest body read: the smaller of the entry point's and the receiver's limits.
        self.max_body_size = body_limit(receiver, max_body_size)
        self.on_error = on_error
        if allow_from is None and networks(trusted_proxies, "trusted_proxies"):
            raise ConfigurationError("trusted_proxies is only used with allow_from")
        self.allow_list = (
            None if allow_from is None else SourceAllowList(allow_from, trusted_proxies)
        )
        if dedup is not None and receiver.synchronous:
            raise ConfigurationError(
                f"{receiver.provider} hooks are synchronous: the provider acts on every "
                "answer, and a de-duplication store would answer a repeated call "
                '{"status": "duplicate"} instead of the hook\'s answer; leave dedup out '
                "(a handler can remember event.id itself)"
            )
        self.dedup = dedup
        #: The configured route of the entry point, when it has one (the Starlette middleware's
        #: path): the de-duplication scope of its events.
        self.route = route
        #: Where verified deliveries are handed (a task queue), or ``None``: the entry point
        #: runs its own view or handler.
        self.dispatch = queue_of(dispatch, receiver, dedup)

    def track(self, route: str | None, peer: str | None, forwarded_for: str | None) -> Track:
        """The record of a request arriving at ``route`` from ``peer`` (the client address:
        the allow-list's reading of ``X-Forwarded-For`` when there is one)."""
        if self.log is None:
            return NO_TRACK
        client = peer if self.allow_list is None else self.allow_list.client(peer, forwarded_for)
        return Track(self.log.arrived(self.receiver, route=route, client=client or peer))

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
            raise too_large(self.max_body_size)

    def answer_other_method(
        self,
        method: str,
        headers: Any,
        peer: str | None,
        forwarded_for: str | None,
        *,
        request: Any,
        path: str,
        track: Track = NO_TRACK,
    ) -> Any:
        """The answer to a request whose method is not ``POST``: 405 with ``Allow: POST``,
        unless it is the sender's verification request, which the receiver answers (200 and
        its JSON document; a refusal, as ``refuse`` answers it, when the request is not
        allowed or not proven to come from the sender).

        Only a method in the receiver's ``challenge_methods`` is looked at; the source
        allow-list is checked before the receiver sees the request.
        """
        receiver = self.receiver
        if method not in receiver.challenge_methods:
            track.refused(None, METHOD_NOT_ALLOWED.status, "method_not_allowed")
            return METHOD_NOT_ALLOWED
        try:
            if self.allow_list is not None:
                self.allow_list.check(peer, forwarded_for)
            document = receiver.challenge_answer(method, headers)
        except WebhookError as exc:
            return self.refuse(exc, request, path, track)
        if document is None:
            track.refused(None, METHOD_NOT_ALLOWED.status, "method_not_allowed")
            return METHOD_NOT_ALLOWED
        logger.info("verification request answered: %s %s %s", receiver.provider, method, path)
        track.answered(200)  # the sender's verification request, answered
        return ErrorResponse(200, document)

    def refuse(self, error: WebhookError, request: Any, path: str, track: Track = NO_TRACK) -> Any:
        """Log ``error`` and return the answer to send: ``on_error``'s, or the default.

        The log line (with a delivery log: the delivery's record) gives the status actually
        sent: the default answer's, or that of the response ``on_error`` returned.
        """
        if isinstance(error, ConfigurationError):
            track.refused(error, 500, "configuration_error")
            raise error
        answer: Any = error_response(error)
        if self.on_error is not None:
            try:
                custom = self.on_error(error, request)
            except Exception:
                track.refused(error, 500)
                self._log_refusal(error, path, "on_error raised")
                raise
            if custom is not None:
                answer = custom
        status = status_of(answer)
        track.refused(error, status)
        self._log_refusal(error, path, "on_error's answer" if status is None else str(status))
        return answer

    def _log_refusal(self, error: WebhookError, path: str, status: str) -> None:
        if self.log is not None:
            return  # the delivery log's record of the request says it, with its status
        logger.warning(
            "webhook refused: %s %s -> %s %s: %s",
            self.receiver.provider,
            path,
            status,
            error.reason,
            error.message,
        )
