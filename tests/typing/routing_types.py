"""Checked by mypy (the ``typing`` session), not run: the router's handler typing.

Each ``type: ignore[...]`` marks a line mypy must reject; ``warn_unused_ignores`` (part of
``--strict``) fails the check if it stops rejecting one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import authhooks
from authhooks.providers.userfront.models import TenantCreated, UserCreated, UserfrontEvent

router = authhooks.Router()


@router.on(UserCreated)
def on_user(event: UserCreated) -> str:
    return event.record.email or ""


@router.on(UserCreated)  # a handler of a base class accepts the subclass
def on_any_user(event: UserfrontEvent) -> None:
    return None


@router.on(UserCreated)  # type: ignore[arg-type]
def on_wrong(event: TenantCreated) -> None:
    return None


@router.on(UserCreated)
async def on_user_async(event: UserCreated) -> int:
    return event.record.user_id or 0


@router.on("user.created")
def on_kind(event: UserfrontEvent) -> None:
    return None


@router.default
def fallback(event: authhooks.WebhookEvent) -> None:
    return None


router.on(3)  # type: ignore[call-overload]

# The decorators keep the handler's own signature.
keep_sync: Callable[[UserCreated], str] = on_user
keep_async: Callable[[UserCreated], Awaitable[int]] = on_user_async
keep_kind: Callable[[UserfrontEvent], None] = on_kind
wrong_result: Callable[[UserCreated], int] = on_user  # type: ignore[assignment]
