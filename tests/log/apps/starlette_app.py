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
from tests.log.apps._shared import KINDS, RECEIVER, options, outcome


def _teapot(error: Any, request: Any) -> Response:
    return PlainTextResponse("refused", 418)


def _handler(kind: str) -> Any:
    def handle(event: Any) -> Response | None:  # sync: run in a thread
        status = outcome(kind)
        return None if status is None else PlainTextResponse("busy", status)

    return handle


def _behind_middleware(kind: str) -> Any:
    def view(request: Request) -> Response:
        assert "webhook_event" in request.state._state
        status = outcome(kind)
        return Response(status_code=204) if status is None else PlainTextResponse("busy", status)

    return view


routes = [
    Route(f"/endpoint/{kind}", webhook_endpoint(RECEIVER, _handler(kind), **options(kind, _teapot)))
    for kind in KINDS
]
routes += [
    Route(f"/middleware/{kind}", _behind_middleware(kind), methods=["GET", "POST"])
    for kind in KINDS
]
middleware = [
    Middleware(
        WebhookMiddleware,  # type: ignore[arg-type]
        routes={f"/middleware/{kind}": RECEIVER},
        **options(kind, _teapot),
    )
    for kind in KINDS
]
app = Starlette(routes=routes, middleware=middleware)
