from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from authhooks.starlette import WebhookMiddleware, webhook_endpoint
from tests.integrations._asgi import (
    ANNOUNCED,
    PARTIAL_BODIES,
    call as asgi_call,
    check_client_gone,
    gone_in_process,
    http_scope,
)
from tests.integrations._contract import (
    Call,
    Contract,
    Reply,
    assert_error,
    check_example,
    chunks,
    http_call,
    signed,
)
from tests.integrations.apps._shared import USERFRONT
from tests.integrations.apps.starlette_app import endpoint_app, middleware_app
from tests.integrations.conftest import serve


def from_loopback(app: ASGIApp) -> ASGIApp:
    """The app as seen from 127.0.0.1 (the test client's peer is not an address)."""

    async def shim(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "client": ("127.0.0.1", 50000)}
        await app(scope, receive, send)

    return shim


def client_call(app: ASGIApp) -> Iterator[Call]:
    with TestClient(from_loopback(app), raise_server_exceptions=False) as client:

        def send(
            method: str, path: str, body: bytes, headers: dict[str, str], chunked: bool
        ) -> Reply:
            content: Any = chunks(body) if chunked else (body or None)
            reply = client.request(method, path, content=content, headers=headers)
            return Reply(
                reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, reply.content
            )

        yield Call(send, in_process=True, notes={"app": app})


APPS = {"endpoint": "endpoint_app", "middleware": "middleware_app"}


@pytest.fixture(
    scope="module",
    params=[(a, w) for a in APPS for w in ("test_client", "uvicorn")],
    ids="-".join,
)
def call(request: pytest.FixtureRequest) -> Iterator[Call]:
    style, way = request.param
    if way == "test_client":
        yield from client_call(endpoint_app if style == "endpoint" else middleware_app)
        return
    target = f"tests.integrations.apps.starlette_app:{APPS[style]}"
    with serve("asgi", target) as url, http_call(url) as http:
        http.notes["target"] = target
        yield http


class TestStarlette(Contract):
    def test_async_handler(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/async", body, headers)
        assert reply.status == 200
        assert reply.json()["provider"] == "userfront"

    def test_client_gone_before_its_body_is_read(self, call: Call) -> None:
        check_client_gone(call, "/empty")


def test_other_paths_and_scopes_pass_through() -> None:
    async def hello(request: Request) -> Response:
        return PlainTextResponse("hello")

    app = Starlette(
        routes=[Route("/", hello)],
        middleware=[Middleware(WebhookMiddleware, routes={"/hooks": USERFRONT})],
    )
    with TestClient(app) as client:  # runs the lifespan scope through the middleware
        assert client.get("/").text == "hello"


def test_router_returning_a_coroutine_is_awaited() -> None:
    seen: list[str] = []

    async def handle(event: Any) -> Response:
        seen.append(event.type)
        return PlainTextResponse("done", 202)

    def router(event: Any) -> Any:  # a plain callable dispatching to an async handler
        return handle(event)

    app = Starlette(routes=[Route("/", webhook_endpoint(USERFRONT, router))])
    body, headers = signed()
    reply = TestClient(app).post("/", content=body, headers=headers)
    assert (reply.status_code, reply.text, seen) == (202, "done", ["user.create"])


def test_handler_must_return_a_response() -> None:
    app = Starlette(routes=[Route("/", webhook_endpoint(USERFRONT, lambda event: {"a": 1}))])
    body, headers = signed()
    with pytest.raises(TypeError, match="returns None or a Response"):
        TestClient(app).post("/", content=body, headers=headers)


def test_example_app(monkeypatch: pytest.MonkeyPatch) -> None:
    check_example("asgi", "examples.starlette_app:app", monkeypatch)


def test_client_gone_before_the_body_is_read() -> None:
    import asyncio

    calls: list[Any] = []
    sent: list[Any] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope)

    async def receive() -> Any:
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    middleware = WebhookMiddleware(app, routes={"/hooks": USERFRONT})
    endpoint = webhook_endpoint(USERFRONT, lambda event: None)
    scope = {"type": "http", "method": "POST", "path": "/hooks", "headers": [], "client": None}
    asyncio.run(middleware(dict(scope), receive, send))
    asyncio.run(endpoint(dict(scope), receive, send))
    assert (calls, sent) == ([], [])


@pytest.mark.parametrize("entry", ["endpoint", "middleware"])
@pytest.mark.parametrize("parts", sorted(PARTIAL_BODIES))
def test_a_client_gone_mid_body_claims_nothing(entry: str, parts: str) -> None:
    from authhooks.dedup import MemoryStore

    store = MemoryStore()
    runs: list[Any] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        runs.append(scope)

    if entry == "endpoint":
        asgi: ASGIApp = webhook_endpoint(USERFRONT, runs.append, dedup=store)
    else:
        asgi = WebhookMiddleware(app, routes={"/hooks": USERFRONT}, dedup=store)
    for headers in ANNOUNCED.values():
        sent, records = gone_in_process(asgi, "/hooks", PARTIAL_BODIES[parts], headers)
        assert (sent, runs, len(store), records) == ([], [], 0, [])


# -- the middleware under a root path ---------------------------------------------------------

#: Spellings of ``<prefix>/hooks`` a router may take for it, or that are one redirect away.
SPELLINGS = [
    "{p}/hooks",
    "{p}/hooks/",
    "{p}/HOOKS",
    "{p}/Hooks/",
    "{p}//hooks",
    "{p}/hooks//",
    "{p}/ho%6Fks",
    "{p}/hooks%2F",
    "{p}/hooks%2f",
    "{p}/./hooks",
    "{p}/x/../hooks",
]


def _home(prefix: str) -> str:
    return f"{prefix}/hooks/" if prefix == "/slash" else f"{prefix}/hooks"


def _raw_request(url: str, target: str, body: bytes, headers: dict[str, str], method: str) -> Reply:
    """A request with ``target`` sent as it is (no client-side normalisation)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request(method, target, body=body or None, headers=headers)
        response = connection.getresponse()
        return Reply(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        )
    finally:
        connection.close()


def _check_never_unverified(reply: Reply, forged: bool) -> None:
    if "x-reached" in reply.headers:
        assert not forged, f"a forged request reached {reply.headers['x-reached']}"
        assert reply.json() == {"verified": True}, reply.headers["x-reached"]


@pytest.mark.network
@pytest.mark.parametrize("root_path", ["", "/api", "/api/", "/srv/api"])
def test_flat_app_under_a_server_root_path(root_path: str) -> None:
    body, headers = signed()
    with serve("asgi", "tests.integrations.apps.starlette_paths:flat", root_path=root_path) as url:
        home = _raw_request(url, "/hooks", body, headers, "POST")
        assert (home.status, home.json()) == (200, {"verified": True})
        for spelling in SPELLINGS:
            target = spelling.format(p="")
            forged = _raw_request(url, target, body, {}, "POST")
            _check_never_unverified(forged, forged=True)
            assert_error(forged, 401, "missing_header")
            _check_never_unverified(_raw_request(url, target, body, headers, "POST"), False)
        for method in ("GET", "HEAD"):
            assert _raw_request(url, "/hooks", b"", {}, method).status == 405
        # A proxy that does not strip the prefix: the router finds nothing there either.
        if root_path:
            target = root_path.rstrip("/") + "/hooks"
            _check_never_unverified(_raw_request(url, target, body, {}, "POST"), True)


@pytest.mark.network
@pytest.mark.parametrize("root_path", ["", "/srv"])
def test_mounted_apps_under_a_real_server(root_path: str) -> None:
    from tests.integrations.apps.starlette_paths import MOUNTS

    body, headers = signed()
    target_app = "tests.integrations.apps.starlette_paths:mounts"
    with serve("asgi", target_app, root_path=root_path) as url:
        for prefix in MOUNTS:
            home = _raw_request(url, _home(prefix), body, headers, "POST")
            assert (home.status, home.json()) == (200, {"verified": True}), prefix
            for spelling in SPELLINGS:
                target = spelling.format(p=prefix)
                forged = _raw_request(url, target, body, {}, "POST")
                _check_never_unverified(forged, forged=True)
                assert_error(forged, 401, "missing_header")
                _check_never_unverified(_raw_request(url, target, body, headers, "POST"), False)
                # The mount's own prefix spelt otherwise: the outer router routes it nowhere.
                for other in (prefix.upper(), "/" + prefix):
                    target = spelling.format(p=other)
                    _check_never_unverified(_raw_request(url, target, body, {}, "POST"), True)
            for method in ("GET", "HEAD"):
                assert _raw_request(url, _home(prefix), b"", {}, method).status == 405


@pytest.mark.network
def test_a_redirected_delivery_is_verified_where_it_lands() -> None:
    import httpx

    body, headers = signed()
    target_app = "tests.integrations.apps.starlette_paths:mounts"
    with serve("asgi", target_app) as url, httpx.Client(base_url=url, timeout=10) as client:
        for path in ("/slash/hooks", "/inner/hooks/"):
            first = client.post(path, content=body, headers=headers)
            assert first.status_code == 307  # verified, then redirected by the router
            landed = client.post(path, content=body, headers=headers, follow_redirects=True)
            assert (landed.status_code, landed.json()) == (200, {"verified": True})
            assert client.post(path, content=body).status_code == 401


_ROOTS = ["", "/srv", "/srv/", "/SRV", "/a/b"]
_PREFIXES = ["", "/inner", "/outer", "/url", "/deep/er", "/deep", "/slash", "/bare", "/INNER"]
_SEGMENTS = ["hooks", "HOOKS", "ho%6Fks", "hooks%2F", "", ".", "..", "x", "inner", "url", "er"]


@st.composite
def _requests(draw: st.DrawFn) -> tuple[str, dict[str, Any], bool]:
    """An app, a scope a server could build for it, and whether the request is genuine."""
    from urllib.parse import unquote

    root = draw(st.sampled_from(_ROOTS))
    target = (
        draw(st.sampled_from(_PREFIXES))
        + "/"
        + "/".join(draw(st.lists(st.sampled_from(_SEGMENTS), min_size=1, max_size=4)))
    )
    path = unquote(target) if draw(st.booleans()) else target  # servers decode; some do not
    if draw(st.booleans()):  # servers put root_path in path; some do not
        path = root + path
    genuine = draw(st.booleans())
    scope = http_scope(
        path,
        signed()[1] if genuine else {},
        method=draw(st.sampled_from(["POST", "POST", "GET", "HEAD"])),
        root_path=root,
        raw_path=target.encode(),
    )
    return draw(st.sampled_from(["flat", "mounts"])), scope, genuine


@given(_requests())
@settings(max_examples=400, deadline=None)
def test_no_spelling_of_a_configured_path_reaches_the_app_unverified(
    request: tuple[str, dict[str, Any], bool],
) -> None:
    """Whatever the root path, its place in ``path`` and the spelling, through the real
    router of the installed Starlette: a request reaches a route only verified."""
    from tests.integrations.apps import starlette_paths

    app_name, scope, genuine = request
    body = signed()[0]
    reply = asgi_call(getattr(starlette_paths, app_name), scope, body)
    _check_never_unverified(reply, forged=not genuine)


@pytest.mark.parametrize(
    ("path", "root_path", "raw_path"),
    [
        ("/api/hooks", "/api", None),  # uvicorn --root-path /api
        ("/hooks", "/api", None),  # a server that leaves root_path out of path
        ("/api//hooks", "/api/", None),  # a root path given with its slash
        ("/api/hooks", "/api", b"/api/ho%6fks"),
        ("/api/hooks/", "/api", b"/api/hooks%2F"),
        ("/API/Hooks", "/api", None),
        ("/api/v1/hooks", "/api/v1", None),
        ("/hooks", "", b"/HOOKS"),
    ],
)
def test_the_middleware_matches_under_the_root_path(
    path: str, root_path: str, raw_path: bytes | None
) -> None:
    from starlette.routing import request_response

    from tests.integrations.apps.starlette_paths import reached

    app = WebhookMiddleware(request_response(reached), routes={"/hooks": USERFRONT})
    body, headers = signed()
    forged = asgi_call(app, http_scope(path, root_path=root_path, raw_path=raw_path), body)
    assert_error(forged, 401, "missing_header")
    genuine = asgi_call(app, http_scope(path, headers, root_path=root_path), body)
    assert (genuine.status, genuine.json()) == (200, {"verified": True})


def test_other_paths_under_a_root_path_pass_through() -> None:
    from starlette.routing import request_response

    from tests.integrations.apps.starlette_paths import reached

    app = WebhookMiddleware(request_response(reached), routes={"/hooks": USERFRONT})
    for path, root in [("/api/other", "/api"), ("/api/hooks/x", "/api"), ("/hooksx", "")]:
        reply = asgi_call(app, http_scope(path, root_path=root), b"{}")
        assert (reply.status, reply.json()) == (200, {"verified": False}), path


@pytest.mark.parametrize(
    ("routes", "message"),
    [
        ({"hooks": USERFRONT}, "starts with '/'"),
        ({"/hooks/{provider}": USERFRONT}, "path parameter"),
        ({"/hooks": USERFRONT, "/Hooks/": USERFRONT}, "name the same route"),
    ],
)
def test_paths_that_could_never_match_are_refused(routes: Any, message: str) -> None:
    from authhooks import ConfigurationError

    with pytest.raises(ConfigurationError, match=message):
        WebhookMiddleware(PlainTextResponse("x"), routes=routes)


# -- a failure answer releases the event for the provider's retry -----------------------------

RETRY_WAYS = [(way, store) for way in ("test_client", "uvicorn") for store in ("memory", "redis")]


@pytest.fixture(scope="module", params=RETRY_WAYS, ids="-".join)
def retry_call(request: pytest.FixtureRequest) -> Iterator[Call]:
    from tests.integrations._asgi import retry_calls

    with retry_calls(*request.param, "tests.integrations.apps.starlette_retry") as call:
        yield call


def check_retry_is_handled(call: Call, path: str, fail: str) -> None:
    """The first delivery fails with ``fail``; the retry runs the handler again; the next
    delivery is a duplicate."""
    from tests.integrations.apps._retry import delivery, first_status

    body, headers = delivery(fail)
    assert call(path, body, headers).status == first_status(fail)
    retry = call(path, body, headers)
    assert (retry.status, retry.json()) == (200, {"runs": 2})
    again = call(path, body, headers)
    assert (again.status, again.json()) == (200, {"status": "duplicate"})


@pytest.mark.parametrize("fail", ["500", "503", "400", "409", "302", "raise"])
@pytest.mark.parametrize("path", ["/endpoint", "/middleware"])
def test_a_failure_answer_releases_the_event(retry_call: Call, path: str, fail: str) -> None:
    check_retry_is_handled(retry_call, path, fail)


@pytest.mark.parametrize("path", ["/batch", "/batch-async", "/batch-middleware"])
def test_a_batch_retry_runs_only_the_failed_event(retry_call: Call, path: str) -> None:
    from tests.integrations._contract import check_batch_retry

    check_batch_retry(retry_call, path)


def test_an_app_that_sends_no_answer_releases_the_event() -> None:
    from authhooks.dedup import MemoryStore

    answered: list[bool] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if answered:  # the retry is answered; the first delivery was not (the server sends 500)
            await PlainTextResponse("handled")(scope, receive, send)
        answered.append(True)

    middleware = WebhookMiddleware(app, routes={"/hooks": USERFRONT}, dedup=MemoryStore())
    body, headers = signed()
    assert asgi_call(middleware, http_scope("/hooks", headers), body).status == 0
    retry = asgi_call(middleware, http_scope("/hooks", headers), body)
    assert (retry.status, retry.body) == (200, b"handled")
    assert asgi_call(middleware, http_scope("/hooks", headers), body).json() == {
        "status": "duplicate"
    }


def test_a_handler_answering_the_wrong_type_releases_the_event() -> None:
    from authhooks.dedup import MemoryStore

    answers: list[Any] = [{"not": "a response"}, None]
    endpoint = webhook_endpoint(USERFRONT, lambda event: answers.pop(0), dedup=MemoryStore())
    client = TestClient(Starlette(routes=[Route("/", endpoint)]), raise_server_exceptions=False)
    body, headers = signed()
    assert client.post("/", content=body, headers=headers).status_code == 500
    assert client.post("/", content=body, headers=headers).status_code == 204
    assert client.post("/", content=body, headers=headers).json() == {"status": "duplicate"}


# -- memory: a body in many tiny messages -----------------------------------------------------

MIB = 1024 * 1024


def _entry(name: str) -> ASGIApp:
    from starlette.routing import request_response

    from tests.integrations.apps.starlette_paths import reached

    if name == "middleware":
        return WebhookMiddleware(request_response(reached), routes={"/hooks": USERFRONT})
    return webhook_endpoint(USERFRONT, lambda event: None)


@pytest.mark.parametrize(
    ("entry", "size", "length", "status"),
    [
        pytest.param("middleware", 1, MIB, 401, marks=pytest.mark.slow),
        ("middleware", 3, MIB, 401),
        ("endpoint", 5, MIB, 401),
        ("endpoint", 2, MIB + 1, 413),
    ],
)
def test_a_body_in_tiny_messages_is_held_once(
    entry: str, size: int, length: int, status: int
) -> None:
    """A 1 MiB body (the default limit) a few bytes a message costs a small multiple of
    1 MiB, not an object per message."""
    from tests.integrations._asgi import peak_memory

    reply, peak = peak_memory(_entry(entry), http_scope("/hooks"), b"x" * length, size)
    assert reply.status == status  # read whole (then refused: unsigned), or refused at the limit
    assert peak < 3 * MIB, f"{peak / MIB:.1f} MiB at peak"


def test_a_body_in_one_message_is_handed_on_without_a_copy() -> None:
    from tests.integrations._asgi import Dripping

    seen: list[bytes] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append((await receive())["body"])
        await PlainTextResponse("ok")(scope, receive, send)

    body, headers = signed()
    receive = Dripping(body)
    middleware = WebhookMiddleware(app, routes={"/hooks": USERFRONT})
    import asyncio

    from tests.integrations._asgi import _call

    assert asyncio.run(_call(middleware, http_scope("/hooks", headers), receive)).status == 200
    assert seen[0] is receive.first
