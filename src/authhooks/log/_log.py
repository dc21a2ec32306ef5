"""The delivery log: [`DeliveryLog`][authhooks.log.DeliveryLog], its policy (what is kept,
for how long, what happens when the store is down) and the per-delivery log record."""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import secrets
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from authhooks._time import Seconds, seconds
from authhooks.errors import ConfigurationError, WebhookError
from authhooks.log._capture import Kept, Redactor
from authhooks.log._metrics import Metrics, Observation
from authhooks.log._record import Change, Finding, Query, Record, Step, findings_json
from authhooks.log._recording import Recording
from authhooks.log._report import Reporter
from authhooks.log._store import LogStore
from authhooks.log._writer import Writer

if TYPE_CHECKING:
    from authhooks.delivery import Delivery
    from authhooks.receiver import Receiver

__all__ = ["DeliveryLog", "LogStats", "OnLogUnavailable", "new_id", "open_store"]

#: What a genuine delivery does when the log cannot record it: ``"process"`` (handle it all
#: the same; the failure is reported) or ``"fail"`` (answer 503 so the provider retries).
OnLogUnavailable = Literal["process", "fail"]

DEFAULT_RETENTION = 30 * 24 * 3600.0
DEFAULT_KEEP_REJECTED = 64 * 1024


def new_id(now: float | None = None) -> str:
    """A new record id: 26 hexadecimal digits, the first 12 the time in milliseconds (so
    ids sort by arrival), the rest random."""
    millis = int((time.time() if now is None else now) * 1000)
    return f"{millis:012x}{secrets.token_hex(7)}"


def open_store(spec: LogStore | str | os.PathLike[str]) -> LogStore:
    """The store named by ``spec``: a store as it is, a file path (SQLite), an SQLAlchemy
    URL (``sqlite:///...``, ``postgresql://...``) or ``"django"`` (the Django app's)."""
    if isinstance(spec, LogStore):
        return spec
    if spec == "django":
        from authhooks.django_log.store import DjangoStore

        return DjangoStore()
    from authhooks.log.sql import SqlStore

    return SqlStore(spec)


@dataclass(frozen=True)
class LogStats:
    """How the log's writing goes, since it was built.

    Attributes:
        pending: records waiting to be written.
        dropped: records dropped because the queue was full.
        failed: records the store could not write.
        healthy: whether the last write succeeded.
    """

    pending: int
    dropped: int
    failed: int
    healthy: bool


class DeliveryLog:
    """Records every delivery: what arrived, what became of it, and what is needed to look
    into it and replay it.

    ```python
    from authhooks.log import DeliveryLog

    log = DeliveryLog("deliveries.db")  # SQLite; or a URL, or a LogStore
    ```

    Writing never delays an answer: records go to a background writer through a bounded
    queue. A store that is down is reported (a warning at most every 10 s, the
    ``log_unavailable`` metric) and the deliveries are handled all the same, unless
    ``on_unavailable="fail"``.

    Args:
        store: where records go: a [`LogStore`][authhooks.log.LogStore], a file path
            (SQLite), an SQLAlchemy URL (``postgresql://user@host/db``), ``"django"`` (the
            ``authhooks.django_log`` app), or ``None`` for the log record and metrics only.
        keep_accepted: keep the body and headers of verified deliveries (what a replay
            parses again).
        keep_rejected: keep the body and headers of refused requests up to this many bytes
            (``0``: never); their diagnosis needs them.
        keep_signatures: keep the signature header of a refused request whose check covers
            the body (an HMAC; never a secret, nor a token that proves the sender alone),
            so that ``authhooks verify --from-log`` can check it with other credentials.
        redact: a hook given what is about to be stored, returning what to store instead
            (see [`drop_fields`][authhooks.log.drop_fields]); an exception from it stores
            none of the request.
        retention: how long records are kept, in seconds or a ``timedelta`` (30 days).
        on_unavailable: ``"process"`` (default): a delivery the log cannot record is
            handled all the same; ``"fail"``: ``Recording.accepted`` waits until the
            delivery is stored (at most ``timeout``), else raises
            [`LogUnavailableError`][authhooks.LogUnavailableError] (answer 503).
        timeout: the longest ``accepted`` waits, with ``on_unavailable="fail"``.
        queue_size: records waiting to be written at most; more are dropped (and reported).
        diagnose: compute the diagnosis of refused requests whose body was kept.
        metrics: metrics backends (``PrometheusMetrics``, ``OpenTelemetryMetrics``, your
            own [`Metrics`][authhooks.log.Metrics]).
        logger: the logger of the one record per delivery (``authhooks.deliveries``).
        clock: the current Unix time (injectable for tests).
    """

    def __init__(
        self,
        store: LogStore | str | os.PathLike[str] | None,
        *,
        keep_accepted: bool = True,
        keep_rejected: int = DEFAULT_KEEP_REJECTED,
        keep_signatures: bool = False,
        redact: Redactor | None = None,
        retention: Seconds = DEFAULT_RETENTION,
        on_unavailable: OnLogUnavailable = "process",
        timeout: float = 2.0,
        queue_size: int = 10_000,
        diagnose: bool = True,
        metrics: Iterable[Metrics] = (),
        logger: logging.Logger | str = "authhooks.deliveries",
        clock: Callable[[], float] = time.time,
    ) -> None:
        if on_unavailable not in ("process", "fail"):
            raise ConfigurationError('on_unavailable must be "process" or "fail"')
        for name, value in (("keep_rejected", keep_rejected), ("queue_size", queue_size)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigurationError(f"{name} must be a whole number, 0 or more")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ConfigurationError("timeout must be a positive number of seconds")
        if redact is not None and not callable(redact):
            raise ConfigurationError("redact must be a callable")
        self.store = None if store is None else open_store(store)
        self.keep_accepted = bool(keep_accepted)
        self.keep_rejected = keep_rejected
        self.keep_signatures = bool(keep_signatures)
        self.redact = redact
        self.retention = seconds(retention, "retention")
        self.on_unavailable: OnLogUnavailable = on_unavailable
        self.timeout = float(timeout)
        self.metrics = tuple(metrics)
        self.logger = logging.getLogger(logger) if isinstance(logger, str) else logger
        self.clock = clock
        self._diagnose = diagnose
        self._reporter = Reporter(self.logger, self.metrics)
        self._writer = (
            None
            if self.store is None
            else Writer(
                self.store,
                queue_size=max(1, queue_size),
                report=self._reporter.trouble,
                purge=self.purge,
            )
        )
        from authhooks.log._diagnose import Diagnoser

        self._diagnoser = Diagnoser(self._diagnosed, self._diagnosis_failed)
        atexit.register(_close_at_exit, weakref.ref(self))

    # -- recording ------------------------------------------------------------------------

    def arrived(
        self,
        receiver: Receiver[Any],
        *,
        route: str | None = None,
        client: str | None = None,
    ) -> Recording:
        """A request arrived for ``receiver``: the recording of its delivery.

        Args:
            receiver: the receiver that will verify it.
            route: the endpoint's route (the de-duplication scope: ``request_route``,
                ``asgi_route``).
            client: the client's address (after the trusted proxies).
        """
        return Recording(
            self,
            record_id=new_id(self.clock()),
            phase="request",
            receiver=receiver,
            route=route,
            client=client,
        )

    def resume(self, delivery: Delivery) -> Recording:
        """A queue's worker is about to handle ``delivery``: the recording of this attempt
        (call ``handled``, ``failed`` or ``dead_letter`` on it).

        The record is the one whose id the delivery carries (``Recording.delivery`` sets
        ``attributes["log_id"]``); a delivery without one gets a record named after its
        content, the same for every attempt of one job.
        """
        log_id = delivery.attributes.get("log_id")
        known = isinstance(log_id, str) and len(log_id) == 26
        received_at = delivery.received_at or self.clock()
        if not known:
            # Queued without a record (not through an adapter with this log): every attempt
            # of the same job finds the same record, named after the job's content.
            digest = hashlib.sha256(delivery.to_json()).hexdigest()[:14]
            log_id = f"{int(received_at * 1000):012x}{digest}"
        base = {
            "received_at": received_at,
            "provider": delivery.provider,
            "route": delivery.route,
            "event_type": delivery.event_type,
            "event_id": delivery.event_id,
            "delivery_id": delivery.delivery_id,
        }
        return Recording(
            self,
            record_id=str(log_id),
            phase="worker",
            received_at=received_at,
            base=base,
            delivery=delivery,
        )

    def replaying(self, record: Record) -> Recording:
        """The recording of a replay of ``record`` (a new record, ``replay_of`` set)."""
        base = {
            "provider": record.provider,
            "route": record.route,
            "event_type": record.event_type,
            "event_id": record.event_id,
            "delivery_id": record.delivery_id,
            "replay_of": record.id,
        }
        now = self.clock()
        return Recording(
            self,
            record_id=new_id(now),
            phase="replay",
            received_at=now,
            base=base,
            delivery=record.delivery,
        )

    def note(self, record_id: str, step: str, detail: str = "") -> None:
        """Append a step to the timeline of the record ``record_id``."""
        self.put(Change(record_id, steps=[Step(step, self.clock(), None, detail)]))

    # -- reading --------------------------------------------------------------------------

    def get(self, record_id: str) -> Record | None:
        """The record ``record_id`` with its request and timeline, or ``None``."""
        return None if self.store is None else self.store.get(record_id)

    def find(self, query: Query | None = None, **filters: Any) -> list[Record]:
        """The records matching ``query`` (or ``Query(**filters)``), newest first."""
        if self.store is None:
            return []
        return self.store.find(query if query is not None else Query(**filters))

    def purge(self) -> int:
        """Delete the records older than the retention period; return how many."""
        if self.store is None:
            return 0
        return self.store.purge(self.clock() - self.retention)

    @property
    def stats(self) -> LogStats:
        """How the writing goes."""
        writer = self._writer
        return LogStats(
            pending=0 if writer is None else writer.pending,
            dropped=self._reporter.counts["dropped"],
            failed=self._reporter.counts["write_failed"],
            healthy=writer is None or not writer.failing,
        )

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until the records so far (and their diagnoses) are written; ``False`` when
        that takes longer than ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        if not self._diagnoser.idle(timeout):
            return False
        if self._writer is None:
            return True
        return self._writer.flush(max(0.0, deadline - time.monotonic()))

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (at most ``timeout`` seconds), stop the writer, release the
        store."""
        if self._writer is not None:
            self._diagnoser.idle(timeout)
            self._writer.close(timeout)
        if self.store is not None:
            self.store.close()

    # -- what recordings call -------------------------------------------------------------

    @property
    def stores(self) -> bool:
        """Whether records are stored (``False``: the log record and the metrics only)."""
        return self._writer is not None

    @property
    def must_record(self) -> bool:
        """Whether a delivery the log cannot record is refused (``on_unavailable="fail"``)."""
        return self.on_unavailable == "fail" and self._writer is not None

    def put(self, change: Change) -> None:
        """Queue a change for the writer."""
        if self._writer is not None:
            self._writer.put(change)

    def write_now(self, change: Change) -> bool:
        """Write a change and wait for it (at most ``timeout``)."""
        return self._writer is None or self._writer.write(change, self.timeout)

    def apply_redaction(self, kept: Kept) -> Kept | None:
        """The redaction hook's answer; ``None`` (store nothing) when it raises."""
        if self.redact is None:
            return kept
        try:
            return self.redact(kept)
        except Exception as exc:
            self._reporter.warn(
                "redact",
                f"the redaction hook raised {type(exc).__name__}; the request was not stored",
            )
            return None

    def diagnose_later(
        self,
        record_id: str,
        receiver: Receiver[Any],
        body: bytes,
        headers: Mapping[str, str] | Iterable[tuple[str, str]] | None,
        error: WebhookError,
    ) -> None:
        """Queue the diagnosis of a refused request (when it is worth one)."""
        from authhooks.log._diagnose import explains

        if not self._diagnose or self._writer is None or not explains(error):
            return
        given = headers if isinstance(headers, Mapping) else dict(headers or ())
        self._diagnoser.submit(record_id, receiver, body, given, error)

    def observe(self, recording: Recording, seen: Observation, error: BaseException | None) -> None:
        """Emit the log record and the metrics of one answer."""
        self._reporter.answered(recording.id, recording._base, seen, error)

    def observe_handoff_failure(self, provider: str, route: str | None) -> None:
        """Tell the metrics a hand-off to the queue failed."""
        self._reporter.handoff_failed(provider, route)

    def _diagnosed(self, record_id: str, findings: list[Finding], took: float) -> None:
        codes = ", ".join(f.code for f in findings)
        self.put(
            Change(
                record_id,
                fields={"diagnosis": findings_json(findings)},
                steps=[Step("diagnosed", self.clock(), None, codes)],
            )
        )

    def _diagnosis_failed(self, error: BaseException) -> None:
        self._reporter.warn("diagnosis", f"a diagnosis failed: {type(error).__name__}")


def _close_at_exit(ref: weakref.ref[DeliveryLog]) -> None:
    log = ref()
    if log is not None:
        log.close(timeout=2.0)
