"""A single-file Django project answering Supabase Auth hooks (see ``_hooks``): ``hooks/...``
with sync views, ``async/...`` with ``async def`` views."""

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

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from authhooks.django import webhook  # noqa: E402
from tests.integrations.apps._hooks import (  # noqa: E402
    OWN_ANSWER,
    OWN_STATUS,
    RECEIVER,
    answer,
    fail,
    wrong,
)


def hook(request: HttpRequest, event: Any) -> Any:
    return answer(event)


def raising(request: HttpRequest, event: Any) -> Any:
    return fail(event)


def wrong_answer(request: HttpRequest, event: Any) -> Any:
    return wrong(event)


def own(request: HttpRequest, event: Any) -> JsonResponse:
    return JsonResponse(OWN_ANSWER, status=OWN_STATUS)


async def async_hook(request: HttpRequest, event: Any) -> Any:
    return answer(event)


async def async_raising(request: HttpRequest, event: Any) -> Any:
    return fail(event)


async def async_wrong(request: HttpRequest, event: Any) -> Any:
    return wrong(event)


async def async_own(request: HttpRequest, event: Any) -> JsonResponse:
    return JsonResponse(OWN_ANSWER, status=OWN_STATUS)


urlpatterns = [
    path("hooks/answer", webhook(RECEIVER)(hook)),
    path("hooks/raise", webhook(RECEIVER)(raising)),
    path("hooks/wrong", webhook(RECEIVER)(wrong_answer)),
    path("hooks/response", webhook(RECEIVER)(own)),
    path("async/answer", webhook(RECEIVER)(async_hook)),
    path("async/raise", webhook(RECEIVER)(async_raising)),
    path("async/wrong", webhook(RECEIVER)(async_wrong)),
    path("async/response", webhook(RECEIVER)(async_own)),
]

app = application = get_wsgi_application()
#: The same project under an ASGI server (``async def`` views run on its event loop).
asgi = get_asgi_application()
