"""A FastAPI app with logged routes of each kind: ``/fastapi/<kind>`` (a plain route) and
``/webhookroute/<kind>`` (on a ``WebhookRoute``, which sees the answer)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException
from starlette.responses import PlainTextResponse, Response

from authhooks.fastapi import WebhookRoute, verified_event
from tests.log.apps._shared import HOOKS, KINDS, hook_answer, options, outcome, receiver


def _teapot(error: Any, request: Any) -> Response:
    return PlainTextResponse("refused", 418)


app = FastAPI()
plain = APIRouter()
answering = APIRouter(route_class=WebhookRoute)


def _add(router: APIRouter, prefix: str, kind: str) -> None:
    dependency = verified_event(receiver(kind), **options(kind, _teapot))

    def view(event: Any = Depends(dependency)) -> Any:  # sync: run in a thread
        if kind in HOOKS:
            return hook_answer(kind, event)
        status = outcome(kind)
        if status is None:
            return Response(status_code=204)
        if prefix == "fastapi":  # a plain route's dependency sees a raised status only
            raise HTTPException(status, "busy")
        return PlainTextResponse("busy", status)

    router.add_api_route(
        f"/{prefix}/{kind}",
        view,
        methods=["GET", "POST"],
        status_code=200 if kind in HOOKS else 204,
        response_model=None,
    )


for _kind in KINDS:
    _add(plain, "fastapi", _kind)
    _add(answering, "webhookroute", _kind)
app.include_router(plain)
app.include_router(answering)
