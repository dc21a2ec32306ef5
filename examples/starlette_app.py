"""Receive Userfront webhooks in a Starlette app, with an endpoint and with the middleware.

Run it (the key is the webhook API key from Userfront's dashboard)::

    USERFRONT_WEBHOOK_KEY=... uvicorn examples.starlette_app:app --port 8000

``/hooks/userfront`` is a ``webhook_endpoint``; ``/hooks/userfront-raw`` shows the middleware,
which verifies the request and leaves the event in ``request.state.webhook_event``.
"""

from __future__ import annotations

import logging
import os

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import authhooks
from authhooks.starlette import WebhookMiddleware, webhook_endpoint

receiver = authhooks.Userfront(api_key=os.environ["USERFRONT_WEBHOOK_KEY"])
log = logging.getLogger(__name__)


async def on_userfront(event: authhooks.UserfrontEvent) -> None:
    """Runs only for requests proven to come from Userfront; returning None answers 204."""
    if event.kind == "user.created":
        log.info("new user %s", event.record.email)


async def raw(request: Request) -> JSONResponse:
    """Behind the middleware: the event is verified and the body is still readable."""
    event = request.state.webhook_event
    return JSONResponse({"type": event.type, "bytes": len(await request.body())})


app = Starlette(
    routes=[
        Route("/hooks/userfront", webhook_endpoint(receiver, on_userfront)),
        Route("/hooks/userfront-raw", raw, methods=["POST"]),
    ],
    middleware=[Middleware(WebhookMiddleware, routes={"/hooks/userfront-raw": receiver})],
)
