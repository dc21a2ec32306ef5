"""Event routing: one [`Router`][authhooks.Router] sends each event to the handler registered for
it.

A router is a plain callable, so it goes wherever a handler goes:

```python
router = authhooks.Router()

@router.on("user.created")  # cross-provider kind: every provider's "user created"
def welcome(event: authhooks.WebhookEvent) -> None: ...

@router.on(UserDeleted)  # an event class: the handler is type-checked against it
def forget(event: UserDeleted) -> None: ...

@router.default  # anything else
def log_it(event: authhooks.WebhookEvent) -> None: ...

router(event)  # returns the handler's result (an awaitable for an async handler)
router(batch)  # a Batch (Okta, Auth0): each event's handler in turn
```

Precedence, most specific first: an event class (the nearest in the event's class
hierarchy), a provider-qualified type (``"userfront:user.create"``), the provider's own
``type``, the cross-provider ``kind``, then the catch-all. Exactly one handler runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar, overload

from authhooks.batch import Batch
from authhooks.errors import ConfigurationError
from authhooks.events import WebhookEvent
from authhooks.kinds import KINDS

__all__ = ["Router"]

logger = logging.getLogger("authhooks")

E = TypeVar("E", bound=WebhookEvent)
R = TypeVar("R")
F = TypeVar("F", bound=Callable[[Any], Any])


class Router:
    """Maps events to handlers by event class, provider type or cross-provider kind.

    Handlers take the event and may be sync or async; calling the router returns the
    matched handler's result as is (an awaitable for an ``async def`` handler), so sync
    and async frameworks both accept a router as their handler. Several receivers
    (providers) may feed one router.

    An event that no handler matches is acknowledged: the router returns ``None`` and logs
    it at debug level on the ``authhooks`` logger, so the provider does not retry it.

    A [`Batch`][authhooks.Batch] (one delivery of several events: Okta, Auth0) is routed
    event by event, in order. One event's failure (an exception, or a returned response
    whose status is not a 2xx) does not stop the others; each event's outcome is recorded,
    so that a framework adapter with a de-duplication store marks each event done, or
    releases it for the provider's retry, on its own. Calling the router with a batch returns
    ``None`` when every event was handled; otherwise the first failure: its exception is
    raised again once every event has run, or its response returned (later failures are
    logged on the ``authhooks`` logger). With an ``async`` handler it returns an awaitable
    that does the same.
    """

    def __init__(self) -> None:
        self._classes: dict[type[WebhookEvent], Callable[[Any], Any]] = {}
        self._names: dict[str, Callable[[Any], Any]] = {}
        self._default: Callable[[Any], Any] | None = None

    @overload
    def on(
        self, selector: type[E], /, *more: type[E]
    ) -> Callable[[Callable[[E], R]], Callable[[E], R]]: ...

    @overload
    def on(self, selector: str, /, *more: str) -> Callable[[F], F]: ...

    def on(self, selector: type[E] | str, /, *more: type[E] | str) -> Callable[[Any], Any]:
        """Register the decorated function for one or more selectors.

        A selector is an event class (``UserCreated``, or a provider's base class such as
        ``UserfrontEvent``), a cross-provider kind (``"user.created"``), a registered
        provider's own event type (``"frontegg.user.created"``), or a provider-qualified type
        (``"userfront:user.create"``): when a type name alone is ambiguous, or for a sender
        without models (``"acme:invoice.paid"``).

        Raises:
            ConfigurationError: a selector is neither, or already has a handler.
        """
        selectors = (selector, *more)
        for item in selectors:
            if isinstance(item, str):
                _check_name(item)
                if item in self._names:
                    raise ConfigurationError(f"{item!r} already has a handler")
            elif isinstance(item, type) and issubclass(item, WebhookEvent):
                if item in self._classes:
                    raise ConfigurationError(f"{item.__name__} already has a handler")
            else:
                raise ConfigurationError(
                    "an event selector is an event class or a kind/type string, "
                    f"not {type(item).__name__}"
                )
        if len(set(selectors)) != len(selectors):
            raise ConfigurationError("a selector is given twice")

        def register(handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
            if not callable(handler):
                raise ConfigurationError("a handler must be callable")
            for item in selectors:
                if isinstance(item, str):
                    self._names[item] = handler
                else:
                    self._classes[item] = handler
            return handler

        return register

    def default(self, handler: F) -> F:
        """Register the catch-all handler, for events no other handler matches.

        Raises:
            ConfigurationError: a catch-all is already registered.
        """
        if self._default is not None:
            raise ConfigurationError("the router already has a default handler")
        if not callable(handler):
            raise ConfigurationError("a handler must be callable")
        self._default = handler
        return handler

    def match(self, event: WebhookEvent) -> Callable[[Any], Any] | None:
        """The handler that ``event`` is routed to, or ``None`` when none matches."""
        for cls in type(event).__mro__:
            handler = self._classes.get(cls)
            if handler is not None:
                return handler
        if self._names:
            names = (f"{event.provider}:{event.type}", event.type, event.kind)
            for name in names:
                if name is not None and name in self._names:
                    return self._names[name]
        return self._default

    def __call__(self, event: WebhookEvent | Batch[Any]) -> Any:
        """Run the handler matched by ``event`` and return its result (``None`` if none);
        for a batch, each event's handler in turn (see the class)."""
        if isinstance(event, Batch):
            from authhooks.integrations._running import run_each

            return run_each(event, self._route)
        return self._route(event)

    def _route(self, event: WebhookEvent) -> Any:
        handler = self.match(event)
        if handler is None:
            logger.debug(
                "no handler for %s event %s (type %r, kind %r); acknowledged",
                event.provider,
                event.id,
                event.type,
                event.kind,
            )
            return None
        return handler(event)

    def __repr__(self) -> str:
        count = len(self._classes) + len(self._names) + (self._default is not None)
        return f"Router({count} handlers)"


def _check_name(name: str) -> None:
    """Refuse a selector string that no event can ever match.

    A name is a cross-provider kind (``"user.created"``), a provider-qualified type
    (``"clerk:user.created"``, also for senders without models), or the event type of a
    registered provider (``"frontegg.user.created"``).
    """
    if not name:
        raise ConfigurationError("an event selector must not be empty")
    if name in KINDS:
        return
    provider, colon, event_type = name.partition(":")
    if colon:
        if not provider or not event_type:
            raise ConfigurationError(f"{name!r} is not 'provider:type'")
        return
    from authhooks import providers

    if providers.find_event_type(name) is None:
        import difflib

        candidates = sorted(KINDS)
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.7)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigurationError(
            f"{name!r} is neither a cross-provider kind nor the event type of a registered "
            f"provider{hint}; for a sender without models use 'provider:type'"
        )
