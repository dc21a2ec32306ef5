"""A Starlette app with logged routes of each kind: ``/endpoint/<kind>``
(``webhook_endpoint``) and ``/middleware/<kind>`` (``WebhookMiddleware``)."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from authhooks.starlette import WebhookMiddleware, webhook_endpoint
from tests.log.apps._shared import HOOKS, KINDS, hook_answer, options, outcome, receiver


def _teapot(error: Any, request: Any) -> Response:
    return PlainTextResponse("refused", 418)


def _handler(kind: str) -> Any:
    def handle(event: Any) -> Any:  # sync: run in a thread
        if kind in HOOKS:
            return hook_answer(kind, event)
        status = outcome(kind)
        return None if status is None else PlainTextResponse("busy", status)

    return handle


def _behind_middleware(kind: str) -> Any:
    def view(request: Request) -> Response:
        event = request.state.webhook_event
        if kind in HOOKS:  # behind a middleware the app answers itself
            answer = receiver(kind).answer(hook_answer(kind, event))
            return Response(answer.content, answer.status, dict(answer.headers))
        status = outcome(kind)
        return Response(status_code=204) if status is None else PlainTextResponse("busy", status)

    return view


routes = [
    Route(
        f"/endpoint/{kind}",
        webhook_endpoint(receiver(kind), _handler(kind), **options(kind, _teapot)),
    )
    for kind in KINDS
]
routes += [
    Route(f"/middleware/{kind}", _behind_middleware(kind), methods=["GET", "POST"])
    for kind in KINDS
]
middleware = [
    Middleware(
        WebhookMiddleware,  # type: ignore[arg-type]
        routes={f"/middleware/{kind}": receiver(kind)},
        **options(kind, _teapot),
    )
    for kind in KINDS
]
app = Starlette(routes=routes, middleware=middleware)
