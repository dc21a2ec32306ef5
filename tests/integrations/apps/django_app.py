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

from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import (  # noqa: E402
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.urls import path  # noqa: E402

from authhooks import WebhookError  # noqa: E402
from authhooks.django import webhook  # noqa: E402
from tests.integrations.apps._batches import ASYNC_ROUTER, OKTA, ROUTER, ran  # noqa: E402
from tests.integrations.apps._failures import count_run, fail_once_store  # noqa: E402
from tests.integrations.apps._shared import (  # noqa: E402
    OPTIONS,
    RECEIVERS,
    USERFRONT,
    Boom,
    KeysDown,
    receiver_for,
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


#: The failure answers of the fail-once views, by name, with the status each gets.
FAILURES = {
    "status-500": 500,
    "server-error": 500,
    "json-503": 503,
    "raise": 500,
    "http404": 404,
    "not-found": 404,
    "redirect": 302,
    "not-a-response": 500,
}


def fail(form: str) -> Any:
    """The failure answer named ``form`` (see :data:`FAILURES`), as a view returns it."""
    if form == "raise":
        raise Boom("handler failed")
    if form == "http404":
        raise Http404("gone")
    if form == "status-500":
        return HttpResponse("failed", status=500)
    if form == "server-error":
        return HttpResponseServerError("failed")
    if form == "json-503":
        return JsonResponse({"error": "busy"}, status=503, headers={"Retry-After": "5"})
    if form == "not-found":
        return HttpResponseNotFound("gone")
    if form == "redirect":
        return HttpResponseRedirect("/elsewhere")
    if form == "not-a-response":
        return "Django answers 500 for a view that returns no response"
    raise LookupError(form)


def fail_once(request: HttpRequest, event: Any, form: str) -> Any:
    runs = count_run(form, event.id)
    return fail(form) if runs == 1 else JsonResponse({"runs": runs})


async def fail_once_async(request: HttpRequest, event: Any, form: str) -> Any:
    runs = count_run(f"async-{form}", event.id)
    return fail(form) if runs == 1 else JsonResponse({"runs": runs})


def batch(request: HttpRequest, delivered: Any) -> JsonResponse:
    ROUTER(delivered)
    return JsonResponse(ran(delivered))


async def batch_async(request: HttpRequest, delivered: Any) -> JsonResponse:
    await ASYNC_ROUTER(delivered)
    return JsonResponse(ran(delivered))


#: The fail-once views' de-duplication store.
STORE = fail_once_store()

urlpatterns = [
    *(path(f"hooks/{name}", webhook(receiver)(answer)) for name, receiver in RECEIVERS.items()),
    *(
        path(name, webhook(receiver_for(name), **options)(answer))
        for name, options in OPTIONS.items()
    ),
    path("keys", webhook(KeysDown())(empty)),
    path("empty", webhook(USERFRONT)(empty)),
    path("raise", webhook(USERFRONT)(boom)),
    path("both", webhook(USERFRONT)(empty)),
    path("custom", webhook(USERFRONT, on_error=custom)(empty)),
    path("teapot", webhook(USERFRONT, on_error=teapot)(empty)),
    path("echo/<str:tag>", webhook(USERFRONT)(echo)),
    path("async", webhook(USERFRONT)(asynchronous)),
    path("fail/<str:form>", webhook(USERFRONT, dedup=STORE)(fail_once)),
    path("fail-async/<str:form>", webhook(USERFRONT, dedup=STORE)(fail_once_async)),
    path("okta", webhook(OKTA)(answer)),
    path("batch", webhook(OKTA, dedup=STORE)(batch)),
    path("batch-async", webhook(OKTA, dedup=STORE)(batch_async)),
]

app = application = get_wsgi_application()
#: The same project under an ASGI server (``async def`` views run on its event loop).
asgi = get_asgi_application()
