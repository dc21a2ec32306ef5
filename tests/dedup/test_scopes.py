"""De-duplication keys are scoped by endpoint: two endpoints sharing a store keep apart.

``run_once(..., scope=...)`` on every store (real backends), the key layout, the
``store.scoped(...)`` override, and every framework adapter with two routes on one store.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from authhooks import ConfigurationError, EventInProgressError
from authhooks.dedup import DedupStore, Duplicate, MemoryStore, RedisStore, arun_once, run_once
from authhooks.testing import sign_userfront

from . import stores
from .conftest import RedisServer, make_event

MakeStore = Callable[..., DedupStore]


@pytest.fixture(params=sorted(stores.SYNC_STORES))
def make_store(
    request: pytest.FixtureRequest, redis_server: RedisServer, redis_client: Any
) -> Iterator[MakeStore]:
    factory = stores.SYNC_STORES[request.param]
    built: list[DedupStore] = []

    def make(**options: Any) -> DedupStore:
        store = factory(redis_server, **options)
        built.append(store)
        return store

    yield make
    for store in built:
        stores.close(store)


# --- run_once ----------------------------------------------------------------------------------


def test_two_scopes_each_handle_the_event_once(make_store: MakeStore) -> None:
    store = make_store()
    event = make_event(1)
    runs: list[str] = []
    for scope in ("/hooks/billing", "/hooks/audit"):
        assert run_once(store, event, lambda s=scope: runs.append(s), scope=scope) is None
    assert runs == ["/hooks/billing", "/hooks/audit"]
    for scope in ("/hooks/billing", "/hooks/audit"):
        assert isinstance(
            run_once(store, event, lambda: runs.append("again"), scope=scope), Duplicate
        )
    # No scope is a scope of its own.
    assert run_once(store, event, lambda: runs.append("unscoped")) is None
    assert runs[-1] == "unscoped"


def test_a_scope_in_progress_does_not_block_another(make_store: MakeStore) -> None:
    store = make_store(processing_timeout=30)
    event = make_event(2)

    def nested() -> str:
        with pytest.raises(EventInProgressError):
            run_once(store, event, lambda: "same scope", scope="/a")
        return str(run_once(store, event, lambda: "other scope", scope="/b"))

    assert run_once(store, event, nested, scope="/a") == "other scope"


def test_arun_once_takes_the_scope(make_store: MakeStore) -> None:
    store = make_store()
    event = make_event(3)

    async def handle() -> str:
        await asyncio.sleep(0)
        return "handled"

    async def scenario() -> list[Any]:
        return [
            await arun_once(store, event, handle, scope="/a"),
            await arun_once(store, event, handle, scope="/b"),
            await arun_once(store, event, handle, scope="/a"),
        ]

    first, second, third = asyncio.run(scenario())
    assert (first, second) == ("handled", "handled")
    assert isinstance(third, Duplicate)


# --- the key layout ------------------------------------------------------------------------------


def test_key_layout() -> None:
    store = MemoryStore(prefix="p:")
    assert store.key("userfront", "evt_1") == "p:userfront:evt_1"
    assert store.key("userfront", "evt_1", "/hooks/uf") == "p:userfront@/hooks/uf:evt_1"
    assert store.key("userfront", "evt_1", "hooks/<str:tenant>/").startswith("p:userfront@sha256-")
    long_scope = store.key("userfront", "evt_1", "/" + "x" * 500)
    assert len(long_scope) < 120
    assert store.key("userfront", "evt_1", "") != store.key("userfront", "evt_1")


@settings(max_examples=300, deadline=None)
@given(
    a=st.tuples(st.text(max_size=80), st.text(max_size=200)),
    b=st.tuples(st.text(max_size=80), st.text(max_size=200)),
)
def test_distinct_scope_and_id_pairs_never_share_a_key(
    a: tuple[str, str], b: tuple[str, str]
) -> None:
    store = MemoryStore()
    if a != b:
        assert store.key("p", a[1], a[0]) != store.key("p", b[1], b[0])
    assert store.key("p", a[1], a[0]) != store.key("p", b[1])  # scoped is never unscoped


# --- the override ---------------------------------------------------------------------------------


def test_a_scoped_view_overrides_the_callers_scope(make_store: MakeStore) -> None:
    store = make_store()
    shared = store.scoped("billing")
    event = make_event(5)
    assert run_once(shared, event, lambda: "first", scope="/hooks/old") == "first"
    assert isinstance(run_once(shared, event, lambda: "second", scope="/hooks/new"), Duplicate)
    # The view writes to the store it wraps, under its own scope.
    assert isinstance(run_once(store, event, lambda: "third", scope="billing"), Duplicate)
    assert run_once(store, event, lambda: "fourth", scope="/hooks/new") == "fourth"


def test_a_scoped_view_keeps_the_policy() -> None:
    store = MemoryStore(processing_timeout=12, retention=34, on_unavailable="process", prefix="q:")
    view = store.scoped("s")
    assert (view.processing_timeout, view.retention, view.on_unavailable, view.prefix) == (
        12.0,
        34.0,
        "process",
        "q:",
    )
    assert view.key("userfront", "e", "/ignored") == "q:userfront@s:e"
    assert view.scoped("t").key("userfront", "e") == "q:userfront@t:e"  # the last one wins
    assert repr(view).endswith(".scoped('s')")


@pytest.mark.parametrize("scope", ["", None, 7, b"bytes"])
def test_a_scope_must_be_text(scope: Any) -> None:
    with pytest.raises(ConfigurationError):
        MemoryStore().scoped(scope)


def test_a_scoped_asyncio_redis_store_is_refused_in_sync_code(redis_server: RedisServer) -> None:
    import redis.asyncio

    async def scenario() -> None:
        client = redis.asyncio.Redis(unix_socket_path=redis_server.socket)
        view = RedisStore(client).scoped("s")
        with pytest.raises(ConfigurationError):
            run_once(view, make_event(6), lambda: None)
        assert await arun_once(view, make_event(6), _async_ok) == "ok"
        assert isinstance(await arun_once(view, make_event(6), _async_ok), Duplicate)
        await client.aclose()

    asyncio.run(scenario())


async def _async_ok() -> str:
    return "ok"


# --- every adapter: two routes, one store ---------------------------------------------------------

API_KEY = "dedup-scopes"
#: post(path, body, headers) -> status
Post = Callable[[str, bytes, dict[str, str]], int]


def _receiver() -> Any:
    import authhooks

    return authhooks.Userfront(api_key=API_KEY)


def _flask(stores_by_route: dict[str, DedupStore], handler: Callable[[Any], Any]) -> Post:
    from flask import Flask

    from authhooks.flask import webhook

    app = Flask(__name__)
    for n, (route, store) in enumerate(stores_by_route.items()):
        flask_route = route.replace("{tenant}", "<tenant>")
        view = webhook(_receiver(), dedup=store)(lambda event, **kw: handler(event))
        app.add_url_rule(flask_route, f"hook{n}", view, methods=["POST"])
    client = app.test_client()
    return lambda path, body, headers: client.post(path, data=body, headers=headers).status_code


def _django(stores_by_route: dict[str, DedupStore], handler: Callable[[Any], Any]) -> Post:
    import types

    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import clear_url_caches, path

    import tests.integrations.apps.django_app  # noqa: F401  (configures Django)
    from authhooks.django import webhook

    urls = types.ModuleType("scope_urls")
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path(
            route.lstrip("/").replace("{tenant}", "<str:tenant>"),
            webhook(_receiver(), dedup=store)(lambda request, event, **kw: handler(event)),
        )
        for route, store in stores_by_route.items()
    ]
    client = Client(raise_request_exception=False)

    def post(url: str, body: bytes, headers: dict[str, str]) -> int:
        headers = dict(headers)
        content_type = headers.pop("Content-Type", "application/json")
        with override_settings(ROOT_URLCONF=urls):
            clear_url_caches()
            reply = client.post(url, body, content_type=content_type, headers=headers)
        clear_url_caches()
        return reply.status_code

    return post


def _asgi_post(app: Any) -> Post:
    from starlette.testclient import TestClient

    client = TestClient(app, raise_server_exceptions=False)
    return lambda path, body, headers: client.post(path, content=body, headers=headers).status_code


def _starlette_app(stores_by_route: dict[str, DedupStore], handler: Callable[[Any], Any]) -> Any:
    from starlette.applications import Starlette
    from starlette.routing import Mount, Route

    from authhooks.starlette import webhook_endpoint

    routes = [
        Route(route, webhook_endpoint(_receiver(), handler, dedup=store), methods=["POST"])
        for route, store in stores_by_route.items()
    ]
    # Mounted under a prefix, as apps often are: the mount is part of the endpoint.
    return Starlette(routes=[Mount("/api", routes=routes)])


def _fastapi_app(stores_by_route: dict[str, DedupStore], handler: Callable[[Any], Any]) -> Any:
    from fastapi import APIRouter, Depends, FastAPI

    from authhooks.fastapi import verified_event

    router = APIRouter(prefix="/api")
    for route, store in stores_by_route.items():
        dependency = verified_event(_receiver(), dedup=store)

        async def hook(event: Any = Depends(dependency)) -> None:
            handler(event)

        router.add_api_route(route, hook, methods=["POST"], status_code=204)
    app = FastAPI()
    app.include_router(router)
    return app


ASGI_APPS = {"starlette-endpoint": _starlette_app, "fastapi": _fastapi_app}


ADAPTERS: dict[str, Callable[[dict[str, DedupStore], Callable[[Any], Any]], Post]] = {
    "flask": _flask,
    "django": _django,
    "starlette-endpoint": lambda routes, handler: _asgi_post(_starlette_app(routes, handler)),
    "fastapi": lambda routes, handler: _asgi_post(_fastapi_app(routes, handler)),
}
#: Where each adapter serves a route (the ASGI ones are mounted under /api).
PREFIX = {"flask": "", "django": "", "starlette-endpoint": "/api", "fastapi": "/api"}


def _signed(n: int) -> tuple[bytes, dict[str, str]]:
    request = sign_userfront(
        {"action": "create", "model": "user", "record": {"userId": n}}, api_key=API_KEY
    )
    return request.body, dict(request.headers)


@pytest.fixture(params=sorted(ADAPTERS))
def adapter(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def test_two_routes_sharing_a_store_each_handle_the_event(adapter: str) -> None:
    store = MemoryStore()
    runs: list[str] = []
    post = ADAPTERS[adapter]({"/hooks/billing": store, "/hooks/audit": store}, runs.append)
    body, headers = _signed(1)
    prefix = PREFIX[adapter]
    for route in ("/hooks/billing", "/hooks/audit"):
        assert 200 <= post(prefix + route, body, headers) < 300
    assert len(runs) == 2  # the second endpoint's delivery is not lost
    for route in ("/hooks/billing", "/hooks/audit"):
        assert post(prefix + route, body, headers) == 200  # redeliveries are duplicates
    assert len(runs) == 2


def test_a_templated_route_is_one_endpoint(adapter: str) -> None:
    # A captured delivery replayed to another URL of the same route is still a duplicate.
    runs: list[str] = []
    post = ADAPTERS[adapter]({"/hooks/{tenant}": MemoryStore()}, runs.append)
    body, headers = _signed(2)
    prefix = PREFIX[adapter]
    assert 200 <= post(prefix + "/hooks/acme", body, headers) < 300
    assert post(prefix + "/hooks/other", body, headers) == 200
    assert len(runs) == 1


def test_routes_given_one_scoped_view_share_it(adapter: str) -> None:
    shared = MemoryStore().scoped("userfront-main")
    runs: list[str] = []
    post = ADAPTERS[adapter]({"/hooks/old": shared, "/hooks/new": shared}, runs.append)
    body, headers = _signed(3)
    prefix = PREFIX[adapter]
    assert 200 <= post(prefix + "/hooks/old", body, headers) < 300
    assert post(prefix + "/hooks/new", body, headers) == 200
    assert len(runs) == 1


def test_the_middleware_scopes_by_its_configured_paths() -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from authhooks.starlette import WebhookMiddleware

    runs: list[str] = []

    async def hook(request: Request) -> Response:
        runs.append(request.url.path)
        return Response(status_code=204)

    app = Starlette(
        routes=[Route("/a", hook, methods=["POST"]), Route("/b", hook, methods=["POST"])]
    )
    store = MemoryStore()
    post = _asgi_post(WebhookMiddleware(app, {"/a": _receiver(), "/b": _receiver()}, dedup=store))
    body, headers = _signed(4)
    assert [post(path, body, headers) for path in ("/a", "/b", "/a", "/b")] == [204, 204, 200, 200]
    assert runs == ["/a", "/b"]
    event = _receiver().verify(body, headers)
    assert store.get(store.key("userfront", event.id, "/a")) == "done"


def test_the_route_scope_is_the_same_in_another_process(adapter: str) -> None:
    # The scope is the declared route, not anything of the process: a second app built the
    # same way (another worker) sees the first one's record.
    store = MemoryStore()
    runs: list[str] = []
    first = ADAPTERS[adapter]({"/hooks/{tenant}": store}, runs.append)
    second = ADAPTERS[adapter]({"/hooks/{tenant}": store}, runs.append)
    body, headers = _signed(5)
    prefix = PREFIX[adapter]
    assert 200 <= first(prefix + "/hooks/acme", body, headers) < 300
    assert second(prefix + "/hooks/acme", body, headers) == 200
    assert len(runs) == 1


@pytest.mark.parametrize("adapter", ["starlette-endpoint", "fastapi"])
def test_the_servers_root_path_is_not_part_of_the_scope(adapter: str) -> None:
    # The same app behind a proxy prefix (uvicorn --root-path) is the same endpoint.
    from starlette.testclient import TestClient

    store = MemoryStore()
    runs: list[str] = []
    post = ADAPTERS[adapter]({"/hooks/{tenant}": store}, runs.append)
    body, headers = _signed(6)
    assert 200 <= post("/api/hooks/acme", body, headers) < 300
    app = ASGI_APPS[adapter]({"/hooks/{tenant}": store}, runs.append)
    client = TestClient(app, root_path="/gateway", raise_server_exceptions=False)
    reply = client.post("/gateway/api/hooks/acme", content=body, headers=headers)
    assert reply.status_code == 200, reply.text
    assert len(runs) == 1
