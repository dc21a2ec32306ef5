"""Starlette apps where ``WebhookMiddleware`` sits under a root path: mounts, nested mounts,
the middleware on the outer or the mounted app, and routes with and without a trailing slash.

Every route answers with ``X-Reached`` and whether the request it saw was verified, so a test
can tell a request the app handled from one the middleware or the router answered.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from authhooks.starlette import WebhookMiddleware
from tests.integrations.apps._shared import USERFRONT

METHODS = ["GET", "HEAD", "POST"]


async def reached(request: Request) -> JSONResponse:
    verified = getattr(request.state, "webhook_event", None) is not None
    return JSONResponse({"verified": verified}, headers={"X-Reached": request.url.path})


def hooks_app(path: str = "/hooks", *, verify: str | None = None) -> Starlette:
    """An app routing ``path``, behind the middleware for ``verify`` when given."""
    middleware = (
        [] if verify is None else [Middleware(WebhookMiddleware, routes={verify: USERFRONT})]
    )
    return Starlette(routes=[Route(path, reached, methods=METHODS)], middleware=middleware)


#: The app alone: ``/hooks`` behind the middleware (serve it under a root path).
flat = hooks_app(verify="/hooks")

#: mount prefix -> what the app under it shows (each routes ``<prefix>/hooks``).
MOUNTS = {
    "/inner": "the middleware on the mounted app, with the path the mounted app routes",
    "/outer": "the middleware on the outer app, with the path the outer app routes",
    "/url": "the middleware on the mounted app, with the whole URL path",
    "/deep/er": "the middleware on an app mounted in a mounted app",
    "/slash": "a route ending in a slash, the middleware configured without",
    "/bare": "a route without a trailing slash, the middleware configured with",
}

mounts = Starlette(
    routes=[
        Mount("/inner", app=hooks_app(verify="/hooks")),
        Mount("/outer", app=hooks_app()),
        Mount("/url", app=hooks_app(verify="/url/hooks")),
        Mount("/deep", app=Starlette(routes=[Mount("/er", app=hooks_app(verify="/hooks"))])),
        Mount("/slash", app=hooks_app("/hooks/", verify="/hooks")),
        Mount("/bare", app=hooks_app("/hooks", verify="/hooks/")),
    ],
    middleware=[Middleware(WebhookMiddleware, routes={"/outer/hooks": USERFRONT})],
)
