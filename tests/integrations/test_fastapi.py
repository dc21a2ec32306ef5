from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from fastapi import Depends, FastAPI, Request

from authhooks.fastapi import verified_event
from tests.integrations._asgi import ANNOUNCED, PARTIAL_BODIES, check_client_gone, gone_in_process
from tests.integrations._contract import (
    Call,
    Contract,
    assert_error,
    check_example,
    http_call,
    signed,
)
from tests.integrations.apps._shared import USERFRONT
from tests.integrations.apps.fastapi_app import app
from tests.integrations.conftest import serve
from tests.integrations.test_starlette import check_retry_is_handled, client_call


@pytest.fixture(scope="module", params=["test_client", "uvicorn"])
def call(request: pytest.FixtureRequest) -> Iterator[Call]:
    if request.param == "test_client":
        yield from client_call(app)
        return
    target = "tests.integrations.apps.fastapi_app:app"
    with serve("asgi", target) as url, http_call(url) as http:
        http.notes["target"] = target
        yield http


class TestFastAPI(Contract):
    def test_async_route(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/async", body, headers)
        assert reply.status == 200
        assert reply.json()["provider"] == "userfront"

    def test_client_gone_before_its_body_is_read(self, call: Call) -> None:
        check_client_gone(call, "/empty")


@pytest.mark.parametrize("route_class", ["WebhookRoute", "APIRoute"])
@pytest.mark.parametrize("parts", sorted(PARTIAL_BODIES))
def test_a_client_gone_mid_body_claims_nothing(route_class: str, parts: str) -> None:
    from fastapi import APIRouter

    from authhooks.dedup import MemoryStore
    from authhooks.fastapi import WebhookRoute

    store = MemoryStore()
    dependency = verified_event(USERFRONT, dedup=store)
    router = APIRouter(route_class=WebhookRoute) if route_class == "WebhookRoute" else APIRouter()
    runs: list[Any] = []

    @router.post("/hooks", status_code=204, response_model=None)
    async def hook(event: Any = Depends(dependency)) -> None:
        runs.append(event)

    app = FastAPI()
    app.include_router(router)
    for headers in ANNOUNCED.values():
        sent, records = gone_in_process(app, "/hooks", PARTIAL_BODIES[parts], headers)
        assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [400]
        assert (runs, len(store), records) == ([], 0, [])


def test_example_app(monkeypatch: pytest.MonkeyPatch) -> None:
    check_example("asgi", "examples.fastapi_app:app", monkeypatch)


def test_refusals_keep_their_shape_under_custom_exception_handlers() -> None:
    from fastapi.responses import PlainTextResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    custom_app = FastAPI()
    dependency = verified_event(USERFRONT)

    @custom_app.exception_handler(StarletteHTTPException)
    async def plain(request: Any, exc: StarletteHTTPException) -> PlainTextResponse:
        return PlainTextResponse("handled elsewhere", exc.status_code)

    @custom_app.post("/hook", status_code=204, response_model=None)
    def hook(event: Any = Depends(dependency)) -> None:
        return None

    call = next(client_call(custom_app))
    body, headers = signed()
    assert call("/hook", body, headers).status == 204
    reply = call("/hook", body, {"Content-Type": "application/json"})
    assert (reply.status, reply.json()["error"]) == (401, "missing_header")
    assert call("/nowhere", body, headers).body == b"handled elsewhere"


# -- a failure answer releases the event for the provider's retry -----------------------------

RETRY_WAYS = [(way, store) for way in ("test_client", "uvicorn") for store in ("memory", "redis")]


@pytest.fixture(scope="module", params=RETRY_WAYS, ids="-".join)
def retry_call(request: pytest.FixtureRequest) -> Iterator[Call]:
    from tests.integrations._asgi import retry_calls

    with retry_calls(*request.param, "tests.integrations.apps.fastapi_retry") as call:
        yield call


@pytest.mark.parametrize(
    ("path", "fail"),
    [
        *(
            ("/route/async", fail)
            for fail in ["500", "503", "400", "409", "302", "raise", "http-503", "set-503"]
        ),
        *(("/route/sync", fail) for fail in ["500", "503", "400", "raise"]),
        *(("/app/async", fail) for fail in ["503", "set-500", "http-503"]),
        # Without the route class, the dependency sees what the route raises.
        *(("/plain/async", fail) for fail in ["raise", "http-503", "http-400"]),
    ],
)
def test_a_failure_answer_releases_the_event(retry_call: Call, path: str, fail: str) -> None:
    check_retry_is_handled(retry_call, path, fail)


@pytest.mark.parametrize("path", ["/route/batch-async", "/route/batch", "/plain/batch-async"])
def test_a_batch_retry_runs_only_the_failed_event(retry_call: Call, path: str) -> None:
    from tests.integrations._contract import check_batch_retry

    check_batch_retry(retry_call, path)


def test_a_returned_failure_outside_the_route_class_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from authhooks.dedup import MemoryStore
    from tests.integrations.apps._retry import delivery
    from tests.integrations.apps.fastapi_retry import build

    call = next(client_call(build(MemoryStore())))
    with caplog.at_level(logging.WARNING, logger="authhooks"):
        for _ in range(2):
            for path in ("/plain/async", "/route/async"):
                assert call(path, *delivery("503")).status == 503
    warnings = [r.getMessage() for r in caplog.records if "WebhookRoute" in r.getMessage()]
    assert len(warnings) == 1  # once, for the route without the route class
    assert "/plain/async" in warnings[0]


def test_the_route_class_keeps_the_refusals() -> None:
    from fastapi import APIRouter

    from authhooks.fastapi import WebhookRoute

    app = FastAPI()
    router = APIRouter(route_class=WebhookRoute)
    dependency = verified_event(USERFRONT)

    @router.api_route("/hook", methods=["GET", "POST"], status_code=204, response_model=None)
    def hook(event: Any = Depends(dependency)) -> None:
        return None

    app.include_router(router)
    call = next(client_call(app))
    body, headers = signed()
    assert call("/hook", body, headers).status == 204
    assert_error(call("/hook", body, {}), 401, "missing_header")
    assert_error(call("/hook", method="GET"), 405, "method_not_allowed")


def test_the_middleware_under_fastapi_root_path() -> None:
    from authhooks.starlette import WebhookMiddleware

    with warnings.catch_warnings():  # deprecated in recent FastAPI, still in use
        warnings.simplefilter("ignore")
        app = FastAPI(root_path="/api")
    app.add_middleware(WebhookMiddleware, routes={"/hooks": USERFRONT})

    @app.post("/hooks")
    async def hooks(request: Request) -> dict[str, bool]:
        return {"verified": getattr(request.state, "webhook_event", None) is not None}

    call = next(client_call(app))
    body, headers = signed()
    for path in ("/hooks", "/api/hooks"):  # a proxy that strips the prefix, and one that does not
        assert_error(call(path, body, {}), 401, "missing_header")
        reply = call(path, body, headers)
        assert (reply.status, reply.json()) == (200, {"verified": True})


MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("size", "length", "status"),
    [pytest.param(1, MIB, 401, marks=pytest.mark.slow), (3, MIB + 1, 413)],
)
def test_a_body_in_tiny_messages_is_held_once(size: int, length: int, status: int) -> None:
    """The dependency reads ``request.stream()``: a 1 MiB body a few bytes a message costs a
    small multiple of 1 MiB, not an object per message."""
    from tests.integrations._asgi import http_scope, peak_memory

    app = FastAPI()
    dependency = verified_event(USERFRONT)

    @app.post("/hooks", status_code=204, response_model=None)
    def hook(event: Any = Depends(dependency)) -> None:
        return None

    reply, peak = peak_memory(app, http_scope("/hooks"), b"x" * length, size)
    assert reply.status == status
    assert peak < 3 * MIB, f"{peak / MIB:.1f} MiB at peak"


def test_a_body_in_one_message_is_read_without_a_copy() -> None:
    import asyncio

    from tests.integrations._asgi import Dripping, _call, http_scope

    app = FastAPI()
    dependency = verified_event(USERFRONT)
    seen: list[bytes] = []

    @app.post("/hooks", status_code=204, response_model=None)
    async def hook(request: Request, event: Any = Depends(dependency)) -> None:
        seen.append(await request.body())

    body, headers = signed()
    receive = Dripping(body)
    assert asyncio.run(_call(app, http_scope("/hooks", headers), receive)).status == 204
    assert seen[0] is receive.first
