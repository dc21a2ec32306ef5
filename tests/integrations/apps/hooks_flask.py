"""A Flask app answering Supabase Auth hooks (see ``_hooks``): ``/hooks/...`` with sync
views, ``/async/...`` with ``async`` views."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify

from authhooks.flask import webhook
from tests.integrations.apps._hooks import OWN_ANSWER, OWN_STATUS, RECEIVER, answer, fail, wrong


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/hooks/answer")
    @webhook(RECEIVER)
    def hook(event: Any) -> Any:
        return answer(event)

    @app.post("/hooks/raise")
    @webhook(RECEIVER)
    def raising(event: Any) -> Any:
        return fail(event)

    @app.post("/hooks/wrong")
    @webhook(RECEIVER)
    def wrong_answer(event: Any) -> Any:
        return wrong(event)

    @app.post("/hooks/response")
    @webhook(RECEIVER)
    def own(event: Any) -> Response:
        response = jsonify(OWN_ANSWER)
        response.status_code = OWN_STATUS
        return response

    @app.post("/async/answer")
    @webhook(RECEIVER)
    async def async_hook(event: Any) -> Any:
        return answer(event)

    @app.post("/async/raise")
    @webhook(RECEIVER)
    async def async_raising(event: Any) -> Any:
        return fail(event)

    return app


app = create_app()
