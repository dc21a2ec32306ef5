"""Clerk's billing events and their objects: subscriptions, their items and payment attempts.

The main fields are typed (after Clerk's webhook OpenAPI specification); amounts, credits
and the payment source are kept as sent (``dict``). Every field is optional and unknown fields
are kept.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from authhooks.events import UnixMilliseconds, WebhookModel
from authhooks.kinds import Kind
from authhooks.providers.clerk.event import ClerkEvent

__all__ = [
    "BILLING_EVENTS",
    "Payer",
    "PaymentAttempt",
    "PaymentAttemptCreated",
    "PaymentAttemptEvent",
    "PaymentAttemptUpdated",
    "Plan",
    "Subscription",
    "SubscriptionActive",
    "SubscriptionCreated",
    "SubscriptionEvent",
    "SubscriptionItem",
    "SubscriptionItemAbandoned",
    "SubscriptionItemActive",
    "SubscriptionItemCanceled",
    "SubscriptionItemEnded",
    "SubscriptionItemEvent",
    "SubscriptionItemFreeTrialEnding",
    "SubscriptionItemIncomplete",
    "SubscriptionItemPastDue",
    "SubscriptionItemUpcoming",
    "SubscriptionItemUpdated",
    "SubscriptionPastDue",
    "SubscriptionUpdated",
]


class Payer(WebhookModel):
    """Who pays: a user, or a user for an organization."""

    id: str | None = None
    object: str | None = None
    user_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    organization_id: str | None = None
    organization_name: str | None = None
    image_url: str | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class Plan(WebhookModel):
    """A plan (``amount`` in the currency's smallest unit)."""

    id: str | None = None
    slug: str | None = None
    name: str | None = None
    is_recurring: bool | None = None
    amount: int | None = None
    currency: str | None = None


class SubscriptionItem(WebhookModel):
    """A subscription's item (one plan): the ``data`` of ``subscriptionItem.*``."""

    id: str | None = None
    object: str | None = None
    status: str | None = None
    is_free_trial: bool | None = None
    interval: str | None = None
    plan_id: str | None = None
    plan: Plan | None = None
    payer: Payer | None = None
    subscription_id: str | None = None
    period_start: UnixMilliseconds | None = None
    period_end: UnixMilliseconds | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class Subscription(WebhookModel):
    """A subscription: the ``data`` of ``subscription.*``."""

    id: str | None = None
    object: str | None = None
    status: str | None = None
    payer_id: str | None = None
    payer: Payer | None = None
    payment_source_id: str | None = None
    latest_payment_id: str | None = None
    items: list[SubscriptionItem] = Field(default_factory=list)
    active_at: UnixMilliseconds | None = None
    past_due_at: UnixMilliseconds | None = None
    canceled_at: UnixMilliseconds | None = None
    ended_at: UnixMilliseconds | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


class PaymentAttempt(WebhookModel):
    """A payment attempt: the ``data`` of ``paymentAttempt.*``."""

    id: str | None = None
    instance_id: str | None = None
    payment_id: str | None = None
    invoice_id: str | None = None
    statement_id: str | None = None
    gateway_external_id: str | None = None
    status: str | None = None
    charge_type: str | None = None
    payer: Payer | None = None
    payee: dict[str, Any] | None = None
    totals: dict[str, Any] | None = None
    payment_source: dict[str, Any] | None = None
    failed_reason: dict[str, Any] | None = None
    subscription_items: list[SubscriptionItem] = Field(default_factory=list)
    billing_date: UnixMilliseconds | None = None
    paid_at: UnixMilliseconds | None = None
    failed_at: UnixMilliseconds | None = None
    created_at: UnixMilliseconds | None = None
    updated_at: UnixMilliseconds | None = None


# --- events ---------------------------------------------------------------------------------


class SubscriptionEvent(ClerkEvent):
    """A ``subscription.*`` event; ``data`` is the ``Subscription``."""

    data: Subscription


class SubscriptionItemEvent(ClerkEvent):
    """A ``subscriptionItem.*`` event; ``data`` is the ``SubscriptionItem``."""

    data: SubscriptionItem


class PaymentAttemptEvent(ClerkEvent):
    """A ``paymentAttempt.*`` event; ``data`` is the ``PaymentAttempt``."""

    data: PaymentAttempt


class SubscriptionCreated(SubscriptionEvent):
    """``subscription.created``."""

    event_kind: ClassVar[Kind | None] = "subscription.created"
    type: Literal["subscription.created"]


class SubscriptionUpdated(SubscriptionEvent):
    """``subscription.updated``."""

    event_kind: ClassVar[Kind | None] = "subscription.updated"
    type: Literal["subscription.updated"]


class SubscriptionActive(SubscriptionEvent):
    """``subscription.active``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscription.active"]


class SubscriptionPastDue(SubscriptionEvent):
    """``subscription.pastDue``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscription.pastDue"]


class SubscriptionItemUpdated(SubscriptionItemEvent):
    """``subscriptionItem.updated``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.updated"]


class SubscriptionItemActive(SubscriptionItemEvent):
    """``subscriptionItem.active``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.active"]


class SubscriptionItemCanceled(SubscriptionItemEvent):
    """``subscriptionItem.canceled``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.canceled"]


class SubscriptionItemUpcoming(SubscriptionItemEvent):
    """``subscriptionItem.upcoming``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.upcoming"]


class SubscriptionItemEnded(SubscriptionItemEvent):
    """``subscriptionItem.ended``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.ended"]


class SubscriptionItemAbandoned(SubscriptionItemEvent):
    """``subscriptionItem.abandoned``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.abandoned"]


class SubscriptionItemIncomplete(SubscriptionItemEvent):
    """``subscriptionItem.incomplete``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.incomplete"]


class SubscriptionItemPastDue(SubscriptionItemEvent):
    """``subscriptionItem.pastDue``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.pastDue"]


class SubscriptionItemFreeTrialEnding(SubscriptionItemEvent):
    """``subscriptionItem.freeTrialEnding``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["subscriptionItem.freeTrialEnding"]


class PaymentAttemptCreated(PaymentAttemptEvent):
    """``paymentAttempt.created``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["paymentAttempt.created"]


class PaymentAttemptUpdated(PaymentAttemptEvent):
    """``paymentAttempt.updated``."""

    event_kind: ClassVar[Kind | None] = None
    type: Literal["paymentAttempt.updated"]


#: The billing events, in the order of Clerk's specification.
BILLING_EVENTS: tuple[type[ClerkEvent], ...] = (
    SubscriptionCreated,
    SubscriptionUpdated,
    SubscriptionActive,
    SubscriptionPastDue,
    SubscriptionItemUpdated,
    SubscriptionItemActive,
    SubscriptionItemCanceled,
    SubscriptionItemUpcoming,
    SubscriptionItemEnded,
    SubscriptionItemAbandoned,
    SubscriptionItemIncomplete,
    SubscriptionItemPastDue,
    SubscriptionItemFreeTrialEnding,
    PaymentAttemptCreated,
    PaymentAttemptUpdated,
)
