"""A Flask app with a logged route of each kind: ``/flask/<kind>``."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response

from authhooks.flask import webhook
from tests.log.apps._shared import KINDS, RECEIVER, options, outcome

app = Flask(__name__)


def _teapot(error: Any, request: Any) -> Response:
    return Response("refused", 418)


def _route(kind: str) -> None:
    @webhook(RECEIVER, **options(kind, _teapot))
    def view(event: Any) -> Any:
        status = outcome(kind)
        return None if status is None else ("busy", status)

    app.add_url_rule(f"/flask/{kind}", f"hook_{kind}", view, methods=["GET", "POST"])


for _kind in KINDS:
    _route(_kind)
