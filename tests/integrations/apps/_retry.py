"""Handlers that fail a delivery once, as the payload asks, then succeed on the retry.

The payload's ``record.fail`` names the first answer: a status (``"500"``, ``"503"``,
``"400"``), ``"raise"``, or for FastAPI ``"http-503"`` (an ``HTTPException``) and
``"set-503"`` (a status set on the injected ``Response``). Every later run succeeds and
answers how many runs the event has had. The de-duplication store comes from the
environment: ``AUTHHOOKS_TEST_REDIS_SOCKET`` names a Redis socket, else a ``MemoryStore``.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from typing import Any

import authhooks
from authhooks.dedup import DedupStore, MemoryStore, RedisStore
from authhooks.testing import sign_userfront

API_KEY = "uf_retry_key_0123456789"
RECEIVER = authhooks.Userfront(api_key=API_KEY)
RUNS: Counter[str] = Counter()


class Failed(RuntimeError):
    """What a handler asked to ``"raise"`` raises."""


def store_from_environment() -> DedupStore:
    """A ``RedisStore`` on an asyncio client when a socket is named, else a ``MemoryStore``."""
    socket = os.environ.get("AUTHHOOKS_TEST_REDIS_SOCKET")
    if not socket:
        return MemoryStore()
    import redis.asyncio

    return RedisStore(redis.asyncio.Redis(unix_socket_path=socket), prefix=uuid.uuid4().hex)


def first_failure(event: Any) -> str | None:
    """Count a run of ``event``; what it should fail with, on its first run only (raising
    :class:`Failed` itself for ``"raise"``)."""
    RUNS[event.id] += 1
    fail: str | None = event.raw["record"].get("fail") if RUNS[event.id] == 1 else None
    if fail == "raise":
        raise Failed("the handler failed")
    return fail


def first_status(fail: str) -> int:
    """The status the first delivery of an event asking to fail with ``fail`` gets."""
    return 500 if fail == "raise" else int(fail.rpartition("-")[2])


def delivery(fail: str) -> tuple[bytes, dict[str, str]]:
    """A genuine delivery of a new event asking to fail first with ``fail``."""
    payload = {"action": "create", "model": "user", "record": {"id": uuid.uuid4().hex}}
    payload["record"]["fail"] = fail
    request = sign_userfront(payload, api_key=API_KEY)
    return request.body, dict(request.headers)
