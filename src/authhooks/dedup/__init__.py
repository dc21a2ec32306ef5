"""Exactly-once handling: de-duplicate deliveries of the same event.

Providers deliver at least once: they retry on a timeout or a 5xx, and a receiver running
several processes on several machines may see the same event twice at the same moment.
[`run_once`][authhooks.dedup.run_once] and [`arun_once`][authhooks.dedup.arun_once] run a handler
once per ``(scope, event.provider, event.id)``, where ``scope`` names the endpoint (the
framework adapters pass its route):

- the first delivery *claims* the event for a processing window (``processing_timeout``);
- when the handler returns, the event is marked *done* for the retention period
  (``retention``, 7 days by default: longer than the longest provider retry schedule);
- when the handler raises, the claim is released, so the provider's retry is processed;
- a delivery of an event already done returns [`Duplicate`][authhooks.dedup.Duplicate] without
  calling the handler (answer it with 200);
- a delivery arriving while another is still processing raises
  [`EventInProgressError`][authhooks.EventInProgressError] (answer 503 with ``Retry-After``);
- when the store cannot be reached, [`StoreUnavailableError`][authhooks.StoreUnavailableError] is
  raised (answer 503 so the provider retries), unless the store was built with
  ``on_unavailable="process"``, which runs the handler without de-duplication.

Stores: [`MemoryStore`][authhooks.dedup.MemoryStore] (one process),
[`RedisStore`][authhooks.dedup.RedisStore] (several processes or machines),
[`DjangoCacheStore`][authhooks.dedup.DjangoCacheStore] (a shared Django cache). Subclass
[`DedupStore`][authhooks.dedup.DedupStore] for another backend.
"""

from __future__ import annotations

from authhooks.dedup._base import (
    DEFAULT_PROCESSING_TIMEOUT as DEFAULT_PROCESSING_TIMEOUT,
    DEFAULT_RETENTION as DEFAULT_RETENTION,
    DedupStore as DedupStore,
    OnUnavailable as OnUnavailable,
)
from authhooks.dedup._run import (
    Duplicate as Duplicate,
    arun_once as arun_once,
    run_once as run_once,
)
from authhooks.dedup.django_cache import DjangoCacheStore as DjangoCacheStore
from authhooks.dedup.memory import MemoryStore as MemoryStore
from authhooks.dedup.redis import RedisStore as RedisStore

__all__ = [
    "DEFAULT_PROCESSING_TIMEOUT",
    "DEFAULT_RETENTION",
    "DedupStore",
    "DjangoCacheStore",
    "Duplicate",
    "MemoryStore",
    "RedisStore",
    "arun_once",
    "run_once",
]
