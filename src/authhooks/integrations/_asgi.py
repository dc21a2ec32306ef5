"""ASGI request plumbing shared by the Starlette and FastAPI adapters, after their import guard."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from authhooks.errors import WebhookError
from authhooks.integrations._common import (
    METHOD_NOT_ALLOWED,
    ClientDisconnected,
    ErrorResponse,
    Settings,
    aread_asgi_body,
)

__all__ = ["accept", "refuse", "render", "verify"]


async def verify(receiver: Any, body: bytes, headers: Any) -> Any:
    """``receiver.verify``: in a worker thread when it may block on the network, else inline
    (a thread hop costs more than an HMAC or a Bearer check)."""
    if getattr(receiver, "may_block", True):
        return await run_in_threadpool(receiver.verify, body, headers)
    return receiver.verify(body, headers)


def render(answer: Any) -> Any:
    """A Starlette response for an [`ErrorResponse`][authhooks.integrations.ErrorResponse]; other
    answers are returned as is."""
    if isinstance(answer, ErrorResponse):
        return Response(answer.content, answer.status, answer.headers, "application/json")
    return answer


async def accept(
    settings: Settings, scope: Scope, receive: Receive, send: Send
) -> tuple[Any, bytes] | None:
    """Check, read (bounded) and verify the request; ``None`` when it was answered instead."""
    if scope["method"] != "POST":
        await render(METHOD_NOT_ALLOWED)(scope, receive, send)
        return None
    headers = Headers(scope=scope)
    client = scope.get("client")
    try:
        settings.check_request(
            client[0] if client else None,
            # Only an allow-list reads it: no header scan for the others.
            (",".join(headers.getlist("x-forwarded-for")) or None)
            if settings.allow_list is not None
            else None,
            headers.get("content-length"),
        )
        body = await aread_asgi_body(receive, settings.max_body_size)
        event = await verify(settings.receiver, body, headers)
    except ClientDisconnected:
        return None
    except WebhookError as exc:
        await refuse(settings, exc, scope, receive, send)
        return None
    return event, body


async def refuse(
    settings: Settings, error: WebhookError, scope: Scope, receive: Receive, send: Send
) -> None:
    """Answer the request with ``settings.refuse(error, ...)``."""
    await render(settings.refuse(error, Request(scope), scope["path"]))(scope, receive, send)
