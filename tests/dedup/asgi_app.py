"""The app the multi-worker test serves with ``uvicorn --workers 2``: one RedisStore shared."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import redis.asyncio
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

import authhooks
from authhooks.dedup import RedisStore
from authhooks.starlette import webhook_endpoint

client = redis.asyncio.Redis(unix_socket_path=os.environ["AUTHHOOKS_TEST_REDIS_SOCKET"])
router = authhooks.Router()


@router.on("user.created")
async def created(event: authhooks.WebhookEvent) -> None:
    await client.incr(f"runs:{event.id}")
    await asyncio.sleep(1.0)  # hold the claim while the other deliveries arrive


async def pid(request: Any) -> PlainTextResponse:
    return PlainTextResponse(str(os.getpid()))


hook = webhook_endpoint(
    authhooks.Userfront(api_key="multi-worker"), router, dedup=RedisStore(client)
)
starlette_app = Starlette(
    routes=[Route("/hook", hook, methods=["POST"]), Route("/pid", pid, methods=["GET"])]
)


async def app(scope: Any, receive: Any, send: Any) -> None:
    """Record which worker process received each delivery, then serve it."""
    if scope["type"] == "http" and scope["path"] == "/hook":
        await client.sadd("workers", os.getpid())
    await starlette_app(scope, receive, send)
