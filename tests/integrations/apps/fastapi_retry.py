"""A FastAPI app whose routes fail a delivery once, then handle its retry (see ``_retry``):
``/route/...`` (an ``APIRouter``) and ``/app/...`` (the app's router) are of class
``WebhookRoute``, ``/plain/...`` are not."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Response
from fastapi.responses import JSONResponse

from authhooks.dedup import DedupStore
from authhooks.fastapi import WebhookRoute, verified_event
from tests.integrations.apps._batches import ASYNC_ROUTER, OKTA, ROUTER, ran
from tests.integrations.apps._retry import (
    RECEIVER,
    RUNS,
    first_failure,
    store_from_environment,
)


def build(store: DedupStore) -> FastAPI:
    event_of = verified_event(RECEIVER, dedup=store)

    async def returning(response: Response, event: Any = Depends(event_of)) -> Any:
        fail = first_failure(event)
        if fail is not None and fail.startswith("http-"):
            raise HTTPException(int(fail[5:]), "the route failed")
        if fail is not None and fail.startswith("set-"):
            response.status_code = int(fail[4:])
            return {"failed": fail}
        if fail is not None:
            return JSONResponse({"failed": fail}, int(fail))
        return {"runs": RUNS[event.id]}

    def sync_route(event: Any = Depends(event_of)) -> Any:
        fail = first_failure(event)
        if fail is not None:
            return JSONResponse({"failed": fail}, int(fail))
        return {"runs": RUNS[event.id]}

    batch_of = verified_event(OKTA, dedup=store)

    async def batch_async(delivered: Any = Depends(batch_of)) -> Any:
        await ASYNC_ROUTER(delivered)
        return ran(delivered)

    def batch_sync(delivered: Any = Depends(batch_of)) -> Any:
        ROUTER(delivered)
        return ran(delivered)

    app = FastAPI()
    app.post("/plain/async")(returning)
    app.post("/plain/batch-async")(batch_async)
    router = APIRouter(route_class=WebhookRoute)
    router.post("/route/async")(returning)
    router.post("/route/sync")(sync_route)
    router.post("/route/batch-async")(batch_async)
    router.post("/route/batch")(batch_sync)
    app.include_router(router)
    app.router.route_class = WebhookRoute  # every route declared from here on
    app.post("/app/async")(returning)
    return app


app = build(store_from_environment())
