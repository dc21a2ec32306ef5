"""What the logged test apps share: the receiver, the log (its store from
``AUTHHOOKS_TEST_LOG``: an SQLite path, a ``postgresql://`` URL or ``django``), the
de-duplication store, the options of each route kind, the handlers' behaviour, and the
per-delivery log records written as JSON lines to ``AUTHHOOKS_TEST_RECORDS``.

Route kinds (the last path segment): ``ok`` (answers 204), ``fail`` (raises), ``status``
(answers 503), ``custom`` (``on_error`` answers 418), ``dedup`` (a de-duplication store),
``slow`` (de-duplicated, takes 0.6 s: a second delivery meanwhile is in progress), ``proxy``
(an allow-list behind a trusted proxy); and two Supabase Auth hooks, whose answer is the
handler's: ``hook`` (answers the claims) and ``hookfail`` (raises: the failure answer).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from typing import Any

import authhooks
from authhooks.dedup import MemoryStore
from authhooks.log import DeliveryLog
from tests.log.conftest import HOOK_SECRET, KEY

KINDS = ("ok", "fail", "status", "custom", "dedup", "slow", "proxy", "hook", "hookfail")
HOOKS = ("hook", "hookfail")
SLOW = 0.6

RECEIVER = authhooks.Userfront(api_key=KEY)
HOOK_RECEIVER = authhooks.Supabase(HOOK_SECRET)
DEDUP = MemoryStore()
LOG = DeliveryLog(os.environ["AUTHHOOKS_TEST_LOG"], keep_rejected=64 * 1024)


class Boom(RuntimeError):
    """What the ``fail`` handlers raise."""


class _JsonLines(logging.Handler):
    """Writes each delivery's log record (message and extra fields) as a JSON line."""

    FIELDS = (
        "log_id", "provider", "route", "outcome", "status", "reason", "event_type",
        "event_id", "duration_ms", "client", "phase", "error_type", "error",
    )  # fmt: skip

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.lock_file = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        line = {name: getattr(record, name, None) for name in self.FIELDS}
        line["message"] = record.getMessage()
        line["level"] = record.levelname
        with self.lock_file, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")


_deliveries = logging.getLogger("authhooks.deliveries")
_deliveries.setLevel(logging.INFO)
_deliveries.propagate = False
_deliveries.addHandler(_JsonLines(os.environ["AUTHHOOKS_TEST_RECORDS"]))


def options(kind: str, on_error: Any = None) -> dict[str, Any]:
    """The adapter options of a route kind (``on_error``: the framework's 418 answer)."""
    given: dict[str, Any] = {"log": LOG}
    if kind == "custom":
        given["on_error"] = on_error
    if kind in ("dedup", "slow"):
        given["dedup"] = DEDUP
    if kind == "proxy":
        given["allow_from"] = ["203.0.113.0/24"]
        given["trusted_proxies"] = ["127.0.0.1"]
    return given


def receiver(kind: str) -> Any:
    """The receiver of a route kind."""
    return HOOK_RECEIVER if kind in HOOKS else RECEIVER


def hook_answer(kind: str, event: Any) -> Any:
    """What a hook's handler returns (``hookfail``: raises)."""
    if kind == "hookfail":
        raise Boom("the hook's handler broke")
    return event.answer()


def outcome(kind: str) -> int | None:
    """What the handler of ``kind`` does: ``None`` (answers 204), a failure status to
    answer, or raises ``Boom``. Blocking: the ``slow`` kind sleeps (sync handlers only)."""
    if kind == "fail":
        raise Boom("the handler broke")
    if kind == "status":
        return 503
    if kind == "slow":
        import time

        time.sleep(SLOW)
    return None
