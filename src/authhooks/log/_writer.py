"""The log's writer: one background thread per process applies the records in batches, so
that a request never waits on the database.

A record is handed over with ``put`` (never blocks: a full queue drops it, and says so) or,
when the log must not lose a delivery, ``write`` (waits until it is stored, at most a given
time). A batch that fails is retried a few times, then reported and dropped, so that a log
that is down costs the requests nothing. The thread is started on first use in each process,
again in a child after a fork. A fork waits for the batch being written (SQLite's in-process
locks would otherwise stay held in the child, which would hang on its first write).
"""

from __future__ import annotations

import os
import queue
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from authhooks.log._record import Change
from authhooks.log._store import LogStore

__all__ = ["Report", "Writer"]

#: ``report(kind, count, error)``: ``kind`` is ``"dropped"`` (the queue was full),
#: ``"write_failed"`` (a batch could not be stored), ``"recovered"`` (a write succeeded after
#: failures) or ``"purge_failed"``.
Report = Callable[[str, int, "BaseException | None"], None]

_BATCH = 256
_RETRY_DELAYS = (0.05, 0.25)
#: A failed batch is written change by change unless its first this many all fail.
_PROBES = 3
#: The longest a fork waits for the batch being written.
_FORK_WAIT = 5.0

_WRITERS: weakref.WeakSet[Writer] = weakref.WeakSet()


def _before_fork() -> None:
    for writer in list(_WRITERS):
        writer._held = writer._busy.acquire(timeout=_FORK_WAIT)


def _after_fork() -> None:
    for writer in list(_WRITERS):
        if writer._held:
            writer._held = False
            writer._busy.release()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(
        before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork
    )


@dataclass
class _Item:
    change: Change | None  # None: a flush marker
    done: threading.Event | None = None
    ok: bool = False


class _Stop:
    pass


class Writer:
    """Applies changes to a store from a background thread."""

    def __init__(
        self,
        store: LogStore,
        *,
        queue_size: int,
        report: Report,
        purge: Callable[[], object] | None = None,
        purge_interval: float = 3600.0,
    ) -> None:
        self.store = store
        self._size = queue_size
        self._report = report
        self._purge: Callable[[], object] | None = purge
        self._purge_interval = purge_interval
        self._lock = threading.Lock()
        #: Held while the store is written to (and by a fork, which waits for it).
        self._busy = threading.Lock()
        self._held = False
        self.failing = False
        _WRITERS.add(self)
        self._start()

    def _start(self) -> None:
        self._pid = os.getpid()
        self._queue: queue.Queue[_Item | _Stop] = queue.Queue(self._size)
        self._thread: threading.Thread | None = None
        self._last_purge = float("-inf")  # the first purge soon after the start

    def _ensure(self) -> None:
        if self._pid != os.getpid():
            with self._lock:
                if self._pid != os.getpid():  # a child of a fork: the thread stayed behind
                    self.store.after_fork()
                    self._start()
        thread = self._thread
        if thread is None or not thread.is_alive():
            with self._lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(
                        target=self._run, name="authhooks-log-writer", daemon=True
                    )
                    self._thread.start()

    @property
    def pending(self) -> int:
        """How many items wait to be written."""
        return self._queue.qsize()

    def put(self, change: Change) -> bool:
        """Queue ``change``; return ``False`` (and report it) when the queue is full."""
        self._ensure()
        try:
            self._queue.put_nowait(_Item(change))
        except queue.Full:
            self._report("dropped", 1, None)
            return False
        return True

    def write(self, change: Change, timeout: float) -> bool:
        """Queue ``change`` and wait until it is stored: ``False`` when it was not within
        ``timeout`` seconds (it may still be stored later) or could not be."""
        self._ensure()
        done = threading.Event()
        item = _Item(change, done)
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self._report("dropped", 1, None)
            return False
        return done.wait(timeout) and item.ok

    def flush(self, timeout: float) -> bool:
        """Wait until everything queued so far is written (or dropped); ``False`` when that
        takes longer than ``timeout`` seconds."""
        if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
            return self._queue.empty()
        done = threading.Event()
        marker = _Item(None, done)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._queue.put(marker, timeout=max(0.0, deadline - time.monotonic()))
                break
            except queue.Full:
                return False
        return done.wait(max(0.0, deadline - time.monotonic()))

    def close(self, timeout: float) -> None:
        """Write what is queued (at most ``timeout`` seconds), then stop the thread."""
        if self._pid != os.getpid():
            return
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self.flush(timeout)
        try:
            self._queue.put(_Stop(), timeout=0.1)
        except queue.Full:
            return
        thread.join(timeout)

    # -- the thread ---------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=self._until_purge())
            except queue.Empty:
                self._maybe_purge()
                continue
            if isinstance(first, _Stop):
                return
            items = [first]
            stop = False
            while len(items) < _BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if isinstance(more, _Stop):
                    stop = True
                    break
                items.append(more)
            changes = [item.change for item in items if item.change is not None]
            with self._busy:
                ok = self._apply(changes) if changes else True
            for item in items:
                item.ok = ok
                if item.done is not None:
                    item.done.set()
            if stop:
                return
            self._maybe_purge()

    def _until_purge(self) -> float:
        if self._purge is None:
            return 3600.0
        return max(0.05, self._last_purge + self._purge_interval - time.monotonic())

    def _maybe_purge(self) -> None:
        if self._purge is None or time.monotonic() < self._last_purge + self._purge_interval:
            return
        self._last_purge = time.monotonic()
        try:
            with self._busy:
                self._purge()
        except Exception as exc:
            self._report("purge_failed", 0, exc)

    def _apply(self, changes: Sequence[Change]) -> bool:
        error = self._try(changes, _RETRY_DELAYS)
        if error is None:
            self._working(True, None, 0)
            return True
        if len(changes) == 1:
            self._working(False, error, 1)
            return False
        # One change may be at fault (a value the store refuses): write them one by one,
        # unless the first few all fail too, when it is the store that is down.
        kept = lost = 0
        for index, change in enumerate(changes):
            if kept == 0 and lost >= _PROBES:
                lost += len(changes) - index
                break
            if (failure := self._try([change], ())) is None:
                kept += 1
            else:
                lost += 1
                error = failure
        self._working(kept > 0, error, lost)
        return lost == 0

    def _working(self, works: bool, error: BaseException | None, lost: int) -> None:
        """Report a change of the store's health, and the changes lost."""
        if works and self.failing:
            self.failing = False
            self._report("recovered", 0, None)
        elif not works:
            self.failing = True
        if lost:
            self._report("write_failed", lost, error)

    def _try(self, changes: Sequence[Change], delays: Sequence[float]) -> BaseException | None:
        """Apply ``changes``, retrying after each of ``delays``; the last error, or ``None``."""
        error: BaseException | None = None
        for delay in (*delays, None):
            try:
                self.store.apply(changes)
            except Exception as exc:
                error = exc
                if delay is not None:
                    time.sleep(delay)
                continue
            return None
        return error
