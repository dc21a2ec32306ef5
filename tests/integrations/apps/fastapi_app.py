"""A FastAPI app exercising every option of ``authhooks.fastapi.verified_event``."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from authhooks import WebhookError
from authhooks.fastapi import verified_event
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


app = FastAPI()


def _answering(dependency: Any) -> Any:
    async def route(event: Any = Depends(dependency)) -> Response:
        return Response(summary(event), media_type="application/json")

    return route


for _name, _receiver in RECEIVERS.items():
    app.post(f"/hooks/{_name}")(_answering(verified_event(_receiver)))

for _name, _options in OPTIONS.items():
    app.post(f"/{_name}")(_answering(verified_event(receiver_for(_name), **_options)))

userfront_event = verified_event(USERFRONT)
keys_event = verified_event(KeysDown())
custom_event = verified_event(USERFRONT, on_error=custom)
teapot_event = verified_event(USERFRONT, on_error=teapot)


@app.post("/keys", status_code=204, response_model=None)
def keys(event: Any = Depends(keys_event)) -> None:
    return None


@app.post("/empty", status_code=204, response_model=None)
def empty(event: Any = Depends(userfront_event)) -> None:
    return None


@app.post("/raise")
def boom(event: Any = Depends(userfront_event)) -> None:
    raise Boom("handler failed")


@app.api_route("/both", methods=["GET", "POST", "PUT"], status_code=204, response_model=None)
def both(event: Any = Depends(userfront_event)) -> None:
    return None


@app.post("/custom", status_code=204, response_model=None)
def customised(event: Any = Depends(custom_event)) -> None:
    return None


@app.post("/teapot", status_code=204, response_model=None)
def tea(event: Any = Depends(teapot_event)) -> None:
    return None


@app.post("/echo/{tag}")
async def echo(tag: str, request: Request, event: Any = Depends(userfront_event)) -> Response:
    return Response(await request.body(), headers={"X-Tag": tag})


@app.post("/async")
async def asynchronous(event: Any = Depends(userfront_event)) -> dict[str, str]:
    return {"provider": event.provider, "type": event.type, "id": event.id}


app.api_route("/okta", methods=["GET", "POST"])(_answering(verified_event(OKTA)))
