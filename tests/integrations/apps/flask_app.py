"""A Flask app exercising every option of ``authhooks.flask.webhook``."""

from __future__ import annotations

import asyncio
from typing import Any

from flask import Flask, Response, abort, redirect, request

from authhooks import WebhookError
from authhooks.dedup import DedupStore
from authhooks.flask import webhook
from tests.integrations.apps._batches import ASYNC_ROUTER, OKTA, ROUTER, ran
from tests.integrations.apps._failures import count_run, fail_once_store
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


def custom(error: WebhookError, req: Any) -> Response:
    return Response(f"refused: {error.reason}", 400, {"X-Custom": "1"}, mimetype="text/plain")


#: The failure answers of the fail-once routes, by name, with the status each gets.
FAILURES = {
    "tuple": 500,
    "tuple-headers": 503,
    "response": 503,
    "status-text": 502,
    "abort": 500,
    "raise": 500,
    "not-found": 404,
    "redirect": 302,
}


def fail(form: str) -> Any:
    """The failure answer named ``form`` (see :data:`FAILURES`), as a view returns it."""
    if form == "abort":
        abort(500)
    if form == "raise":
        raise Boom("handler failed")
    if form == "tuple":
        return "failed", 500
    if form == "tuple-headers":
        return "busy", 503, {"Retry-After": "5"}
    if form == "response":
        return Response("unavailable", 503)
    if form == "status-text":
        return "bad gateway", "502 BAD GATEWAY"
    if form == "not-found":
        return "gone", 404
    if form == "redirect":
        return redirect("/elsewhere")
    raise LookupError(form)


def create_app(dedup: DedupStore | None = None) -> Flask:
    """The test app; ``dedup`` is the fail-once routes' store (default: ``fail_once_store()``)."""
    app = Flask(__name__)
    store = fail_once_store() if dedup is None else dedup

    for name, receiver in RECEIVERS.items():

        @app.post(f"/hooks/{name}", endpoint=f"hooks_{name}")
        @webhook(receiver)
        def hooks(event: Any) -> Response:
            return Response(summary(event), 200, mimetype="application/json")

    for name, options in OPTIONS.items():

        @app.post(f"/{name}", endpoint=name)
        @webhook(receiver_for(name), **options)
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

    @app.post("/fail/<form>")
    @webhook(USERFRONT, dedup=store)
    def fail_once(event: Any, form: str) -> Any:
        runs = count_run(form, event.id)
        return fail(form) if runs == 1 else {"runs": runs}

    @app.post("/fail-async/<form>")
    @webhook(USERFRONT, dedup=store)
    async def fail_once_async(event: Any, form: str) -> Any:
        await asyncio.sleep(0)
        runs = count_run(f"async-{form}", event.id)
        return fail(form) if runs == 1 else {"runs": runs}

    @app.route("/okta", methods=["GET", "POST"])
    @webhook(OKTA)
    def okta(event: Any) -> Response:
        return Response(summary(event), 200, mimetype="application/json")

    @app.post("/batch")
    @webhook(OKTA, dedup=store)
    def batch(delivered: Any) -> Any:
        ROUTER(delivered)
        return ran(delivered)

    @app.post("/batch-async")
    @webhook(OKTA, dedup=store)
    async def batch_async(delivered: Any) -> Any:
        await ASYNC_ROUTER(delivered)
        return ran(delivered)

    return app


app = create_app()
