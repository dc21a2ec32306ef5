"""RQ's dead letters taken while RQ is still finishing the job's last run: a run RQ lists can
be gone before it is read, and ``requeue`` still runs the letter again, once."""

from __future__ import annotations

import time

import pytest

from tests.dispatch.conftest import Servers, deliver_directly

pytestmark = [pytest.mark.network, pytest.mark.timeout(60)]


def test_requeue_outlasts_a_run_that_vanishes_while_it_is_read(servers: Servers) -> None:
    pytest.importorskip("rq")
    from rq.registry import FailedJobRegistry

    from tests.dispatch.apps.rq_app import dispatcher

    queue = dispatcher.queue
    before = set(queue.get_job_ids())
    deliver_directly(dispatcher, f"evt_vanishing_{time.monotonic_ns()}")
    (job_id,) = set(queue.get_job_ids()) - before
    job = queue.fetch_job(job_id)
    assert job is not None
    queue.remove(job)
    registry = FailedJobRegistry(queue=queue)
    registry.add(job, ttl=600)
    # A run RQ lists for the job, whose record is already gone: as when the worker ends the
    # run between RQ's listing and its reading. The listing drops it a moment later.
    queue.connection.zadd(job.execution_registry.key, {"vanished-run": time.time() + 0.3})

    assert dispatcher.requeue([job_id]) == 1
    assert job_id not in registry.get_job_ids()
    assert job_id not in [letter.id for letter in dispatcher.dead_letters()]
    again = set(queue.get_job_ids()) - before - {job_id}
    assert len(again) == 1
    for leftover in again:
        queue.remove(leftover)
