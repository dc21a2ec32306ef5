"""Writing never loses or delays an answer beyond a bound: a store that fails, hangs or is
unreachable is reported (a throttled warning, the metrics, ``stats``) and the deliveries are
answered all the same, unless the log must record them (``on_unavailable="fail"``), which
then answers 503 within its timeout."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import authhooks
from authhooks.log import Change, DeliveryLog, MemoryLogStore, Metrics
from tests._servers import free_port
from tests.log._wiring import deliver
from tests.log.conftest import sign

#: The most a request-path call may take while the store misbehaves (generous for CI).
BOUND = 0.05


class Failing(MemoryLogStore):
    """A store whose writes fail while ``down`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.down = threading.Event()
        self.down.set()

    def apply(self, changes: Sequence[Change]) -> None:
        if self.down.is_set():
            raise OSError("disk full")
        super().apply(changes)


class Hanging(MemoryLogStore):
    """A store whose writes wait until ``release`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def apply(self, changes: Sequence[Change]) -> None:
        self.release.wait(30)
        super().apply(changes)


class Counted(Metrics):
    def __init__(self) -> None:
        self.unavailable: dict[str, int] = {}

    def log_unavailable(self, kind: str, count: int) -> None:
        self.unavailable[kind] = self.unavailable.get(kind, 0) + count


def _timed(log: DeliveryLog, receiver: Any, count: int) -> list[float]:
    request = sign()
    took = []
    for _ in range(count):
        started = time.perf_counter()
        status, _ = deliver(log, receiver, request.body, request.headers)
        took.append(time.perf_counter() - started)
        assert status == 204
    return took


@pytest.fixture
def hanging() -> Iterator[Hanging]:
    store = Hanging()
    yield store
    store.release.set()


def test_a_failing_store_is_reported_and_costs_nothing(
    receiver: authhooks.Userfront, caplog: pytest.LogCaptureFixture
) -> None:
    store = Failing()
    metrics = Counted()
    log = DeliveryLog(store, metrics=[metrics], logger="tests.quiet")
    with caplog.at_level(logging.WARNING, logger="authhooks.log"):
        took = _timed(log, receiver, 20)
        assert log.flush(10)
    assert max(took) < BOUND
    assert log.stats.failed == 20
    assert not log.stats.healthy
    assert metrics.unavailable == {"write_failed": 20}
    warned = [r for r in caplog.records if r.name == "authhooks.log"]
    assert 1 <= len(warned) <= 2  # throttled: not one per record
    assert "could not be written" in warned[0].getMessage()
    assert "OSError: disk full" in warned[0].getMessage()

    store.down.clear()  # the store is back
    with caplog.at_level(logging.WARNING, logger="authhooks.log"):
        _timed(log, receiver, 1)
        assert log.flush()
    assert log.stats.healthy
    assert "works again" in caplog.text
    assert len(log.find()) == 1
    log.close()


def test_a_hanging_store_never_blocks_an_answer(
    receiver: authhooks.Userfront, hanging: Hanging
) -> None:
    metrics = Counted()
    log = DeliveryLog(hanging, queue_size=20, metrics=[metrics], logger="tests.quiet")
    took = _timed(log, receiver, 200)
    assert max(took) < BOUND
    assert log.stats.dropped >= 150
    assert metrics.unavailable["dropped"] == log.stats.dropped
    hanging.release.set()
    assert log.flush(10)
    assert len(log.find(limit=1000)) == 200 - log.stats.dropped  # all the others are written
    log.close()


def test_fail_mode_answers_503_within_its_timeout(
    receiver: authhooks.Userfront, hanging: Hanging
) -> None:
    log = DeliveryLog(hanging, on_unavailable="fail", timeout=0.2, logger="tests.quiet")
    handled: list[Any] = []
    request = sign()
    started = time.perf_counter()
    status, _ = deliver(log, receiver, request.body, request.headers, handled.append)
    elapsed = time.perf_counter() - started
    assert status == 503
    assert handled == []  # the handler did not run
    assert 0.2 <= elapsed < 0.2 + BOUND * 4


def test_fail_mode_with_a_failing_store(receiver: authhooks.Userfront) -> None:
    store = Failing()
    log = DeliveryLog(store, on_unavailable="fail", timeout=2.0, logger="tests.quiet")
    handled: list[Any] = []
    request = sign()
    status, record_id = deliver(log, receiver, request.body, request.headers, handled.append)
    assert (status, handled) == (503, [])
    assert log.flush(10)
    assert store.get(record_id) is None  # the store was down
    store.down.clear()
    status, record_id = deliver(log, receiver, request.body, request.headers, handled.append)
    assert status == 204
    assert len(handled) == 1
    assert log.flush(10)
    stored = store.get(record_id)
    assert stored is not None
    assert stored.outcome == "handled"
    log.close()


def test_process_mode_handles_the_delivery_all_the_same(receiver: authhooks.Userfront) -> None:
    log = DeliveryLog(Failing(), logger="tests.quiet")
    handled: list[Any] = []
    request = sign()
    status, _ = deliver(log, receiver, request.body, request.headers, handled.append)
    assert (status, len(handled)) == (204, 1)


def test_an_unreachable_postgresql_is_reported(receiver: authhooks.Userfront) -> None:
    from authhooks.log.sql import SqlStore

    url = f"postgresql://nobody@127.0.0.1:{free_port()}/none"
    store = SqlStore(url, create=False, connect_timeout=1)
    log = DeliveryLog(store, logger="tests.quiet")
    took = _timed(log, receiver, 5)
    assert max(took) < BOUND
    assert log.flush(10)
    assert log.stats.failed == 5
    log.close()


def test_one_bad_change_does_not_lose_the_batch(tmp_path: Path) -> None:
    from authhooks.log.sql import SqlStore

    reports: list[tuple[str, int]] = []
    log = DeliveryLog(SqlStore(tmp_path / "b.db"), logger="tests.quiet")
    writer = log._writer
    assert writer is not None
    writer._report = lambda kind, count, error: reports.append((kind, count))
    now = time.time()
    good = {"received_at": now, "updated_at": now, "provider": "p", "outcome": "handled"}
    changes = [Change(f"{i:026d}", dict(good), new=True) for i in range(5)]
    changes[2].fields["provider"] = None  # NOT NULL: this one cannot be written
    assert not writer._apply(changes)
    assert reports == [("write_failed", 1)]
    assert len(log.find()) == 4
    log.close()


def test_old_records_are_purged(tmp_path: Path, receiver: authhooks.Userfront) -> None:
    from datetime import timedelta

    now = [time.time()]
    log = DeliveryLog(
        tmp_path / "r.db",
        retention=timedelta(hours=1),
        clock=lambda: now[0],
        logger="tests.quiet",
    )
    request = sign()
    deliver(log, receiver, request.body, request.headers)
    assert log.flush()
    now[0] += 7200
    deliver(log, receiver, request.body, request.headers)
    assert log.flush()
    assert log.purge() == 1
    assert len(log.find()) == 1
    log.close()


def test_a_forked_child_writes_with_its_own_writer(
    tmp_path: Path, receiver: authhooks.Userfront
) -> None:
    import multiprocessing

    log = DeliveryLog(tmp_path / "fork.db", logger="tests.quiet")
    request = sign()
    deliver(log, receiver, request.body, request.headers)  # the parent's writer runs
    assert log.flush()

    def child() -> None:
        deliver(log, receiver, request.body, request.headers)
        log.close()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads running
        process = multiprocessing.get_context("fork").Process(target=child)
        process.start()
        process.join(30)
    assert process.exitcode == 0
    assert len(log.find()) == 2
    log.close()


def test_records_are_written_at_exit(tmp_path: Path) -> None:
    code = (
        "import sys, authhooks\n"
        "from authhooks.log import DeliveryLog\n"
        "from tests.log._wiring import deliver\n"
        "from tests.log.conftest import sign, KEY\n"
        "log = DeliveryLog(sys.argv[1])\n"
        "r = sign()\n"
        "for _ in range(50):\n"
        "    deliver(log, authhooks.Userfront(api_key=KEY), r.body, r.headers)\n"
    )
    path = tmp_path / "exit.db"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, cwd=root, timeout=60)
    log = DeliveryLog(path)
    assert len(log.find(limit=100)) == 50
    log.close()
