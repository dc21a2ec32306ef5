"""The delivery log: a record of every delivery, what became of it, why a refused one did not
verify, and the replay of those that failed.

```python
from authhooks.log import DeliveryLog

log = DeliveryLog("deliveries.db")  # SQLite (pip install 'authhooks[log]')
```

The framework adapters take it as ``log=``; a queue's worker records its attempts with
[`DeliveryLog.resume`][authhooks.log.DeliveryLog.resume]; ``authhooks log``, ``authhooks
replay`` and ``authhooks inspect`` read it. Stores: [`SqlStore`][authhooks.log.sql.SqlStore]
(``authhooks.log.sql``: SQLite, PostgreSQL), the Django app ``authhooks.django_log``,
[`MemoryLogStore`][authhooks.log.MemoryLogStore]. Metrics:
``authhooks.log.prometheus``, ``authhooks.log.otel``, or your own
[`Metrics`][authhooks.log.Metrics].
"""

from __future__ import annotations

from authhooks.log._capture import (
    ALWAYS_REDACTED as ALWAYS_REDACTED,
    REDACTED as REDACTED,
    Kept as Kept,
    Redactor as Redactor,
    drop_fields as drop_fields,
)
from authhooks.log._log import (
    DeliveryLog as DeliveryLog,
    LogStats as LogStats,
    OnLogUnavailable as OnLogUnavailable,
)
from authhooks.log._metrics import Metrics as Metrics, Observation as Observation
from authhooks.log._queued import WorkerOutcomes as WorkerOutcomes
from authhooks.log._record import (
    OUTCOMES as OUTCOMES,
    Change as Change,
    Finding as Finding,
    Outcome as Outcome,
    Query as Query,
    Record as Record,
    Step as Step,
)
from authhooks.log._recording import Recording as Recording
from authhooks.log._replay import (
    Replayed as Replayed,
    Replayer as Replayer,
    load_object as load_object,
    replay as replay,
)
from authhooks.log._store import LogStore as LogStore, MemoryLogStore as MemoryLogStore

__all__ = [
    "ALWAYS_REDACTED",
    "OUTCOMES",
    "REDACTED",
    "Change",
    "DeliveryLog",
    "Finding",
    "Kept",
    "LogStats",
    "LogStore",
    "MemoryLogStore",
    "Metrics",
    "Observation",
    "OnLogUnavailable",
    "Outcome",
    "Query",
    "Record",
    "Recording",
    "Redactor",
    "Replayed",
    "Replayer",
    "Step",
    "WorkerOutcomes",
    "drop_fields",
    "load_object",
    "replay",
]
