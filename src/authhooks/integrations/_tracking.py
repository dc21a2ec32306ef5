"""The delivery log at the adapters: each request's ``Track`` tells the entry point's
[`DeliveryLog`][authhooks.log.DeliveryLog] what became of it.

Without a log the track does nothing. With one, each request is recorded once, with the
status the adapter answered: a refusal's (``on_error``'s own answer included), a duplicate's,
the handler's answer, or the status of the exception it raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from authhooks.errors import EventInProgressError, QueueUnavailableError

if TYPE_CHECKING:
    from authhooks.delivery import Delivery
    from authhooks.log import Recording

__all__ = ["NO_TRACK", "Track", "raised_status"]


def raised_status(error: BaseException) -> int:
    """The status a framework answers an exception with: its own (``HTTPException``'s
    ``status_code`` or ``code``), else 500."""
    for name in ("status_code", "code"):
        value = getattr(error, name, None)
        if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599:
            return value
    return 500


class Track:
    """One request's record in the delivery log (nothing without a log).

    Only the first answer is recorded: an adapter may see the same answer twice (a refusal
    inside a dependency, then the route's own exception handling).
    """

    __slots__ = ("_done", "recording")

    def __init__(self, recording: Recording | None) -> None:
        self.recording = recording
        self._done = recording is None

    @property
    def on(self) -> bool:
        """Whether a log records this request."""
        return self.recording is not None

    def received(self, body: bytes, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """The body was read."""
        if self.recording is not None:
            self.recording.received(body, headers)

    def accepted(self, event: Any) -> None:
        """The request verified (raises ``LogUnavailableError`` when the log must record it
        and cannot)."""
        if self.recording is not None:
            self.recording.accepted(event)

    async def aaccepted(self, event: Any) -> None:
        """``accepted``, without blocking the event loop."""
        if self.recording is not None:
            await self.recording.aaccepted(event)

    def _first(self) -> Recording | None:
        if self._done:
            return None
        self._done = True
        return self.recording

    def refused(
        self, error: BaseException | None, status: int | None, reason: str | None = None
    ) -> None:
        """The request was refused with ``status`` (an event in progress elsewhere is
        recorded as such)."""
        if (recording := self._first()) is None:
            return
        if isinstance(error, EventInProgressError):
            recording.in_progress(status=status, error=error)
        elif isinstance(error, QueueUnavailableError):
            recording.handoff_failed(error, status=status)
        else:
            recording.refused(error, status=status, reason=reason)

    def delivery(self) -> Delivery | None:
        """The verified delivery as the log recorded it (carrying its record's id, so that
        a queue's worker resumes the record), or ``None`` without a log."""
        return None if self.recording is None else self.recording.delivery

    def handed_off(self, status: int = 202) -> None:
        """The verified delivery was handed to a task queue, answered ``status``."""
        if (recording := self._first()) is not None:
            recording.handed_off(status=status)

    def duplicate(self, status: int = 200) -> None:
        """The event was handled before: acknowledged without running the handler."""
        if (recording := self._first()) is not None:
            recording.duplicate(status=status)

    def answered(self, status: int | None) -> None:
        """The handler answered ``status``: handled when it is a 2xx, failed otherwise
        (``None``: no answer at all)."""
        if (recording := self._first()) is None:
            return
        if status is not None and 200 <= status < 300:
            recording.handled(status=status)
        else:
            reason = "no_answer" if status is None else "failure_status"
            recording.failed(status=status, reason=reason)

    def raised(self, error: BaseException, status: int | None = None) -> None:
        """The handler raised ``error``, answered ``status`` (by default the framework's)."""
        if (recording := self._first()) is not None:
            recording.failed(error, status=raised_status(error) if status is None else status)


NO_TRACK = Track(None)
