"""A Flask app with a logged route of each kind: ``/flask/<kind>``."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response

from authhooks.flask import webhook
from tests.log.apps._shared import HOOKS, KINDS, hook_answer, options, outcome, receiver

app = Flask(__name__)


def _teapot(error: Any, request: Any) -> Response:
    return Response("refused", 418)


def _route(kind: str) -> None:
    @webhook(receiver(kind), **options(kind, _teapot))
    def view(event: Any) -> Any:
        if kind in HOOKS:
            return hook_answer(kind, event)
        status = outcome(kind)
        return None if status is None else ("busy", status)

    app.add_url_rule(f"/flask/{kind}", f"hook_{kind}", view, methods=["GET", "POST"])


for _kind in KINDS:
    _route(_kind)
