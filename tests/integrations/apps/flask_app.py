"""A Flask app exercising every option of ``authhooks.flask.webhook``."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request

from authhooks import WebhookError
from authhooks.flask import webhook
from tests.integrations.apps._shared import (
    OPTIONS,
    RECEIVERS,
    USERFRONT,
    Boom,
    KeysDown,
    summary,
    teapot,
)


def custom(error: WebhookError, req: Any) -> Response:
    return Response(f"refused: {error.reason}", 400, {"X-Custom": "1"}, mimetype="text/plain")


def create_app() -> Flask:
    app = Flask(__name__)

    for name, receiver in RECEIVERS.items():

        @app.post(f"/hooks/{name}", endpoint=f"hooks_{name}")
        @webhook(receiver)
        def hooks(event: Any) -> Response:
            return Response(summary(event), 200, mimetype="application/json")

    for name, options in OPTIONS.items():

        @app.post(f"/{name}", endpoint=name)
        @webhook(USERFRONT, **options)
        def optioned(event: Any) -> Response:
            return Response(summary(event), 200, mimetype="application/json")

    @app.post("/empty")
    @webhook(USERFRONT)
    def empty(event: Any) -> None:
        return None

    @app.post("/keys")
    @webhook(KeysDown())
    def keys(event: Any) -> None:
        return None

    @app.post("/raise")
    @webhook(USERFRONT)
    def boom(event: Any) -> None:
        raise Boom("handler failed")

    @app.route("/both", methods=["GET", "POST", "PUT"])
    @webhook(USERFRONT)
    def both(event: Any) -> None:
        return None

    @app.post("/custom")
    @webhook(USERFRONT, on_error=custom)
    def customised(event: Any) -> None:
        return None

    @app.post("/teapot")
    @webhook(USERFRONT, on_error=teapot)
    def tea(event: Any) -> None:
        return None

    @app.post("/echo/<tag>")
    @webhook(USERFRONT)
    def echo(event: Any, tag: str) -> Response:
        return Response(request.get_data(), 200, {"X-Tag": tag})

    @app.post("/async")
    @webhook(USERFRONT)
    async def asynchronous(event: Any) -> Response:
        return Response(summary(event), 200, mimetype="application/json")

    return app


app = create_app()
