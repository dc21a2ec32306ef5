"""A Starlette app whose ``webhook_endpoint`` and ``WebhookMiddleware`` routes fail a
delivery once, then handle its retry (see ``_retry``)."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from authhooks.dedup import DedupStore
from authhooks.starlette import WebhookMiddleware, webhook_endpoint
from tests.integrations.apps._batches import ASYNC_ROUTER, OKTA, ROUTER, ran
from tests.integrations.apps._retry import (
    RECEIVER,
    RUNS,
    first_failure,
    store_from_environment,
)


def answer(event: Any) -> Response:
    fail = first_failure(event)
    if fail is not None:
        return JSONResponse({"failed": fail}, int(fail))
    return JSONResponse({"runs": RUNS[event.id]})


async def behind_middleware(request: Request) -> Response:
    return answer(request.state.webhook_event)


def batch(delivered: Any) -> Response:
    ROUTER(delivered)
    return JSONResponse(ran(delivered))


async def batch_async(delivered: Any) -> Response:
    await ASYNC_ROUTER(delivered)
    return JSONResponse(ran(delivered))


async def batch_behind_middleware(request: Request) -> Response:
    return await batch_async(request.state.webhook_event)


def build(store: DedupStore) -> Starlette:
    """``/endpoint`` (a ``webhook_endpoint``) and ``/middleware`` (behind the middleware);
    Okta batches on ``/batch``, ``/batch-async`` and ``/batch-middleware``."""
    return Starlette(
        routes=[
            Route("/endpoint", webhook_endpoint(RECEIVER, answer, dedup=store)),
            Route("/middleware", behind_middleware, methods=["POST"]),
            Route("/batch", webhook_endpoint(OKTA, batch, dedup=store)),
            Route("/batch-async", webhook_endpoint(OKTA, batch_async, dedup=store)),
            Route("/batch-middleware", batch_behind_middleware, methods=["POST"]),
        ],
        middleware=[
            Middleware(
                WebhookMiddleware,
                routes={"/middleware": RECEIVER, "/batch-middleware": OKTA},
                dedup=store,
            )
        ],
    )


app = build(store_from_environment())
