"""A Starlette app answering Supabase Auth hooks (see ``_hooks``): ``/endpoint/...``
(``webhook_endpoint`` with sync handlers), ``/endpoint-async/...`` (``async`` handlers) and
``/middleware/...`` (behind ``WebhookMiddleware``, where the app answers itself)."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from authhooks.providers.supabase import to_response
from authhooks.starlette import WebhookMiddleware, webhook_endpoint
from tests.integrations.apps._hooks import OWN_ANSWER, OWN_STATUS, RECEIVER, answer, fail, wrong


def own(event: Any) -> Response:
    return JSONResponse(OWN_ANSWER, OWN_STATUS)


async def async_answer(event: Any) -> Any:
    return answer(event)


async def async_fail(event: Any) -> Any:
    return fail(event)


async def behind_middleware(request: Request) -> Response:
    """The app's own answer to a hook the middleware verified."""
    event = request.state.webhook_event
    if request.url.path.endswith("/raise"):
        fail(event)
    reply = to_response(answer(event))
    return Response(reply.content, reply.status, dict(reply.headers))


ENDPOINTS = {"answer": answer, "raise": fail, "wrong": wrong, "response": own}
ASYNC_ENDPOINTS = {"answer": async_answer, "raise": async_fail}

app = Starlette(
    routes=[
        *(Route(f"/endpoint/{n}", webhook_endpoint(RECEIVER, h)) for n, h in ENDPOINTS.items()),
        *(
            Route(f"/endpoint-async/{n}", webhook_endpoint(RECEIVER, h))
            for n, h in ASYNC_ENDPOINTS.items()
        ),
        Route("/middleware/answer", behind_middleware, methods=["POST"]),
        Route("/middleware/raise", behind_middleware, methods=["POST"]),
    ],
    middleware=[
        Middleware(
            WebhookMiddleware,
            routes={"/middleware/answer": RECEIVER, "/middleware/raise": RECEIVER},
        )
    ],
)
