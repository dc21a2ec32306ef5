"""Where records are kept: the [`LogStore`][authhooks.log.LogStore] interface, and
[`MemoryLogStore`][authhooks.log.MemoryLogStore] (one process, for tests and trials).

The other backends: [`SqlStore`][authhooks.log.sql.SqlStore] (SQLite, PostgreSQL: SQLAlchemy
Core) and ``authhooks.django_log`` (the Django ORM).
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from authhooks.log._record import (
    SUMMARY_COLUMNS,
    Change,
    Query,
    Record,
    Step,
    record_from_row,
    request_columns_of,
    row_defaults,
)

__all__ = ["LogStore", "MemoryLogStore", "matches"]


class LogStore(ABC):
    """A backend of the delivery log.

    A store applies batches of changes (each batch in one transaction) and reads records
    back. [`DeliveryLog`][authhooks.log.DeliveryLog] calls ``apply`` from its writer thread
    only; the reading methods are called from any thread. Subclass it for another database.
    """

    @abstractmethod
    def apply(self, changes: Sequence[Change]) -> None:
        """Apply ``changes`` in order, all or none: insert each new row, update the others
        (a missing row is inserted when the change says ``create``), append the steps.

        Raises:
            Exception: any error of the backend; the writer reports it and retries.
        """

    @abstractmethod
    def get(self, record_id: str) -> Record | None:
        """The record ``record_id``, with its request (when kept) and its timeline."""

    @abstractmethod
    def find(self, query: Query) -> list[Record]:
        """The records matching ``query``, newest first, without their request or timeline."""

    @abstractmethod
    def purge(self, before: float) -> int:
        """Delete the records received before the Unix time ``before``, and their steps;
        return how many records were deleted."""

    def providers(self) -> list[str]:
        """The providers of the records kept, sorted."""
        return sorted({r.provider for r in self.find(Query(limit=1000))})

    def after_fork(self) -> None:  # noqa: B027 (optional: most stores need nothing)
        """Called in a child process that inherited this store (a pre-forking server): drop
        the connections shared with the parent."""

    def close(self) -> None:  # noqa: B027 (optional: most stores need nothing)
        """Release the store's connections."""


def matches(row: dict[str, Any], query: Query) -> bool:
    """Whether a stored row matches ``query`` (its filters; not its page)."""
    checks = (
        query.provider is None or row["provider"] == query.provider,
        not query.outcomes or row["outcome"] in query.outcomes,
        query.since is None or row["received_at"] >= query.since,
        query.until is None or row["received_at"] < query.until,
        query.route is None or row["route"] == query.route,
        query.event_id is None or row["event_id"] == query.event_id,
        query.replay_of is None or row["replay_of"] == query.replay_of,
        query.replays is None or (row["replay_of"] is not None) == query.replays,
        query.before is None or row["id"] < query.before,
    )
    return all(checks)


class MemoryLogStore(LogStore):
    """Keeps records in this process's memory: for tests, trials and ``authhooks demo``.

    Records are lost when the process ends, and not shared between processes.
    """

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, Any]] = {}
        self._steps: dict[str, list[Step]] = {}
        self._lock = threading.Lock()

    def apply(self, changes: Sequence[Change]) -> None:
        """Apply ``changes`` (see [`LogStore.apply`][authhooks.log.LogStore.apply])."""
        with self._lock:
            rows = {key: dict(row) for key, row in self._rows.items()}
            steps = {key: list(value) for key, value in self._steps.items()}
            for change in changes:
                row = rows.get(change.id)
                if row is not None and change.new:
                    if row.get("total_ms") is not None:  # a request's row: as a primary key
                        raise ValueError(f"record {change.id} exists")
                    # A worker's attempt was recorded first: the request's columns join it.
                    row.update(request_columns_of(change, time.time()))
                elif row is None:
                    if change.new or change.create:
                        rows[change.id] = row_defaults(change, time.time())
                elif change.fields or change.attempts:
                    row.update(change.fields)
                    row["attempts"] = int(row["attempts"] or 0) + change.attempts
                steps.setdefault(change.id, []).extend(change.steps)
            self._rows, self._steps = rows, steps

    def get(self, record_id: str) -> Record | None:
        """The record ``record_id`` with its request and timeline."""
        with self._lock:
            row = self._rows.get(record_id)
            if row is None:
                return None
            steps = sorted(self._steps.get(record_id, ()), key=lambda s: s.at)
            return record_from_row(dict(row), steps)

    def find(self, query: Query) -> list[Record]:
        """The records matching ``query``, newest first."""
        with self._lock:
            rows = [dict(r) for r in self._rows.values() if matches(r, query)]
        rows.sort(key=lambda r: (r["received_at"], r["id"]), reverse=True)
        return [record_from_row({k: r[k] for k in SUMMARY_COLUMNS}) for r in rows[: query.limit]]

    def purge(self, before: float) -> int:
        """Delete the records received before ``before``."""
        with self._lock:
            old = [key for key, row in self._rows.items() if row["received_at"] < before]
            for key in old:
                del self._rows[key]
                self._steps.pop(key, None)
            for key in [k for k in self._steps if k not in self._rows]:
                del self._steps[key]
            return len(old)
