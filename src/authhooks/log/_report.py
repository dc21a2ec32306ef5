"""What the log tells the outside: one log record per answer, the metrics, and warnings
about its own troubles (at most one every 10 s per kind)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from authhooks.errors import WebhookError
from authhooks.log._capture import bounded
from authhooks.log._metrics import Metrics, Observation

__all__ = ["Reporter"]

_internal = logging.getLogger("authhooks.log")
_WARN_EVERY = 10.0
_LEVELS = {"rejected": logging.WARNING, "failed": logging.ERROR, "dead_letter": logging.ERROR}
_TROUBLES = {
    "dropped": "records dropped: the log's queue is full (its store is too slow or down)",
    "write_failed": "records could not be written to the delivery log's store",
    "purge_failed": "old records could not be purged",
}


def _message(error: BaseException | None) -> str | None:
    if not isinstance(error, WebhookError) or not error.message:
        return None
    return bounded(error.message, 300)


class Reporter:
    """Emits a log's records, metrics and warnings."""

    def __init__(self, logger: logging.Logger, metrics: Sequence[Metrics]) -> None:
        self.logger = logger
        self.metrics = tuple(metrics)
        self.counts = {"dropped": 0, "write_failed": 0}
        self._warned: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def answered(
        self,
        log_id: str,
        base: Mapping[str, Any],
        seen: Observation,
        error: BaseException | None,
    ) -> None:
        """The log record and the metrics of one answer (never a body, header or secret)."""
        level = _LEVELS.get(seen.outcome, logging.INFO)
        if self.logger.isEnabledFor(level):
            duration = seen.total_seconds if seen.phase == "request" else seen.handler_seconds
            extra = {
                "log_id": log_id,
                "provider": seen.provider,
                "route": seen.route,
                "outcome": seen.outcome,
                "status": seen.status,
                "reason": seen.reason,
                "event_type": base.get("event_type") or None,
                "event_id": base.get("event_id") or None,
                "duration_ms": None if duration is None else round(duration * 1000, 3),
                "client": base.get("client"),
                "phase": seen.phase,
                "error_type": None if error is None else type(error).__name__,
                # An authhooks error's message names what was wrong, never a secret; any
                # other exception's may hold anything (a body's values): its type only.
                "error": _message(error),
            }
            self.logger.log(
                level,
                "webhook %s %s %s -> %s %s%s%s",
                seen.phase,
                seen.provider,
                seen.route or "-",
                seen.outcome,
                "-" if seen.status is None else seen.status,
                f" {seen.reason}" if seen.reason else "",
                f": {extra['error']}" if extra["error"] else "",
                extra=extra,
            )
        for metrics in self.metrics:
            self.call(metrics.delivery, seen)

    def handoff_failed(self, provider: str, route: str | None) -> None:
        """Tell the metrics a hand-off to the queue failed."""
        for metrics in self.metrics:
            self.call(metrics.handoff_failed, provider, route)

    def trouble(self, kind: str, count: int, error: BaseException | None) -> None:
        """The writer's report (see ``authhooks.log._writer.Report``)."""
        if kind == "recovered":
            _internal.warning("the delivery log's store works again")
            return
        with self._lock:
            if kind in self.counts:
                self.counts[kind] += count
        detail = "" if error is None else f" ({type(error).__name__}: {str(error)[:200]})"
        self.warn(kind, f"{_TROUBLES.get(kind, kind)}{detail}", count)
        if kind in self.counts:
            for metrics in self.metrics:
                self.call(metrics.log_unavailable, kind, count)

    def call(self, hook: Callable[..., None], *args: Any) -> None:
        """Call a metrics hook; an exception is warned about, never raised."""
        try:
            hook(*args)
        except Exception as exc:
            self.warn("metrics", f"a metrics hook raised {type(exc).__name__}: {exc}")

    def warn(self, kind: str, message: str, count: int = 1) -> None:
        """Log ``message`` at most every 10 s per kind, with how many times it happened."""
        now = time.monotonic()
        with self._lock:
            last, pending = self._warned.get(kind, (-_WARN_EVERY, 0))
            pending += count
            if now - last < _WARN_EVERY:
                self._warned[kind] = (last, pending)
                return
            self._warned[kind] = (now, 0)
        _internal.warning("%s (%d in all since the last warning)", message, pending)
