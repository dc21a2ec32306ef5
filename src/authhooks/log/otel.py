"""OpenTelemetry metrics of the delivery log:
[`OpenTelemetryMetrics`][authhooks.log.otel.OpenTelemetryMetrics].

Install it with ``pip install 'authhooks[otel]'`` (the API; the SDK and an exporter are the
application's choice). The instruments:

- ``authhooks.deliveries`` (counter; ``provider``, ``outcome``);
- ``authhooks.verification.duration`` (histogram, s; ``provider``);
- ``authhooks.handler.duration`` (histogram, s; ``provider``, ``outcome``);
- ``authhooks.handoff.failures`` (counter; ``provider``);
- ``authhooks.log.unavailable`` (counter; ``kind``: ``dropped``, ``write_failed``).
"""

from __future__ import annotations

try:
    from opentelemetry import metrics as otel_metrics
except ImportError as exc:  # pragma: no cover (the extra is installed in the tests)
    raise ImportError(
        "authhooks.log.otel needs the OpenTelemetry API: install authhooks[otel] "
        "(pip install 'authhooks[otel]')"
    ) from exc

from authhooks.log._metrics import Metrics, Observation

__all__ = ["OpenTelemetryMetrics"]


class OpenTelemetryMetrics(Metrics):
    """The delivery log's metrics as OpenTelemetry instruments.

    ```python
    log = DeliveryLog("deliveries.db", metrics=[OpenTelemetryMetrics()])
    ```

    Args:
        meter: the meter to create the instruments on (default: the global meter
            provider's ``authhooks`` meter).
    """

    def __init__(self, meter: otel_metrics.Meter | None = None) -> None:
        from authhooks import __version__

        meter = meter or otel_metrics.get_meter("authhooks", __version__)
        self.deliveries = meter.create_counter(
            "authhooks.deliveries", unit="{delivery}", description="Webhook deliveries"
        )
        self.verification = meter.create_histogram(
            "authhooks.verification.duration",
            unit="s",
            description="Time to read and verify a webhook request",
        )
        self.handler = meter.create_histogram(
            "authhooks.handler.duration", unit="s", description="Time the webhook handler took"
        )
        self.handoff_failures = meter.create_counter(
            "authhooks.handoff.failures",
            unit="{delivery}",
            description="Verified deliveries that could not be handed to the queue",
        )
        self.unavailable = meter.create_counter(
            "authhooks.log.unavailable",
            unit="{record}",
            description="Delivery records the log could not store",
        )

    def delivery(self, observation: Observation) -> None:
        """Count the delivery; record its durations."""
        provider = {"provider": observation.provider}
        self.deliveries.add(1, {**provider, "outcome": observation.outcome})
        if observation.verify_seconds is not None:
            self.verification.record(observation.verify_seconds, provider)
        if observation.handler_seconds is not None:
            self.handler.record(
                observation.handler_seconds, {**provider, "outcome": observation.outcome}
            )

    def handoff_failed(self, provider: str, route: str | None) -> None:
        """Count a failed hand-off."""
        self.handoff_failures.add(1, {"provider": provider})

    def log_unavailable(self, kind: str, count: int) -> None:
        """Count records the log could not store."""
        self.unavailable.add(count, {"kind": kind})
