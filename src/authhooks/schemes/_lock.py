"""One fetch at a time, for threads and event loops alike, with bounded waits."""

from __future__ import annotations

import threading
import time
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

__all__ = ["FetchLock"]


class FetchLock:
    """A lock held across a fetch by a thread (``acquire``) or a task (``acquire_async``);
    both wait at most ``wait`` seconds.

    Both sides take the same ``threading.Lock``, so a thread and a task never
    fetch at the same time. A task never blocks its event loop: it polls that lock, and tasks
    of one event loop first queue on an asyncio lock of their own, so at most one of them
    polls. The wait is bounded because the holder's work is (one fetch, within its timeout):
    a thread that waits on a task of the event loop it blocks gives up after ``wait`` seconds
    instead of waiting for ever.
    """

    def __init__(self, wait: float) -> None:
        self.wait = wait
        self._lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        self._loop_locks = weakref.WeakKeyDictionary()
        self._loop_locks_guard = threading.Lock()

    def acquire(self) -> bool:
        """Take the lock from a thread; ``False`` when ``wait`` seconds passed first."""
        return self._lock.acquire(timeout=self.wait)

    def release(self) -> None:
        """Release the lock taken with ``acquire``."""
        self._lock.release()

    async def acquire_async(self) -> asyncio.Lock | None:
        """Take the lock from a task; raises ``TimeoutError`` when ``wait`` seconds passed.

        Returns what ``release_async`` needs.
        """
        import anyio

        deadline = time.monotonic() + self.wait
        loop_lock = self._loop_lock()
        if loop_lock is not None:
            acquired = False
            with anyio.move_on_after(self.wait):
                acquired = await loop_lock.acquire()
            if not acquired:
                raise TimeoutError
        try:
            delay = 0.001
            while not self._lock.acquire(blocking=False):
                if time.monotonic() >= deadline:
                    raise TimeoutError
                await anyio.sleep(delay)
                delay = min(delay * 2, 0.02)
        except BaseException:
            if loop_lock is not None:
                loop_lock.release()
            raise
        return loop_lock

    def release_async(self, loop_lock: asyncio.Lock | None) -> None:
        """Release the lock taken with ``acquire_async``."""
        self._lock.release()
        if loop_lock is not None:
            loop_lock.release()

    def _loop_lock(self) -> asyncio.Lock | None:
        """The asyncio lock of the running event loop (``None`` under another library)."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        with self._loop_locks_guard:
            lock = self._loop_locks.get(loop)
            if lock is None:
                lock = self._loop_locks[loop] = asyncio.Lock()
        return lock
