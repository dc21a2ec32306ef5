"""A FastAPI app answering Supabase Auth hooks (see ``_hooks``): ``/plain/...`` on the app's
own routes, ``/route/...`` on a router of class ``WebhookRoute``.

The routes return the answer helpers and declare ``response_model=None``, as the docs
advise: FastAPI then sends each helper's own document, whatever its version.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI, HTTPException
from fastapi.responses import JSONResponse

from authhooks.fastapi import WebhookRoute, verified_event
from authhooks.providers.supabase import HookResponse, SupabaseEvent
from tests.integrations.apps._hooks import OWN_ANSWER, OWN_STATUS, RECEIVER, answer, fail

hook_event = verified_event(RECEIVER)


def routes(router: APIRouter | FastAPI, prefix: str) -> None:
    @router.post(f"{prefix}/answer", response_model=None)
    async def hook(event: SupabaseEvent = Depends(hook_event)) -> HookResponse | None:
        return answer(event)

    @router.post(f"{prefix}/sync-answer", response_model=None)
    def sync_hook(event: SupabaseEvent = Depends(hook_event)) -> HookResponse | None:
        return answer(event)

    @router.post(f"{prefix}/raise", response_model=None)
    async def raising(event: SupabaseEvent = Depends(hook_event)) -> HookResponse:
        fail(event)

    @router.post(f"{prefix}/sync-raise", response_model=None)
    def sync_raising(event: SupabaseEvent = Depends(hook_event)) -> HookResponse:
        fail(event)

    @router.post(f"{prefix}/http-exception", response_model=None)
    async def refusing(event: SupabaseEvent = Depends(hook_event)) -> HookResponse:
        raise HTTPException(403, "refused by the route")

    @router.post(f"{prefix}/response")
    async def own(event: SupabaseEvent = Depends(hook_event)) -> JSONResponse:
        return JSONResponse(OWN_ANSWER, OWN_STATUS)


app = FastAPI()
routes(app, "/plain")
router = APIRouter(route_class=WebhookRoute)
routes(router, "/route")
app.include_router(router)
