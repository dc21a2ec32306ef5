"""Each engine end to end, on real components: a Redis broker, the engine's own worker
processes and the receiving web app on uvicorn (verify, hand off, answer).

Every genuine event is counted by id in the sink when its handling completes; a test passes
only if each is counted exactly once."""

from __future__ import annotations

import os
import random
import signal
import time
from typing import Any

import pytest

from tests.dispatch._engines import Engine
from tests.dispatch.conftest import (
    Servers,
    deliver_directly,
    forged,
    handled,
    outcomes,
    post_all,
    settle,
    signed,
    wait_until,
)

pytestmark = [pytest.mark.network, pytest.mark.slow, pytest.mark.timeout(240)]

BURST = 2000


def test_a_burst_is_handled_exactly_once(engine: Engine, web: str) -> None:
    """2,000 events through the web app, 10% of them delivered twice (some at once, some
    later), 5% of handler runs failing once, and forged requests among them."""
    engine.ensure("burst")
    scenario = f"burst-{engine.name}"
    ids = [f"evt_{scenario}_{n}" for n in range(BURST)]
    requests = [
        signed(event_id, created=n % 2 == 0, fail_once=n % 20 == 7)
        for n, event_id in enumerate(ids)
    ]
    rng = random.Random(14)
    again = rng.sample(range(BURST), BURST // 10)
    fakes = [forged(f"evt_{scenario}_forged{n}") for n in range(50)]
    first = requests + [requests[n] for n in again[: BURST // 20]] + fakes
    rng.shuffle(first)
    answers = post_all(web, first)
    # A provider sends a request again when its connection fails; that stays rare.
    assert sum(answer.retries for answer in answers) <= len(first) // 100
    statuses = [answer.status for answer in answers]
    assert statuses.count(401) == len(fakes)
    assert statuses.count(202) == BURST + BURST // 20
    # The provider's late retries of events already handled (or still queued).
    late = post_all(web, [requests[n] for n in again[BURST // 20 :]])
    assert {answer.status for answer in late} == {202}

    wait_until(
        lambda: all(count >= 1 for count in handled(ids).values()),
        120,
        "every event handled",
        engine,
    )
    settle(engine)
    counts = handled(ids)
    assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v != 1}

    from tests.dispatch.apps.common import sink

    forged_ids = [f"evt_{scenario}_forged{n}" for n in range(50)]
    assert not any(sink.hmget("started", forged_ids))  # no forged event ever reached a worker
    reported = outcomes(scenario)
    assert reported["enqueued"] == BURST + BURST // 10
    assert reported["handled"] == BURST
    assert reported["failed"] == BURST // 20  # each failing once, then handled
    assert reported["duplicate"] >= 1
    assert "dead_letter" not in reported
    # The routed async def handler ran for every user.created event.
    assert sum(sink.smismember("async", ids[::2])) == BURST // 2


def _pid(event_id: str) -> int | None:
    from tests.dispatch.apps.common import sink

    value = sink.hget("started", event_id)
    return None if value is None else int(value)


def test_a_worker_killed_mid_handler(engine: Engine, servers: Servers) -> None:
    """The process running the handler is killed with SIGKILL: the job runs again and
    completes once."""
    engine.ensure("kill")
    scenario = f"kill-{engine.name}"
    victim = f"evt_{scenario}_0"
    others = [f"evt_{scenario}_{n}" for n in range(1, 4)]
    deliver_directly(engine.dispatcher, victim, block=True)
    wait_until(lambda: _pid(victim) is not None, 30, "the handler started", engine)
    killed = _pid(victim)
    assert killed is not None
    os.kill(killed, signal.SIGKILL)
    for event_id in others:  # the engine keeps working meanwhile
        deliver_directly(engine.dispatcher, event_id)

    from tests.dispatch.apps.common import sink

    # Dramatiq stops every worker when one dies: wait_until starts them again, as a
    # supervisor would.
    wait_until(lambda: handled([victim]) == {victim: 1}, 90, "the killed job handled again", engine)
    assert sink.get(f"blocked:{victim}") == b"1"  # the first run was the one killed
    assert _pid(victim) != killed
    assert handled(others) == dict.fromkeys(others, 1)
    settle(engine)
    assert handled([victim, *others]) == dict.fromkeys([victim, *others], 1)


def test_the_broker_stopped_while_deliveries_arrive(
    engine: Engine, web: str, servers: Servers
) -> None:
    """503 with Retry-After, fast, while the broker is down; the provider's retries are
    accepted once it is back; nothing lost, nothing handled twice."""
    engine.ensure("burst")
    scenario = f"down-{engine.name}"
    ids = [f"evt_{scenario}_{n}" for n in range(90)]
    requests = [signed(event_id) for event_id in ids]

    before = post_all(web, requests[:30], concurrency=4)
    servers.broker.stop()
    try:
        during = post_all(web, requests[30:60], concurrency=4)
    finally:
        servers.broker.start()
    after = post_all(web, requests[60:], concurrency=4)

    assert {answer.status for answer in before} == {202}
    assert {answer.status for answer in during} == {503}
    assert {answer.retry_after for answer in during} == {"7"}
    from tests.dispatch.apps.common import POLICY

    assert max(answer.seconds for answer in during) < POLICY["timeout"] + 1.0
    refused = [requests[30 + n] for n, answer in enumerate(during) if answer.status == 503]
    # The provider retries what it was refused; some may meet a broker still reconnecting.
    deadline = time.monotonic() + 30
    while refused:
        retried = post_all(web, refused, concurrency=4)
        refused = [r for r, answer in zip(refused, retried, strict=True) if answer.status != 202]
        if refused:
            assert time.monotonic() < deadline, "the retries were not accepted"
            time.sleep(0.5)
    assert {answer.status for answer in after} <= {202, 503}
    refused = [requests[60 + n] for n, answer in enumerate(after) if answer.status != 202]
    if refused:
        assert {answer.status for answer in post_all(web, refused, concurrency=4)} == {202}

    # A job a worker had taken when the broker went away comes back through the engine's
    # recovery: Celery's visibility timeout (20 s here), RQ's maintenance (a minute).
    wait_until(
        lambda: all(count >= 1 for count in handled(ids).values()),
        150,
        "every accepted event handled after the broker came back",
        engine,
        missing=lambda: (sorted(k for k, v in handled(ids).items() if v == 0), engine.describe()),
    )
    time.sleep(1.0)
    assert handled(ids) == dict.fromkeys(ids, 1)
    assert outcomes(scenario)["unavailable"] >= 30


def test_a_handler_that_always_fails_becomes_a_dead_letter(engine: Engine) -> None:
    """After the configured attempts the job is a dead letter: listed, with its error, and
    run again on request."""
    from tests.dispatch.apps.common import POLICY, sink

    engine.ensure("burst")
    scenario = f"dead-{engine.name}"
    ids = [f"evt_{scenario}_{n}" for n in range(2)]
    for event_id in ids:
        deliver_directly(engine.dispatcher, event_id, always_fail=True)
    wait_until(
        lambda: all(sink.hexists("dead", event_id) for event_id in ids),
        60,
        "dead letters reported",
        engine,
    )
    dispatcher = engine.dispatcher

    def listed() -> dict[str, object]:
        return {
            letter.delivery.event_id: letter
            for letter in dispatcher.dead_letters()
            if letter.delivery is not None and letter.delivery.event_id in ids
        }

    wait_until(lambda: len(listed()) == 2, 30, "dead letters listed", engine)
    letters = listed()
    attempts = POLICY["attempts"]
    assert [int(sink.hget("failures", event_id) or 0) for event_id in ids] == [attempts] * 2
    assert [int(sink.hget("dead", event_id) or 0) for event_id in ids] == [attempts] * 2
    for letter in letters.values():
        assert "RuntimeError: the handler always fails" in (letter.error or "")  # type: ignore[attr-defined]
        assert letter.failed_at is not None  # type: ignore[attr-defined]
        assert letter.delivery.parse().id in ids  # type: ignore[attr-defined]
    assert handled(ids) == dict.fromkeys(ids, 0)
    # The workers kept each attempt in the delivery log: the record is a dead letter.
    for event_id in ids:
        (entry,) = _logged(event_id)
        assert (entry.outcome, entry.attempts) == ("dead_letter", attempts)
        assert "RuntimeError" in (entry.error or "")

    # Fixed: run one again, then all the others.
    sink.sadd("healed", *ids)
    assert dispatcher.requeue([letters[ids[0]].id]) == 1  # type: ignore[attr-defined]
    assert list(listed()) == [ids[1]]
    wait_until(lambda: handled(ids[:1]) == {ids[0]: 1}, 30, "the requeued job handled", engine)
    assert dispatcher.requeue() >= 1
    wait_until(lambda: handled(ids) == dict.fromkeys(ids, 1), 30, "all requeued handled", engine)
    assert listed() == {}
    assert outcomes(scenario)["requeued"] == 2
    for event_id in ids:
        (entry,) = _logged(event_id)
        assert (entry.outcome, entry.attempts) == ("handled", attempts + 1)


def _logged(event_id: str) -> list[Any]:
    """The delivery log's records of ``event_id`` (the workers write them before going on)."""
    from authhooks.log import DeliveryLog, Query

    log = DeliveryLog(os.environ["AUTHHOOKS_TEST_DISPATCH_LOG"])
    try:
        return [log.get(r.id) for r in log.find(Query(event_id=event_id))]
    finally:
        log.close()
