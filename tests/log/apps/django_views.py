"""Django views with a log, of each kind: ``/django/<kind>`` (sync views) and
``/django-async/<kind>`` (``async def`` views), in the project of tests/django_log."""

from __future__ import annotations

import asyncio
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from authhooks.django import webhook
from tests.log.apps._shared import HOOKS, KINDS, hook_answer, options, outcome, receiver


def _teapot(error: Any, request: Any) -> HttpResponse:
    return HttpResponse("refused", status=418)


def _answer(status: int | None) -> HttpResponse | None:
    return None if status is None else HttpResponse("busy", status=status)


def _views(kind: str) -> list[URLPattern]:
    def view(request: HttpRequest, event: Any) -> Any:
        if kind in HOOKS:
            return hook_answer(kind, event)
        return _answer(outcome(kind))

    async def async_view(request: HttpRequest, event: Any) -> Any:
        if kind in HOOKS:
            return hook_answer(kind, event)
        return _answer(await asyncio.to_thread(outcome, kind))

    decorate = webhook(receiver(kind), **options(kind, _teapot))
    return [
        path(f"django/{kind}", decorate(view)),
        path(f"django-async/{kind}", decorate(async_view)),
    ]


urlpatterns = [pattern for kind in KINDS for pattern in _views(kind)]
