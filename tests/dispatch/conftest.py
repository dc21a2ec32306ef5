"""Fixtures of the task-queue tests: real Redis servers (a durable broker that can be stopped
and started again, and a store that also holds the tests' sink), each engine's real worker
processes, and the receiving web app on uvicorn."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from authhooks import Delivery
from authhooks.signing import SignedRequest
from authhooks.testing import sign_authcore
from tests.dispatch._engines import ROOT, Engine

if TYPE_CHECKING:
    from tests.dispatch._redis import Server

ENGINES = ["celery", "rq", "dramatiq"]


@dataclass
class Servers:
    broker: Server
    store: Server
    env: dict[str, str]


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    """The broker and the store; their sockets are in the environment of this process (the
    test apps read them on import) and of every worker and server started."""
    pytest.importorskip("redis")
    from tests.dispatch._redis import Server

    with tempfile.TemporaryDirectory(prefix="authhooks-dispatch-") as directory:
        broker = Server(directory, "broker", durable=True)
        store = Server(directory, "store")
        variables = {
            "AUTHHOOKS_TEST_BROKER_SOCKET": broker.socket,
            "AUTHHOOKS_TEST_STORE_SOCKET": store.socket,
            "AUTHHOOKS_TEST_DISPATCH_LOG": os.path.join(directory, "deliveries.db"),
        }
        saved = {name: os.environ.get(name) for name in variables}
        os.environ.update(variables)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        try:
            yield Servers(broker, store, env)
        finally:
            broker.stop()
            store.stop()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest, servers: Servers) -> Iterator[Engine]:
    """One engine's workers (started lazily by each test with ``engine.ensure(...)``)."""
    pytest.importorskip(request.param)
    workers = Engine(request.param, servers.env)
    try:
        yield workers
    finally:
        workers.close()


@pytest.fixture(scope="module")
def web(engine: Engine, servers: Servers) -> Iterator[str]:
    """The receiving web app on uvicorn, handing deliveries to ``engine``; its URL."""
    from tests.integrations.conftest import serve

    env = {**servers.env, "AUTHHOOKS_TEST_ENGINE": engine.name}
    with serve("asgi", "tests.dispatch.apps.web:app", env=env) as url:
        yield url + "/hooks/authcore"


def event_body(event_id: str, *, created: bool = False, **flags: bool) -> dict[str, Any]:
    """An AuthCore event; ``created`` routes it to the ``async def`` handler."""
    return {
        "id": event_id,
        "type": "user.created" if created else "user.updated",
        "created_at": "2026-11-22T16:03:12.889Z",
        "data": {"id": f"usr_{event_id}", "email": "ada@example.com", "name": "Ada"},
        "test": flags,
    }


def signed(event_id: str, *, created: bool = False, **flags: bool) -> SignedRequest:
    from tests.dispatch.apps.common import SECRET

    return sign_authcore(event_body(event_id, created=created, **flags), secret=SECRET)


def forged(event_id: str) -> SignedRequest:
    return sign_authcore(event_body(event_id), secret="not-the-signing-secret")


def deliver_directly(dispatcher: Any, event_id: str, **flags: bool) -> None:
    """Verify a signed event and enqueue it with ``dispatcher`` (no web server)."""
    from tests.dispatch.apps.common import ROUTE, receiver

    request = signed(event_id, **flags)
    event = receiver.verify(request.body, request.headers)
    dispatcher.enqueue(Delivery.of(receiver, event, route=ROUTE))


@dataclass(frozen=True)
class Answer:
    status: int
    seconds: float
    retry_after: str | None
    #: Times the request was sent again after its connection failed (closed or reset before
    #: an answer), as a provider does.
    retries: int = 0


#: Connection failures ``post_all`` sends a request again after, as providers do; a timeout
#: is not one of them.
_RESENT_AFTER = ("ReadError", "WriteError", "RemoteProtocolError", "ConnectError")


def post_all(url: str, requests: list[SignedRequest], concurrency: int = 16) -> list[Answer]:
    """POST every request to ``url``, ``concurrency`` at a time; the answers, in order. A
    request whose connection failed before its answer is sent again (up to three times), as a
    provider would: ``Answer.retries`` counts it."""
    import httpx

    async def run() -> list[Answer]:
        answers: list[Answer | None] = [None] * len(requests)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(len(requests)):
            queue.put_nowait(index)
        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            resent = tuple(getattr(httpx, name) for name in _RESENT_AFTER)

            async def sender() -> None:
                while not queue.empty():
                    index = queue.get_nowait()
                    request = requests[index]
                    started = time.perf_counter()
                    for retries in range(4):
                        try:
                            response = await client.post(
                                url, content=request.body, headers=dict(request.headers)
                            )
                            break
                        except resent:
                            if retries == 3:
                                raise
                            await asyncio.sleep(0.2)
                    answers[index] = Answer(
                        response.status_code,
                        time.perf_counter() - started,
                        response.headers.get("Retry-After"),
                        retries,
                    )

            await asyncio.gather(*(sender() for _ in range(concurrency)))
        return [answer for answer in answers if answer is not None]

    return asyncio.run(run())


def wait_until(
    check: Callable[[], bool],
    timeout: float,
    what: str,
    engine: Engine,
    missing: Callable[[], object] | None = None,
) -> None:
    """Wait until ``check()``, the engine's workers kept running as a supervisor would;
    ``missing()`` says what is missing when it times out."""
    deadline = time.monotonic() + timeout
    while True:
        engine.supervise()
        if check():
            return
        if time.monotonic() > deadline:
            lacking = "" if missing is None else f" (missing: {missing()})"
            raise AssertionError(f"{what}: not within {timeout} s{lacking}\n{engine.tail()}")
        time.sleep(0.1)


def handled(event_ids: list[str]) -> dict[str, int]:
    """How many completed handlings the sink counts for each of ``event_ids``."""
    from tests.dispatch.apps.common import sink

    values = sink.hmget("handled", event_ids) if event_ids else []
    return {event_id: int(value or 0) for event_id, value in zip(event_ids, values, strict=True)}


def outcomes(scenario: str) -> dict[str, int]:
    """The outcomes the dispatchers reported for a scenario's events, by status."""
    from tests.dispatch.apps.common import sink

    return {key.decode(): int(value) for key, value in sink.hgetall(f"outcomes:{scenario}").items()}


def settle(engine: Engine, timeout: float = 60.0) -> None:
    """Wait until the engine has no job left (queued, running, delayed or deferred)."""
    wait_until(lambda: engine.pending() == 0, timeout, f"{engine.name} jobs settled", engine)
