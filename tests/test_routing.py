from __future__ import annotations

import asyncio
import inspect
import logging
from datetime import datetime
from typing import Any, ClassVar

import pytest

import authhooks
from authhooks import ConfigurationError, Router, WebhookEvent
from authhooks.dedup import Duplicate, MemoryStore, run_once
from authhooks.providers.userfront.models import (
    TenantCreated,
    UserCreated,
    UserEvent,
    UserfrontEvent,
    UserfrontGenericEvent,
)
from authhooks.testing import sign_userfront

_userfront = authhooks.Userfront(api_key="key")


def userfront(model: str = "user", action: str = "create", n: int = 0) -> Any:
    request = sign_userfront(
        {"action": action, "model": model, "record": {"userId": n}}, api_key="key"
    )
    return _userfront.verify(request.body, request.headers)


class AcmeEvent(WebhookEvent):
    """A second provider's event, to feed one router from two receivers."""

    provider: ClassVar[str] = "acme"
    type: str
    id: str
    acme_kind: Any = None
    occurred_at: datetime | None = None

    @property
    def kind(self) -> Any:
        return self.acme_kind


def acme(type_: str, kind: str | None = None) -> AcmeEvent:
    return AcmeEvent(type=type_, id="evt_1", acme_kind=kind)


def test_kind_routes_every_provider() -> None:
    router = Router()
    seen: list[str] = []

    @router.on("user.created")
    def created(event: WebhookEvent) -> str:
        seen.append(event.provider)
        return "created"

    assert router(userfront("user", "create")) == "created"
    assert router(acme("frontegg.user.signedUp", kind="user.created")) == "created"
    assert seen == ["userfront", "acme"]


def test_provider_type_routes() -> None:
    router = Router()
    router.on("frontegg.user.created")(lambda event: "by type")
    router.on("user.update")(lambda event: "userfront type")
    assert router(acme("frontegg.user.created", kind="user.created")) == "by type"
    assert router(userfront("user", "update")) == "userfront type"
    assert router(acme("frontegg.user.deleted", kind="user.deleted")) is None


def test_provider_qualified_type_routes_one_provider_only() -> None:
    router = Router()
    router.on("userfront:user.create")(lambda event: "userfront only")
    assert router(userfront("user", "create")) == "userfront only"
    assert router(acme("user.create")) is None


def test_class_routes_and_the_nearest_class_wins() -> None:
    router = Router()

    @router.on(UserCreated)
    def created(event: UserCreated) -> str:
        return "UserCreated"

    @router.on(UserEvent)
    def any_user(event: UserEvent) -> str:
        return "UserEvent"

    @router.on(UserfrontEvent)
    def any_userfront(event: UserfrontEvent) -> str:
        return "UserfrontEvent"

    assert router(userfront("user", "create")) == "UserCreated"
    assert router(userfront("user", "delete")) == "UserEvent"
    assert router(userfront("tenant", "create")) == "UserfrontEvent"
    assert router(acme("x")) is None


def test_precedence_class_then_qualified_type_then_type_then_kind_then_default() -> None:
    event = userfront("user", "create")
    selectors: list[Any] = [UserCreated, "userfront:user.create", "user.create", "user.created"]
    for first in range(len(selectors)):
        router = Router()
        for selector in selectors[first:]:
            router.on(selector)(lambda event, selector=selector: selector)
        router.default(lambda event: "default")
        assert router(event) == selectors[first]
    fallback = Router()
    fallback.default(lambda event: "default")
    assert fallback(event) == "default"


def test_one_handler_for_several_selectors() -> None:
    router = Router()

    @router.on("user.created", "user.deleted")
    def lifecycle(event: WebhookEvent) -> str | None:
        return event.kind

    @router.on(TenantCreated, UserfrontGenericEvent)
    def other(event: TenantCreated | UserfrontGenericEvent) -> str:
        return event.type

    assert router(userfront("user", "create")) == "user.created"
    assert router(userfront("user", "delete")) == "user.deleted"
    assert router(userfront("tenant", "create")) == "tenant.create"
    assert router(userfront("device", "create")) == "device.create"
    assert router(userfront("user", "update")) is None


def test_unmatched_events_are_acknowledged_and_logged_at_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()
    router.on("user.deleted")(lambda event: "deleted")
    with caplog.at_level(logging.DEBUG, logger="authhooks"):
        assert router(userfront("user", "create")) is None
    [record] = [r for r in caplog.records if r.name == "authhooks"]
    assert record.levelno == logging.DEBUG
    assert "no handler" in record.getMessage()
    assert "user.create" in record.getMessage()


def test_async_handlers_return_an_awaitable() -> None:
    router = Router()

    @router.on(UserCreated)
    async def created(event: UserCreated) -> int | None:
        await asyncio.sleep(0)
        return event.record.user_id

    @router.on("tenant.created")
    def sync_one(event: WebhookEvent) -> str:
        return "sync"

    pending = router(userfront("user", "create", n=5))
    assert inspect.isawaitable(pending)
    assert asyncio.run(pending) == 5
    assert router(userfront("tenant", "create")) == "sync"


def test_match_returns_the_handler() -> None:
    router = Router()

    def handler(event: WebhookEvent) -> None:
        return None

    router.on("user.created")(handler)
    assert router.match(userfront()) is handler
    assert router.match(userfront("tenant", "delete")) is None


def test_router_as_the_handler_under_dedup() -> None:
    router = Router()
    runs: list[str] = []
    router.on("user.created")(lambda event: runs.append(event.id) or "done")
    store = MemoryStore()
    event = userfront()
    assert run_once(store, event, lambda: router(event)) == "done"
    assert isinstance(run_once(store, userfront(), lambda: router(event)), Duplicate)
    assert runs == [event.id]


@pytest.mark.parametrize("selector", ["", 3, None, int, object()])
def test_invalid_selectors(selector: Any) -> None:
    with pytest.raises(ConfigurationError):
        Router().on(selector)


def test_a_selector_has_one_handler() -> None:
    router = Router()
    router.on("user.created", UserCreated)(lambda event: None)
    with pytest.raises(ConfigurationError, match="already"):
        router.on("user.created")
    with pytest.raises(ConfigurationError, match="already"):
        router.on(UserCreated)
    with pytest.raises(ConfigurationError, match="twice"):
        router.on("user.deleted", "user.deleted")
    router.default(lambda event: None)
    with pytest.raises(ConfigurationError, match="default"):
        router.default(lambda event: None)


def test_handlers_must_be_callable() -> None:
    router = Router()
    with pytest.raises(ConfigurationError):
        router.on("user.created")("not callable")
    with pytest.raises(ConfigurationError):
        router.default("not callable")  # type: ignore[type-var]


def test_repr() -> None:
    router = Router()
    router.on("user.created", "user.deleted")(lambda event: None)
    router.default(lambda event: None)
    assert repr(router) == "Router(3 handlers)"


def test_several_receivers_feed_one_router_under_one_store() -> None:
    from authhooks.samples import load_sample
    from authhooks.testing import sign_authcore

    authcore = authhooks.AuthCore(secret="whsec")
    router = Router()
    seen: list[tuple[str, str]] = []
    router.on("user.created")(lambda event: seen.append((event.provider, event.type)))
    store = MemoryStore()

    request = sign_authcore(load_sample("authcore", "user.created"), secret="whsec")
    from_authcore = authcore.verify(request.body, request.headers)
    from_userfront = userfront("user", "create")
    for event in (from_authcore, from_userfront, from_authcore):
        run_once(store, event, lambda event=event: router(event))
    assert seen == [("authcore", "user.created"), ("userfront", "user.create")]
