"""The receiving web app of the dispatch tests: the Starlette endpoint verifies each request,
records it in the delivery log and hands it to the engine named by ``AUTHHOOKS_TEST_ENGINE``
(served by uvicorn)."""

from __future__ import annotations

import importlib
import os

from starlette.applications import Starlette
from starlette.routing import Route

from authhooks.starlette import webhook_endpoint
from tests.dispatch.apps.common import ROUTE, delivery_log, receiver, router

engine = importlib.import_module(f"tests.dispatch.apps.{os.environ['AUTHHOOKS_TEST_ENGINE']}_app")
dispatcher = engine.dispatcher

app = Starlette(
    routes=[Route(ROUTE, webhook_endpoint(receiver, router, dispatch=dispatcher, log=delivery_log))]
)
