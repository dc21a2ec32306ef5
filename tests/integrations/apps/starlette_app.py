"""Starlette apps exercising ``webhook_endpoint`` and ``WebhookMiddleware`` with every option."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from authhooks import WebhookError
from authhooks.starlette import WebhookMiddleware, webhook_endpoint
from tests.integrations.apps._batches import OKTA
from tests.integrations.apps._shared import (
    OPTIONS,
    RECEIVERS,
    USERFRONT,
    Boom,
    KeysDown,
    receiver_for,
    summary,
    teapot,
)


def custom(error: WebhookError, request: Request) -> Response:
    return PlainTextResponse(f"refused: {error.reason}", 400, {"X-Custom": "1"})


def answer(event: Any) -> Response:
    return Response(summary(event), media_type="application/json")


async def async_answer(event: Any) -> Response:
    return answer(event)


def empty(event: Any) -> None:
    return None


def boom(event: Any) -> None:
    raise Boom("handler failed")


async def echo(request: Request) -> Response:
    return Response(await request.body(), headers={"X-Tag": request.path_params["tag"]})


endpoint_app = Starlette(
    routes=[
        *(Route(f"/hooks/{n}", webhook_endpoint(r, answer)) for n, r in RECEIVERS.items()),
        *(
            Route(f"/{n}", webhook_endpoint(receiver_for(n), answer, **o))
            for n, o in OPTIONS.items()
        ),
        Route("/keys", webhook_endpoint(KeysDown(), empty)),
        Route("/empty", webhook_endpoint(USERFRONT, empty)),
        Route("/raise", webhook_endpoint(USERFRONT, boom)),
        Route("/both", webhook_endpoint(USERFRONT, empty)),
        Route("/custom", webhook_endpoint(USERFRONT, empty, on_error=custom)),
        Route("/teapot", webhook_endpoint(USERFRONT, empty, on_error=teapot)),
        Route("/async", webhook_endpoint(USERFRONT, async_answer)),
        Route("/echo/{tag}", echo, methods=["POST"]),
        Route("/okta", webhook_endpoint(OKTA, answer)),
    ],
    middleware=[
        Middleware(WebhookMiddleware, routes={"/echo/tag-1": USERFRONT, "/echo/chunked": USERFRONT})
    ],
)


async def from_state(request: Request) -> Response:
    event = request.state.webhook_event
    path = request.url.path
    if path == "/raise":
        raise Boom("handler failed")
    if path in {"/empty", "/keys", "/both", "/custom", "/teapot"}:
        return Response(status_code=204)
    if path.startswith("/echo/"):
        return Response(await request.body(), headers={"X-Tag": path.rsplit("/", 1)[1]})
    return answer(event)


_PLAIN = ["/empty", "/raise", "/both", "/async", "/echo/tag-1", "/echo/chunked"]
_PATHS = [f"/hooks/{n}" for n in RECEIVERS] + [f"/{n}" for n in OPTIONS] + _PLAIN
_OPTIONED = [
    Middleware(WebhookMiddleware, routes={f"/{name}": receiver_for(name)}, **options)
    for name, options in OPTIONS.items()
]

middleware_app = Starlette(
    routes=[
        Route(p, from_state, methods=["GET", "POST", "PUT"] if p == "/both" else ["POST"])
        for p in [*_PATHS, "/keys", "/custom", "/teapot"]
    ]
    + [Route("/okta", from_state, methods=["GET", "POST"])],
    middleware=[
        Middleware(
            WebhookMiddleware,
            routes={
                **{f"/hooks/{n}": r for n, r in RECEIVERS.items()},
                **dict.fromkeys(_PLAIN, USERFRONT),
            },
        ),
        *_OPTIONED,
        Middleware(WebhookMiddleware, routes={"/keys": KeysDown(), "/okta": OKTA}),
        Middleware(WebhookMiddleware, routes={"/custom": USERFRONT}, on_error=custom),
        Middleware(WebhookMiddleware, routes={"/teapot": USERFRONT}, on_error=teapot),
    ],
)
