"""Exactly-once handling and routing through every framework adapter, on real stores."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from authhooks import Router, WebhookEvent
from authhooks.dedup import DedupStore, MemoryStore, RedisStore, run_once
from authhooks.testing import sign_userfront

from .conftest import RedisServer

ReplyT = tuple[int, dict[str, str], bytes]
#: post(body, headers) -> (status, lower-cased headers, body)
Post = Callable[[bytes, dict[str, str]], ReplyT]
#: build(store, router) -> post
Build = Callable[[DedupStore, Router], Post]

API_KEY = "dedup-adapters"


def signed(n: int = 0, action: str = "create") -> tuple[bytes, dict[str, str]]:
    request = sign_userfront(
        {"action": action, "model": "user", "record": {"userId": n}}, api_key=API_KEY
    )
    return request.body, dict(request.headers)


def receiver() -> Any:
    import authhooks

    return authhooks.Userfront(api_key=API_KEY)


def flask_app(store: DedupStore, router: Router) -> Post:
    from flask import Flask

    from authhooks.flask import webhook

    app = Flask(__name__)
    app.add_url_rule("/hook", "hook", webhook(receiver(), dedup=store)(router), methods=["POST"])
    client = app.test_client()

    def post(body: bytes, headers: dict[str, str]) -> ReplyT:
        reply = client.post("/hook", data=body, headers=headers)
        return reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, reply.data

    return post


def django_app(store: DedupStore, router: Router) -> Post:
    import types

    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import clear_url_caches, path

    import tests.integrations.apps.django_app  # noqa: F401  (configures Django)
    from authhooks.django import webhook

    urls = types.ModuleType("dedup_urls")
    urls.urlpatterns = [path("hook", webhook(receiver(), dedup=store)(router))]  # type: ignore[attr-defined]
    client = Client(raise_request_exception=False)

    def post(body: bytes, headers: dict[str, str]) -> ReplyT:
        headers = dict(headers)
        content_type = headers.pop("Content-Type", "application/json")
        with override_settings(ROOT_URLCONF=urls):
            clear_url_caches()
            reply = client.post("/hook", body, content_type=content_type, headers=headers)
        clear_url_caches()
        return reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, reply.content

    return post


def _test_client(app: Any) -> Post:
    from starlette.testclient import TestClient

    client = TestClient(app, raise_server_exceptions=False)

    def post(body: bytes, headers: dict[str, str]) -> ReplyT:
        reply = client.post("/hook", content=body, headers=headers)
        return reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, reply.content

    return post


def starlette_endpoint(store: DedupStore, router: Router) -> Post:
    from starlette.applications import Starlette
    from starlette.routing import Route

    from authhooks.starlette import webhook_endpoint

    endpoint = webhook_endpoint(receiver(), router, dedup=store)
    return _test_client(Starlette(routes=[Route("/hook", endpoint, methods=["POST"])]))


def starlette_middleware(store: DedupStore, router: Router) -> Post:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from authhooks.starlette import WebhookMiddleware

    async def hook(request: Request) -> Response:
        result = router(request.state.webhook_event)
        if asyncio.iscoroutine(result):
            await result
        return Response(status_code=204)

    app = Starlette(routes=[Route("/hook", hook, methods=["POST"])])
    return _test_client(WebhookMiddleware(app, {"/hook": receiver()}, dedup=store))


def fastapi_dependency(store: DedupStore, router: Router, route_class: Any = None) -> Post:
    from fastapi import Depends, FastAPI

    from authhooks.fastapi import verified_event

    app = FastAPI()
    if route_class is not None:
        app.router.route_class = route_class

    dependency = verified_event(receiver(), dedup=store)

    @app.post("/hook", status_code=204, response_model=None)
    async def hook(event: Any = Depends(dependency)) -> None:
        result = router(event)
        if asyncio.iscoroutine(result):
            await result

    return _test_client(app)


def fastapi_route(store: DedupStore, router: Router) -> Post:
    from authhooks.fastapi import WebhookRoute

    return fastapi_dependency(store, router, WebhookRoute)


ADAPTERS: dict[str, Build] = {
    "flask": flask_app,
    "django": django_app,
    "starlette-endpoint": starlette_endpoint,
    "starlette-middleware": starlette_middleware,
    "fastapi": fastapi_dependency,
    "fastapi-route": fastapi_route,
}


class Handled:
    """A router whose handlers count their runs (and fail while ``fail`` is set)."""

    def __init__(self) -> None:
        self.runs: list[str] = []
        self.fail = False
        self.router = Router()
        self.router.on("user.created")(self.created)
        self.router.on("user.updated")(self.updated)

    def created(self, event: WebhookEvent) -> None:
        self.runs.append(event.id)
        if self.fail:
            raise RuntimeError("handler failed")

    async def updated(self, event: WebhookEvent) -> None:
        await asyncio.sleep(0)
        self.runs.append(event.id)


#: The de-duplication scope each adapter gives the events of its "/hook" route.
ROUTES = {
    "flask": "/hook",  # the URL rule
    "django": "hook",  # the URL pattern
    "starlette-endpoint": "/hook",  # the route's path
    "starlette-middleware": "/hook",  # the configured path
    "fastapi": "/hook",  # the route's path
    "fastapi-route": "/hook",  # the route's path, under WebhookRoute
}


@pytest.fixture(params=sorted(ADAPTERS))
def adapter(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def build(adapter: str) -> Build:
    return ADAPTERS[adapter]


def test_duplicate_is_200_without_a_second_run(build: Build) -> None:
    handled = Handled()
    post = build(MemoryStore(), handled.router)
    body, headers = signed(1)
    first = post(body, headers)
    assert 200 <= first[0] < 300
    status, _, content = post(body, headers)
    assert (status, content.replace(b" ", b"")) == (200, b'{"status":"duplicate"}')
    assert len(handled.runs) == 1


def test_async_handler_through_the_router_runs_once(build: Build) -> None:
    handled = Handled()
    post = build(MemoryStore(), handled.router)
    body, headers = signed(2, action="update")
    assert 200 <= post(body, headers)[0] < 300
    assert post(body, headers)[0] == 200
    assert len(handled.runs) == 1


def test_unrouted_event_is_acknowledged(build: Build) -> None:
    handled = Handled()
    post = build(MemoryStore(), handled.router)
    body, headers = signed(3, action="delete")
    assert 200 <= post(body, headers)[0] < 300
    assert handled.runs == []


def test_in_progress_is_503_with_retry_after(adapter: str, build: Build) -> None:
    handled = Handled()
    store = MemoryStore(processing_timeout=30)
    post = build(store, handled.router)
    body, headers = signed(4)
    event = receiver().verify(body, headers)
    # Another worker holds the event (on the same route) while this delivery arrives: a 503,
    # which every provider retries (some give up on a 4xx).
    status, reply_headers, content = run_once(
        store, event, lambda: post(body, headers), scope=ROUTES[adapter]
    )
    assert status == 503
    assert content.replace(b" ", b"") == b'{"error":"event_in_progress"}'
    assert 1 <= int(reply_headers["retry-after"]) <= 30
    assert handled.runs == []
    assert post(body, headers)[0] == 200  # the other worker finished: a duplicate now


def test_failure_releases_for_the_retry(build: Build) -> None:
    handled = Handled()
    post = build(MemoryStore(), handled.router)
    body, headers = signed(5)
    handled.fail = True
    assert post(body, headers)[0] == 500
    handled.fail = False
    assert 200 <= post(body, headers)[0] < 300
    assert post(body, headers)[0] == 200
    assert len(handled.runs) == 2


@pytest.fixture
def dead_redis(tmp_path: Path) -> Iterator[DedupStore]:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis(unix_socket_path=str(tmp_path / "gone.sock"), retry=Retry(NoBackoff(), 0))
    yield RedisStore(client)
    client.close()


def test_store_down_is_503_with_retry_after(build: Build, dead_redis: DedupStore) -> None:
    handled = Handled()
    post = build(dead_redis, handled.router)
    status, headers, content = post(*signed(6))
    assert status == 503
    assert int(headers["retry-after"]) > 0
    assert handled.runs == []
    # The reason only: the store's address (here its socket path) is for the log.
    assert content.replace(b" ", b"") == b'{"error":"store_unavailable"}'
    assert b"gone.sock" not in content


def test_redis_store_through_the_adapter(
    build: Build, redis_server: RedisServer, redis_client: Any
) -> None:
    import redis

    handled = Handled()
    with redis.Redis(unix_socket_path=redis_server.socket) as client:
        post = build(RedisStore(client), handled.router)
        body, headers = signed(7)
        assert 200 <= post(body, headers)[0] < 300
        assert post(body, headers)[0] == 200
    assert len(handled.runs) == 1


def test_django_cache_store_through_the_django_adapter(
    redis_server: RedisServer, redis_client: Any
) -> None:
    from django.core.cache.backends.redis import RedisCache

    from authhooks.dedup import DjangoCacheStore

    handled = Handled()
    cache = RedisCache(redis_server.url, {})
    post = django_app(DjangoCacheStore(cache), handled.router)
    body, headers = signed(8)
    assert post(body, headers)[0] == 204
    status, _, content = post(body, headers)
    assert (status, content) == (200, b'{"status":"duplicate"}')
    assert len(handled.runs) == 1
    cache.close()
