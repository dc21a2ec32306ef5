"""Real worker processes of each engine for the task-queue tests: started, watched, killed
and restarted by the fixtures."""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

# RQ's workers: the job module imported once in the worker (a forked work horse then runs
# each job without importing it again), as RQ's docs advise for a custom worker script.
# Maintenance every 5 s (600 s by default), and an idle worker wakes for it every 5 s (its
# wait for a job lasts the worker's TTL less 15 s, 405 s by default): a job a worker had taken
# off the queue when Redis went away is failed back to its retries once it has been stuck for
# a minute, and a scheduler that died with Redis is started again.
_RQ_WORKER = """
import sys
import tests.dispatch.apps.rq_app as hooks
from rq.serializers import JSONSerializer
from rq.worker import SimpleWorker, Worker
kind = SimpleWorker if sys.argv[1] == "simple" else Worker
worker = kind(
    [hooks.dispatcher.queue],
    connection=hooks.connection,
    serializer=JSONSerializer,
    maintenance_interval=5,
    worker_ttl=20,
)
worker.work(with_scheduler=True, logging_level="WARNING")
"""


def redis_errors() -> type[Exception]:
    import redis

    return redis.RedisError


class Engine:
    """One engine's workers, as processes of their own session (so a kill reaches them all).

    Args:
        name: ``"celery"``, ``"rq"`` or ``"dramatiq"``.
        env: the environment of the workers (the brokers' sockets).
    """

    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.env = env
        self.module: ModuleType = importlib.import_module(f"tests.dispatch.apps.{name}_app")
        self.processes: list[subprocess.Popen[bytes]] = []
        self.kind = ""
        self.logs: list[Path] = []

    @property
    def dispatcher(self) -> Any:
        return self.module.dispatcher

    def _commands(self, kind: str) -> list[list[str]]:
        python = sys.executable
        if self.name == "celery":
            return [
                [
                    python, "-m", "celery", "-A", "tests.dispatch.apps.celery_app", "worker",
                    "--pool", "prefork", "--concurrency", "2", "--queues", self.module.QUEUE,
                    "--without-heartbeat", "--without-mingle", "--without-gossip",
                    "--loglevel", "WARNING",
                ]
            ]  # fmt: skip
        if self.name == "rq":
            # Two in-process workers for the bursts (a work horse forked per job runs about 30
            # jobs/s here); one forking worker where a work horse is to be killed.
            if kind == "burst":
                return [[python, "-c", _RQ_WORKER, "simple"]] * 2
            return [[python, "-c", _RQ_WORKER, "fork"]]
        return [
            [
                python, "-m", "dramatiq", "tests.dispatch.apps.dramatiq_app:broker",
                "--processes", "1", "--threads", "4",
            ]
        ]  # fmt: skip

    def ensure(self, kind: str = "burst") -> None:
        """Have the workers of ``kind`` running (start them, or restart dead ones)."""
        if self.name != "rq":
            kind = "burst"
        if kind != self.kind:
            self.stop()
        alive = [process for process in self.processes if process.poll() is None]
        if len(alive) == len(self.processes) and self.processes:
            return
        self.stop()
        self.kind = kind
        for command in self._commands(kind):
            log = tempfile.NamedTemporaryFile(  # noqa: SIM115
                prefix=f"authhooks-{self.name}-worker-", suffix=".log", delete=False
            )
            self.logs.append(Path(log.name))
            self.processes.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            log.close()
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until every worker consumes (a probe job is handled)."""
        from tests.dispatch.apps.common import sink
        from tests.dispatch.conftest import deliver_directly

        deadline = time.monotonic() + timeout
        marker = f"probe-{self.name}-{time.monotonic_ns()}"
        deliver_directly(self.dispatcher, marker)
        while not sink.hexists("handled", marker):
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a {self.name} worker exited: {self.tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the {self.name} workers did not start: {self.tail()}")
            time.sleep(0.05)

    def alive(self) -> bool:
        return bool(self.processes) and all(p.poll() is None for p in self.processes)

    def supervise(self) -> None:
        """Start the workers again if one exited, as a process supervisor does (an RQ worker
        exits when its broker goes away; Dramatiq stops every worker when one dies)."""
        if self.kind and not self.alive():
            self.ensure(self.kind)

    def stop(self) -> None:
        # The whole process group, even when its leader is gone: a worker that exited may
        # leave children (RQ's scheduler, Dramatiq's forks) behind.
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        stopped = bool(self.processes)
        self.processes = []
        self.kind = ""
        if stopped and self.name == "rq":
            self._release_scheduler_lock()

    def _release_scheduler_lock(self) -> None:
        """Drop RQ's locks once no worker is left: a worker that crashed (its broker gone)
        may still hold the scheduler's lock (it lapses after a minute) or the maintenance
        lock (15 minutes), which the tests do not wait for; the next worker then schedules
        the delayed retries and recovers the jobs the crashed one had taken."""
        from rq.scheduler import RQScheduler

        queue = self.dispatcher.queue
        with contextlib.suppress(OSError, redis_errors()):
            queue.connection.delete(
                RQScheduler.get_locking_key(queue.name), queue.registry_cleaning_key
            )

    def describe(self) -> str:
        """Where the engine's jobs are (for a failure's message)."""
        if self.name != "rq":
            return f"{self.pending()} jobs pending"
        from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

        queue = self.dispatcher.queue
        return (
            f"queued {len(queue)}, intermediate {len(queue.intermediate_queue.get_job_ids())}, "
            f"started {StartedJobRegistry(queue=queue).get_job_count()}, scheduled "
            f"{ScheduledJobRegistry(queue=queue).get_job_count()}, failed "
            f"{FailedJobRegistry(queue=queue).get_job_count()}"
        )

    def pending(self) -> int:
        """Jobs not yet finished: queued, running, delayed or held for a retry."""
        dispatcher = self.dispatcher
        if self.name == "celery":
            with self.module.app.connection_for_write() as connection:
                client = connection.default_channel.client
                return int(client.llen(self.module.QUEUE)) + int(client.zcard("unacked_index"))
        if self.name == "rq":
            from rq.registry import ScheduledJobRegistry, StartedJobRegistry

            queue = dispatcher.queue
            return (
                len(queue)
                + StartedJobRegistry(queue=queue).get_job_count()
                + ScheduledJobRegistry(queue=queue).get_job_count()
            )
        return int(dispatcher.broker.do_qsize(dispatcher.queue_name))

    def tail(self, lines: int = 40) -> str:
        text = []
        for log in self.logs[-3:]:
            with contextlib.suppress(OSError):
                text.extend(log.read_text(errors="replace").splitlines()[-lines:])
        return "\n".join(text)

    def close(self) -> None:
        self.stop()
        for log in self.logs:
            log.unlink(missing_ok=True)
