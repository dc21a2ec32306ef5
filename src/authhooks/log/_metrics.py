"""The metrics hook: [`Metrics`][authhooks.log.Metrics], given each delivery's
[`Observation`][authhooks.log.Observation].

[`PrometheusMetrics`][authhooks.log.prometheus.PrometheusMetrics] and
[`OpenTelemetryMetrics`][authhooks.log.otel.OpenTelemetryMetrics] implement it; subclass it for
any other backend (StatsD, a vendor's agent): override the methods you need, each is called
on the thread that recorded the delivery and must return quickly. An exception from a hook
is logged and otherwise ignored: metrics never fail a delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Metrics", "Observation"]


@dataclass(frozen=True)
class Observation:
    """One delivery's outcome, as the metrics see it (no body, header or secret).

    Attributes:
        provider: the receiver's provider.
        route: the endpoint, when known.
        outcome: ``accepted``, ``rejected``, ``duplicate``, ``in_progress``, ``handled``,
            ``failed`` or ``dead_letter``.
        status: the HTTP status answered, when one was.
        reason: the reason code of a refusal or failure.
        event_type: the event's type (empty when it did not parse).
        verify_seconds: how long reading and verifying took (the request's answer only).
        handler_seconds: how long the handler took, when it ran.
        total_seconds: from arrival to this observation.
        phase: ``"request"`` (the answer to the provider), ``"worker"`` (a queue's attempt)
            or ``"replay"``.
    """

    provider: str
    route: str | None
    outcome: str
    status: int | None
    reason: str | None
    event_type: str
    verify_seconds: float | None
    handler_seconds: float | None
    total_seconds: float | None
    phase: Literal["request", "worker", "replay"] = "request"


class Metrics:
    """The hook a metrics backend implements. Every method does nothing by default."""

    def delivery(self, observation: Observation) -> None:
        """A delivery was answered, or a queue's attempt or a replay finished."""

    def handoff_failed(self, provider: str, route: str | None) -> None:
        """A verified delivery could not be handed to the queue."""

    def log_unavailable(self, kind: str, count: int) -> None:
        """The log could not store ``count`` records: ``kind`` is ``"dropped"`` (its queue
        was full) or ``"write_failed"`` (the store failed)."""
