"""The adapters' ``dispatch=`` option as configured: what each adapter refuses at
construction, in-process (no broker is reached)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import authhooks
from authhooks import ConfigurationError
from authhooks.dedup import MemoryStore
from authhooks.dispatch import Dispatcher, Inline

pytest.importorskip("rq")
pytest.importorskip("flask")
pytest.importorskip("django")
pytest.importorskip("fastapi")

RECEIVER = authhooks.AuthCore("dispatch-options-secret")


def _handler(event: Any) -> None:
    return None


def _flask(**options: Any) -> Any:
    import authhooks.flask

    return authhooks.flask.webhook(RECEIVER, **options)(_handler)


def _django(**options: Any) -> Any:
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    import authhooks.django

    return authhooks.django.webhook(RECEIVER, **options)(lambda request, event: None)


def _middleware(**options: Any) -> Any:
    import authhooks.starlette

    return authhooks.starlette.WebhookMiddleware(_handler, {"/hooks": RECEIVER}, **options)


def _endpoint(**options: Any) -> Any:
    import authhooks.starlette

    return authhooks.starlette.webhook_endpoint(RECEIVER, _handler, **options)


def _fastapi(**options: Any) -> Any:
    import authhooks.fastapi

    return authhooks.fastapi.verified_event(RECEIVER, **options)


ADAPTERS: dict[str, Callable[..., Any]] = {
    "flask": _flask,
    "django": _django,
    "starlette-middleware": _middleware,
    "starlette-endpoint": _endpoint,
    "fastapi": _fastapi,
}


def _queue() -> Dispatcher:
    import redis

    import authhooks.dispatch

    # Never reached: the client connects on first use.
    return authhooks.dispatch.RQ(
        redis.Redis(unix_socket_path="/nonexistent/authhooks.sock"), "hooks.deliveries"
    )


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_dispatch_and_an_adapter_store_are_refused_together(adapter: str) -> None:
    """The workers de-duplicate: an event claimed and marked done on receipt would be found
    done by the worker and never handled."""
    with pytest.raises(ConfigurationError, match="de-duplication belongs to the workers"):
        ADAPTERS[adapter](dispatch=_queue(), dedup=MemoryStore())


@pytest.mark.parametrize("adapter", list(ADAPTERS))
@pytest.mark.parametrize("value", [object(), "celery", _handler])
def test_dispatch_is_a_dispatcher(adapter: str, value: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"dispatch must be an authhooks\.dispatch"):
        ADAPTERS[adapter](dispatch=value)


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_inline_keeps_the_adapter_store(adapter: str) -> None:
    """``Inline()`` is the default behaviour: the adapter's own ``dedup`` still applies."""
    assert ADAPTERS[adapter](dispatch=Inline(), dedup=MemoryStore()) is not None
    assert ADAPTERS[adapter](dispatch=None) is not None
