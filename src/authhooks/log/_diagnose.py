"""The diagnosis of a refused delivery, computed off the request path.

It is ``authhooks verify``'s (``authhooks.cli._diagnosis``), run with the receiver that
refused the request: a re-serialised body, only the timestamp off (by how much, which way), a
missing or malformed header, a token for another audience. The receiver's own secrets are
used and never shown. One background thread per process works through a bounded queue: when
it is full, a refused request goes without a diagnosis.
"""

from __future__ import annotations

import copy
import os
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from authhooks._findings import Finding
from authhooks.errors import (
    PayloadError,
    SourceNotAllowedError,
    VerificationError,
    WebhookError,
)
from authhooks.schemes._base import Scheme

if TYPE_CHECKING:
    from authhooks._credentials import Clock
    from authhooks.cli._target import Target
    from authhooks.receiver import Receiver

__all__ = ["Diagnoser", "diagnose_request", "explains", "live_target"]

_QUEUE = 64


def explains(error: BaseException | None) -> bool:
    """Whether a refusal for ``error`` is worth a diagnosis: a request that did not verify,
    or an authentic one whose payload is not an event."""
    if isinstance(error, SourceNotAllowedError):
        return False
    return isinstance(error, (VerificationError, PayloadError))


def _unix(value: float | datetime) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)


def at_clock(receiver: Receiver[Any], clock: Clock) -> Receiver[Any]:
    """A copy of ``receiver`` whose schemes read the time from ``clock``.

    Each scheme keeps its time source as ``_clock``; the receiver and its schemes are copied
    (the secrets and key sets shared, not copied) and the copies' clocks replaced.
    """

    def now() -> float:
        return _unix(clock())

    copies: dict[int, Any] = {}

    def copied(obj: Any) -> Any:
        if id(obj) in copies:
            return copies[id(obj)]
        twin = copy.copy(obj)
        copies[id(obj)] = twin
        if isinstance(twin, Scheme) and hasattr(twin, "_clock"):
            twin._clock = now
        for name, value in list(getattr(twin, "__dict__", {}).items()):
            if isinstance(value, Scheme):
                setattr(twin, name, copied(value))
        return twin

    result: Receiver[Any] = copied(receiver)
    return result


def live_target(receiver: Receiver[Any]) -> Target:
    """The diagnosis's view of a running receiver: it verifies as configured (no
    credentials given), at the real time or a frozen one."""
    from authhooks import providers
    from authhooks.cli._target import Target
    from authhooks.errors import ConfigurationError
    from authhooks.webhook import Webhook

    generic = isinstance(receiver, Webhook)
    title, published = "the sender", True
    if not generic:
        try:
            entry = providers.get(receiver.provider)
        except LookupError:
            pass
        else:
            title, published = entry.title, entry.format_published

    def make_receiver(given: Any, clock: Clock | None) -> Receiver[Any]:
        return receiver if clock is None else at_clock(receiver, clock)

    def make_signer(given: Any) -> Any:
        raise ConfigurationError("a running receiver's diagnosis does not sign")

    return Target(
        name=receiver.provider,
        title=title,
        make_receiver=make_receiver,
        make_signer=make_signer,
        demo=False,
        generic=generic,
        format_published=published,
    )


def diagnose_request(
    receiver: Receiver[Any], body: bytes, headers: Mapping[str, str], error: WebhookError
) -> list[Finding]:
    """Why ``receiver`` refused this request with ``error``, as ``authhooks verify`` says it."""
    from authhooks._credentials import Given
    from authhooks.cli._diagnosis import Capture, diagnose

    target = live_target(receiver)
    capture = Capture.of(target, receiver, body, headers, headers_given=True)
    return diagnose(capture, Given(), error)


@dataclass(frozen=True)
class _Job:
    record_id: str
    receiver: Receiver[Any]
    body: bytes
    headers: Mapping[str, str]
    error: WebhookError


class Diagnoser:
    """Diagnoses refused requests on a background thread; ``done(record_id, findings)`` is
    called with each result (``fail(error)`` when a diagnosis itself failed)."""

    def __init__(
        self,
        done: Callable[[str, list[Finding], float], None],
        fail: Callable[[BaseException], None],
    ) -> None:
        self._done = done
        self._fail = fail
        self._lock = threading.Lock()
        self._pid = -1
        self._queue: queue.Queue[_Job | None] = queue.Queue(_QUEUE)
        self._thread: threading.Thread | None = None

    def submit(
        self,
        record_id: str,
        receiver: Receiver[Any],
        body: bytes,
        headers: Mapping[str, str],
        error: WebhookError,
    ) -> bool:
        """Queue a diagnosis; ``False`` when the queue is full (it is skipped)."""
        with self._lock:
            if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                self._pid = os.getpid()
                self._queue = queue.Queue(_QUEUE)
                self._thread = threading.Thread(
                    target=self._run, name="authhooks-log-diagnosis", daemon=True
                )
                self._thread.start()
        try:
            self._queue.put_nowait(_Job(record_id, receiver, body, dict(headers), error))
        except queue.Full:
            return False
        return True

    def idle(self, timeout: float) -> bool:
        """Wait until the queued diagnoses are done; ``False`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _run(self) -> None:
        jobs = self._queue
        while True:
            job = jobs.get()
            try:
                if job is None:
                    return
                started = time.perf_counter()
                findings = diagnose_request(job.receiver, job.body, job.headers, job.error)
                self._done(job.record_id, findings, time.perf_counter() - started)
            except Exception as exc:
                self._fail(exc)
            finally:
                jobs.task_done()
