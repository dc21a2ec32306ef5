"""Prometheus metrics of the delivery log:
[`PrometheusMetrics`][authhooks.log.prometheus.PrometheusMetrics].

Install it with ``pip install 'authhooks[prometheus]'``. The metrics:

- ``authhooks_deliveries_total{provider, outcome}``: deliveries answered, queue attempts and
  replays, by outcome;
- ``authhooks_verification_seconds{provider}``: reading and verifying a request;
- ``authhooks_handler_seconds{provider, outcome}``: the handler, where it ran;
- ``authhooks_handoff_failures_total{provider}``: verified deliveries the queue refused;
- ``authhooks_log_unavailable_total{kind}``: records the log could not store
  (``dropped``, ``write_failed``).
"""

from __future__ import annotations

from typing import Any

try:
    from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
except ImportError as exc:  # pragma: no cover (the extra is installed in the tests)
    raise ImportError(
        "authhooks.log.prometheus needs prometheus-client: install authhooks[prometheus] "
        "(pip install 'authhooks[prometheus]')"
    ) from exc

from authhooks.log._metrics import Metrics, Observation

__all__ = ["PrometheusMetrics"]

#: Histogram buckets, in seconds: verification takes microseconds to milliseconds (a key
#: fetch, seconds); handlers milliseconds to seconds.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class PrometheusMetrics(Metrics):
    """The delivery log's metrics in a Prometheus registry.

    ```python
    log = DeliveryLog("deliveries.db", metrics=[PrometheusMetrics()])
    ```

    Args:
        registry: where the metrics are registered (the default registry, which
            ``prometheus_client.start_http_server`` and ``make_asgi_app`` serve).
        namespace: the metrics' prefix.
    """

    def __init__(
        self, registry: CollectorRegistry = REGISTRY, namespace: str = "authhooks"
    ) -> None:
        options: dict[str, Any] = {"namespace": namespace, "registry": registry}
        self.deliveries = Counter(
            "deliveries",
            "Webhook deliveries by provider and outcome",
            ["provider", "outcome"],
            **options,
        )
        self.verification = Histogram(
            "verification_seconds",
            "Time to read and verify a webhook request",
            ["provider"],
            buckets=BUCKETS,
            **options,
        )
        self.handler = Histogram(
            "handler_seconds",
            "Time the webhook handler took",
            ["provider", "outcome"],
            buckets=BUCKETS,
            **options,
        )
        self.handoff_failures = Counter(
            "handoff_failures",
            "Verified deliveries that could not be handed to the queue",
            ["provider"],
            **options,
        )
        self.unavailable = Counter(
            "log_unavailable",
            "Delivery records the log could not store",
            ["kind"],
            **options,
        )

    def delivery(self, observation: Observation) -> None:
        """Count the delivery; observe its durations."""
        self.deliveries.labels(observation.provider, observation.outcome).inc()
        if observation.verify_seconds is not None:
            self.verification.labels(observation.provider).observe(observation.verify_seconds)
        if observation.handler_seconds is not None:
            self.handler.labels(observation.provider, observation.outcome).observe(
                observation.handler_seconds
            )

    def handoff_failed(self, provider: str, route: str | None) -> None:
        """Count a failed hand-off."""
        self.handoff_failures.labels(provider).inc()

    def log_unavailable(self, kind: str, count: int) -> None:
        """Count records the log could not store."""
        self.unavailable.labels(kind).inc(count)
