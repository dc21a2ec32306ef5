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


def _flask(receiver: Any = RECEIVER, **options: Any) -> Any:
    import authhooks.flask

    return authhooks.flask.webhook(receiver, **options)(_handler)


def _django(receiver: Any = RECEIVER, **options: Any) -> Any:
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    import authhooks.django

    return authhooks.django.webhook(receiver, **options)(lambda request, event: None)


def _middleware(receiver: Any = RECEIVER, **options: Any) -> Any:
    import authhooks.starlette

    return authhooks.starlette.WebhookMiddleware(_handler, {"/hooks": receiver}, **options)


def _endpoint(receiver: Any = RECEIVER, **options: Any) -> Any:
    import authhooks.starlette

    return authhooks.starlette.webhook_endpoint(receiver, _handler, **options)


def _fastapi(receiver: Any = RECEIVER, **options: Any) -> Any:
    import authhooks.fastapi

    return authhooks.fastapi.verified_event(receiver, **options)


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


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_a_synchronous_hook_is_never_queued(adapter: str) -> None:
    """The provider acts on a synchronous hook's answer, which a queue cannot give."""
    from authhooks import providers

    receiver = providers.get("supabase").demo().make_receiver()
    assert receiver.synchronous
    with pytest.raises(ConfigurationError, match="hooks are synchronous"):
        ADAPTERS[adapter](dispatch=_queue(), receiver=receiver)
    assert ADAPTERS[adapter](dispatch=Inline(), receiver=receiver) is not None
