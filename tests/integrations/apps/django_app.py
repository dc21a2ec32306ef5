"""A single-file Django project exercising every option of ``authhooks.django.webhook``."""

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

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from authhooks import WebhookError  # noqa: E402
from authhooks.django import webhook  # noqa: E402
from tests.integrations.apps._shared import (  # noqa: E402
    OPTIONS,
    RECEIVERS,
    USERFRONT,
    Boom,
    KeysDown,
    summary,
    teapot,
)


def custom(error: WebhookError, request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        f"refused: {error.reason}", status=400, content_type="text/plain", headers={"X-Custom": "1"}
    )


def answer(request: HttpRequest, event: Any) -> HttpResponse:
    return HttpResponse(summary(event), content_type="application/json")


def empty(request: HttpRequest, event: Any) -> None:
    return None


def boom(request: HttpRequest, event: Any) -> None:
    raise Boom("handler failed")


def echo(request: HttpRequest, event: Any, tag: str) -> HttpResponse:
    return HttpResponse(request.body, headers={"X-Tag": tag})


async def asynchronous(request: HttpRequest, event: Any) -> JsonResponse:
    return JsonResponse({"provider": event.provider, "type": event.type, "id": event.id})


urlpatterns = [
    *(path(f"hooks/{name}", webhook(receiver)(answer)) for name, receiver in RECEIVERS.items()),
    *(path(name, webhook(USERFRONT, **options)(answer)) for name, options in OPTIONS.items()),
    path("keys", webhook(KeysDown())(empty)),
    path("empty", webhook(USERFRONT)(empty)),
    path("raise", webhook(USERFRONT)(boom)),
    path("both", webhook(USERFRONT)(empty)),
    path("custom", webhook(USERFRONT, on_error=custom)(empty)),
    path("teapot", webhook(USERFRONT, on_error=teapot)(empty)),
    path("echo/<str:tag>", webhook(USERFRONT)(echo)),
    path("async", webhook(USERFRONT)(asynchronous)),
]

app = application = get_wsgi_application()
