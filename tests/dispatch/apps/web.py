"""The receiving web app of the dispatch tests: verify, then hand the delivery to the engine
named by ``AUTHHOOKS_TEST_ENGINE`` (served by uvicorn)."""

from __future__ import annotations

import importlib
import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from authhooks import Delivery, RetryLaterError, VerificationError, WebhookError
from tests.dispatch.apps.common import ROUTE, receiver

engine = importlib.import_module(f"tests.dispatch.apps.{os.environ['AUTHHOOKS_TEST_ENGINE']}_app")
dispatcher = engine.dispatcher


async def hook(request: Request) -> JSONResponse:
    body = await request.body()
    try:
        event = await receiver.averify(body, request.headers)
        await dispatcher.aenqueue(Delivery.of(receiver, event, route=ROUTE))
    except RetryLaterError as exc:
        headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"error": exc.reason}, 503, headers=headers)
    except VerificationError as exc:
        return JSONResponse({"error": exc.reason}, 401)
    except WebhookError as exc:
        return JSONResponse({"error": exc.reason}, 400)
    return JSONResponse({"status": "accepted"}, 202)


app = Starlette(routes=[Route(ROUTE, hook, methods=["POST"])])
