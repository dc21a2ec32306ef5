"""Every adapter with ``dispatch=``: a route per engine (``/<adapter>/<engine>``), one whose
broker is down (``/<adapter>/down``) and one with ``Inline()`` (``/<adapter>/inline``: the view
runs here, today's behaviour). A handler run in the web process for a dispatched delivery
fails the request (500), so a 202 proves the handler did not run here.

Served as ``flask_app``, ``django_wsgi`` (sync views), ``django_asgi`` (``async def`` views),
``starlette_app`` (middleware and endpoint) and ``fastapi_app``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="django-insecure-test-only",
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["*"],
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        INSTALLED_APPS=[],
        USE_TZ=True,
        LOGGING_CONFIG=None,
    )

import django

django.setup()

import flask  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.urls import path  # noqa: E402
from fastapi import Depends, FastAPI  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.routing import Route  # noqa: E402

import authhooks.django  # noqa: E402
import authhooks.fastapi  # noqa: E402
import authhooks.flask  # noqa: E402
import authhooks.starlette  # noqa: E402
from authhooks.dispatch import Dispatcher, Inline  # noqa: E402
from tests.dispatch.apps.common import receiver  # noqa: E402
from tests.dispatch.apps.queues import DISPATCHERS, DOWN  # noqa: E402

#: Each route's dispatcher, by its last path segment.
TARGETS: dict[str, Dispatcher] = {**DISPATCHERS, "down": DOWN, "inline": Inline()}


class RanHere(RuntimeError):
    """A dispatched delivery's handler ran in the web process."""


def _handler(target: str) -> Any:
    def handle(*args: Any) -> None:
        if target != "inline":
            raise RanHere(target)

    return handle


# -- Flask ------------------------------------------------------------------------------------

flask_app = flask.Flask(__name__)
for _target, _dispatch in TARGETS.items():
    flask_app.add_url_rule(
        f"/flask/{_target}",
        f"flask_{_target}",
        authhooks.flask.webhook(receiver, dispatch=_dispatch)(_handler(_target)),
        methods=["POST"],
    )

# -- Django: sync views on WSGI, async views on ASGI ------------------------------------------


def _django_view(target: str, *, asynchronous: bool) -> Any:
    if asynchronous and target != "inline":

        async def view(request: HttpRequest, event: Any) -> None:
            raise RanHere(target)

        return view

    def sync_view(request: HttpRequest, event: Any) -> None:
        _handler(target)(event)

    return sync_view


async def _django_inline(request: HttpRequest, event: Any) -> None:
    return None


urlpatterns = [
    *(
        path(
            f"django/{target}",
            authhooks.django.webhook(receiver, dispatch=dispatch)(
                _django_view(target, asynchronous=False)
            ),
        )
        for target, dispatch in TARGETS.items()
    ),
    *(
        path(
            f"django-async/{target}",
            authhooks.django.webhook(receiver, dispatch=dispatch)(
                _django_inline if target == "inline" else _django_view(target, asynchronous=True)
            ),
        )
        for target, dispatch in TARGETS.items()
    ),
]
django_wsgi = get_wsgi_application()
django_asgi = get_asgi_application()

# -- Starlette: the middleware (one per dispatcher) and the endpoint --------------------------


async def _downstream(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "http" and scope["path"].startswith("/middleware/"):
        if scope["path"] != "/middleware/inline":
            raise RanHere(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    await _endpoints(scope, receive, send)


_endpoints = Starlette(
    routes=[
        Route(
            f"/endpoint/{target}",
            authhooks.starlette.webhook_endpoint(receiver, _handler(target), dispatch=dispatch),
            methods=["POST"],
        )
        for target, dispatch in TARGETS.items()
    ]
)
starlette_app: Any = _downstream
for _target, _dispatch in TARGETS.items():
    starlette_app = authhooks.starlette.WebhookMiddleware(
        starlette_app, {f"/middleware/{_target}": receiver}, dispatch=_dispatch
    )

# -- FastAPI ----------------------------------------------------------------------------------

fastapi_app = FastAPI()


def _route(target: str) -> Any:
    dependency = authhooks.fastapi.verified_event(receiver, dispatch=TARGETS[target])

    async def route(event: Any = Depends(dependency)) -> None:
        if target != "inline":
            raise RanHere(target)

    return route


for _target in TARGETS:
    fastapi_app.post(f"/fastapi/{_target}", status_code=204, response_model=None)(_route(_target))
