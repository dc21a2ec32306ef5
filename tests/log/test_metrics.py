"""The metrics: Prometheus (scraped over HTTP from a real exporter) and OpenTelemetry (an SDK
reader) count deliveries by provider and outcome, time verification and handlers, count
failed hand-offs and records the log could not store; a metrics hook that raises never fails
a delivery."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

import authhooks
from authhooks.log import Change, DeliveryLog, MemoryLogStore, Metrics, Observation
from tests.log._wiring import deliver
from tests.log.conftest import KEY, sign


def _boom(event: Any) -> None:
    raise RuntimeError("handler broke")


def _traffic(log: DeliveryLog, receiver: authhooks.Userfront) -> None:
    """Two handled, one rejected, one failed delivery, and a failed hand-off."""
    good = sign()
    deliver(log, receiver, good.body, good.headers)
    deliver(log, receiver, good.body, good.headers)
    deliver(log, receiver, good.body, {"Authorization": f"Bearer {KEY}-forged"})
    deliver(log, receiver, good.body, good.headers, _boom)
    recording = log.arrived(receiver, route="/hooks/q")
    recording.received(good.body, good.headers)
    recording.accepted(receiver.verify(good.body, good.headers))
    recording.handoff_failed(RuntimeError("queue down"))


class _Down(MemoryLogStore):
    def apply(self, changes: Sequence[Change]) -> None:
        raise OSError("down")


def test_prometheus_over_http(receiver: authhooks.Userfront) -> None:
    pytest.importorskip("prometheus_client")
    from prometheus_client import CollectorRegistry, start_http_server

    from authhooks.log.prometheus import PrometheusMetrics
    from tests._servers import free_port

    registry = CollectorRegistry()
    log = DeliveryLog(_Down(), metrics=[PrometheusMetrics(registry)], logger="tests.quiet")
    _traffic(log, receiver)
    assert log.flush(10)
    port = free_port()
    server, thread = start_http_server(port, addr="127.0.0.1", registry=registry)
    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    finally:
        server.shutdown()
        thread.join(5)
    assert 'authhooks_deliveries_total{outcome="handled",provider="userfront"} 2.0' in text
    assert 'authhooks_deliveries_total{outcome="rejected",provider="userfront"} 1.0' in text
    assert 'authhooks_deliveries_total{outcome="failed",provider="userfront"} 2.0' in text
    assert 'authhooks_verification_seconds_count{provider="userfront"} 5.0' in text
    assert 'authhooks_handler_seconds_count{outcome="handled",provider="userfront"} 2.0' in text
    assert 'authhooks_handler_seconds_count{outcome="failed",provider="userfront"} 1.0' in text
    assert 'authhooks_handoff_failures_total{provider="userfront"} 1.0' in text
    # Five records and the refused one's diagnosis.
    assert 'authhooks_log_unavailable_total{kind="write_failed"} 6.0' in text
    assert KEY not in text


def test_opentelemetry(receiver: authhooks.Userfront) -> None:
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader

    from authhooks.log.otel import OpenTelemetryMetrics

    reader = InMemoryMetricReader()
    meter = MeterProvider(metric_readers=[reader]).get_meter("tests")
    log = DeliveryLog(_Down(), metrics=[OpenTelemetryMetrics(meter)], logger="tests.quiet")
    _traffic(log, receiver)
    assert log.flush(10)
    data = reader.get_metrics_data()
    assert data is not None
    points: dict[str, list[Any]] = {}
    for resource in data.resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                points[metric.name] = list(metric.data.data_points)
    counts = {point.attributes["outcome"]: point.value for point in points["authhooks.deliveries"]}
    assert counts == {"handled": 2, "rejected": 1, "failed": 2}
    assert sum(p.count for p in points["authhooks.verification.duration"]) == 5
    assert sum(p.count for p in points["authhooks.handler.duration"]) == 3
    assert [p.value for p in points["authhooks.handoff.failures"]] == [1]
    unavailable = points["authhooks.log.unavailable"]
    assert [(p.attributes["kind"], p.value) for p in unavailable] == [("write_failed", 6)]


class _Raising(Metrics):
    def delivery(self, observation: Observation) -> None:
        raise ValueError("metrics backend down")


class _Seen(Metrics):
    def __init__(self) -> None:
        self.seen: list[Observation] = []

    def delivery(self, observation: Observation) -> None:
        self.seen.append(observation)


def test_a_raising_hook_never_fails_a_delivery(
    receiver: authhooks.Userfront, caplog: pytest.LogCaptureFixture
) -> None:
    seen = _Seen()
    log = DeliveryLog(None, metrics=[_Raising(), seen], logger="tests.quiet")
    request = sign()
    with caplog.at_level(logging.WARNING, logger="authhooks.log"):
        for _ in range(3):
            started = time.perf_counter()
            status, _ = deliver(log, receiver, request.body, request.headers)
            assert status == 204
            assert time.perf_counter() - started < 0.05
    assert [o.outcome for o in seen.seen] == ["handled"] * 3  # the next hook still runs
    assert seen.seen[0].status == 204
    assert seen.seen[0].event_type == "user.create"
    assert seen.seen[0].verify_seconds is not None
    warned = [r.getMessage() for r in caplog.records if r.name == "authhooks.log"]
    assert len(warned) == 1  # throttled
    assert "ValueError" in warned[0]
