"""Frontegg's 22 webhook events (their entities are in ``objects``).

Wire format: ``{"<entity>": {...}, "eventContext": {"tenantId": ..., "userId": ...},
"eventKey": "frontegg.user.created"}``. Every entity field is optional and some events carry
no entity at all; unknown fields are kept. Unknown ``eventKey`` values parse into
``FronteggGenericEvent``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import AliasChoices, Field

from authhooks.events import WebhookEvent
from authhooks.kinds import Kind
from authhooks.parsing import EventParser
from authhooks.providers.frontegg.objects import (
    CAMEL,
    FronteggApiToken,
    FronteggEventContext,
    FronteggTenant,
    FronteggUser,
)

__all__ = [
    "EVENT_KEYS",
    "PARSER",
    "FronteggEvent",
    "FronteggGenericEvent",
    "TenantApiTokenCreated",
    "TenantApiTokenDeleted",
    "TenantApiTokenEvent",
    "TenantCreated",
    "TenantDeleted",
    "TenantEvent",
    "TenantUpdated",
    "UserActivated",
    "UserApiTokenCreated",
    "UserApiTokenDeleted",
    "UserApiTokenEvent",
    "UserAuthenticated",
    "UserAuthenticatedWithSAML",
    "UserAuthenticatedWithSSO",
    "UserChangedPassword",
    "UserCreated",
    "UserDeleted",
    "UserDisabledMFA",
    "UserEnrolledMFA",
    "UserEvent",
    "UserFailedAuthentication",
    "UserForgotPassword",
    "UserInvitedToTenant",
    "UserRemovedFromTenant",
    "UserSignedUp",
    "UserUpdated",
]


class FronteggEvent(WebhookEvent):
    """Base of every Frontegg event.

    ``type`` is the ``eventKey`` (e.g. ``"frontegg.user.created"``). Frontegg sends no event
    id, so ``id`` is the SHA-256 of the raw body, and no event time, so ``occurred_at`` is
    ``None`` (entities carry their own ``created_at``/``last_login``).
    """

    provider: ClassVar[str] = "frontegg"
    model_config = CAMEL

    event_key: str
    event_context: FronteggEventContext = Field(default_factory=FronteggEventContext)

    @property
    def type(self) -> str:
        """The ``eventKey``, exactly as sent."""
        return self.event_key

    @property
    def id(self) -> str:
        """SHA-256 hex of the raw body (Frontegg sends no event id)."""
        return self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """Always ``None``: Frontegg's payload does not say when the event happened."""
        return None


class UserEvent(FronteggEvent):
    """An event about a user: the entity is ``event.user`` (``None`` when not sent)."""

    user: FronteggUser | None = None


class UserAuthenticated(UserEvent):
    """``frontegg.user.authenticated``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event_key: Literal["frontegg.user.authenticated"]


class UserAuthenticatedWithSAML(UserEvent):
    """``frontegg.user.authenticatedWithSAML``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event_key: Literal["frontegg.user.authenticatedWithSAML"]


class UserAuthenticatedWithSSO(UserEvent):
    """``frontegg.user.authenticatedWithSSO``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event_key: Literal["frontegg.user.authenticatedWithSSO"]


class UserFailedAuthentication(UserEvent):
    """``frontegg.user.failedAuthentication``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event_key: Literal["frontegg.user.failedAuthentication"]


class UserEnrolledMFA(UserEvent):
    """``frontegg.user.enrolledMFA``."""

    event_kind: ClassVar[Kind | None] = "mfa.enabled"
    event_key: Literal["frontegg.user.enrolledMFA"]


class UserDisabledMFA(UserEvent):
    """``frontegg.user.disabledMFA``."""

    event_kind: ClassVar[Kind | None] = "mfa.disabled"
    event_key: Literal["frontegg.user.disabledMFA"]


class UserCreated(UserEvent):
    """``frontegg.user.created``."""

    event_kind: ClassVar[Kind | None] = "user.created"
    event_key: Literal["frontegg.user.created"]


class UserSignedUp(UserEvent):
    """``frontegg.user.signedUp``."""

    event_kind: ClassVar[Kind | None] = "user.created"
    event_key: Literal["frontegg.user.signedUp"]


class UserDeleted(UserEvent):
    """``frontegg.user.deleted``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    event_key: Literal["frontegg.user.deleted"]


class UserUpdated(UserEvent):
    """``frontegg.user.updated``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    event_key: Literal["frontegg.user.updated"]


class UserInvitedToTenant(UserEvent):
    """``frontegg.user.invitedToTenant``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_added"
    event_key: Literal["frontegg.user.invitedToTenant"]


class UserChangedPassword(UserEvent):
    """``frontegg.user.changedPassword``."""

    event_kind: ClassVar[Kind | None] = "credentials.changed"
    event_key: Literal["frontegg.user.changedPassword"]


class UserForgotPassword(UserEvent):
    """``frontegg.user.forgotPassword``."""

    event_kind: ClassVar[Kind | None] = "credentials.changed"
    event_key: Literal["frontegg.user.forgotPassword"]


class UserRemovedFromTenant(UserEvent):
    """``frontegg.user.removedFromTenant``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_removed"
    event_key: Literal["frontegg.user.removedFromTenant"]


class UserActivated(UserEvent):
    """``frontegg.user.activated``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    event_key: Literal["frontegg.user.activated"]


_TOKEN_ALIASES = AliasChoices("apiToken", "userApiToken", "tenantApiToken")


class UserApiTokenEvent(FronteggEvent):
    """A user API token was created or deleted.

    The token is ``event.api_token``, read from ``apiToken``, ``userApiToken`` or
    ``tenantApiToken`` (Frontegg does not publish which); the user, when sent, is
    ``event.user``.
    """

    # Wire names only: the mypy plugin cannot name a choice of aliases in __init__.
    api_token: FronteggApiToken | None = Field(  # type: ignore[pydantic-alias]
        default=None, validation_alias=_TOKEN_ALIASES
    )
    user: FronteggUser | None = None


class UserApiTokenCreated(UserApiTokenEvent):
    """``frontegg.userApiToken.created``."""

    event_kind: ClassVar[Kind | None] = "api_key.created"
    event_key: Literal["frontegg.userApiToken.created"]


class UserApiTokenDeleted(UserApiTokenEvent):
    """``frontegg.userApiToken.deleted``."""

    event_kind: ClassVar[Kind | None] = "api_key.deleted"
    event_key: Literal["frontegg.userApiToken.deleted"]


class TenantEvent(FronteggEvent):
    """An event about a tenant: the entity is ``event.tenant`` (``None`` when not sent)."""

    tenant: FronteggTenant | None = None


class TenantCreated(TenantEvent):
    """``frontegg.tenant.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.created"
    event_key: Literal["frontegg.tenant.created"]


class TenantUpdated(TenantEvent):
    """``frontegg.tenant.updated``."""

    event_kind: ClassVar[Kind | None] = "tenant.updated"
    event_key: Literal["frontegg.tenant.updated"]


class TenantDeleted(TenantEvent):
    """``frontegg.tenant.deleted``."""

    event_kind: ClassVar[Kind | None] = "tenant.deleted"
    event_key: Literal["frontegg.tenant.deleted"]


class TenantApiTokenEvent(FronteggEvent):
    """A tenant API token was created or deleted: ``event.api_token``; the tenant, when
    sent, is ``event.tenant``."""

    # Wire names only: the mypy plugin cannot name a choice of aliases in __init__.
    api_token: FronteggApiToken | None = Field(  # type: ignore[pydantic-alias]
        default=None, validation_alias=_TOKEN_ALIASES
    )
    tenant: FronteggTenant | None = None


class TenantApiTokenCreated(TenantApiTokenEvent):
    """``frontegg.tenantApiToken.created``."""

    event_kind: ClassVar[Kind | None] = "api_key.created"
    event_key: Literal["frontegg.tenantApiToken.created"]


class TenantApiTokenDeleted(TenantApiTokenEvent):
    """``frontegg.tenantApiToken.deleted``."""

    event_kind: ClassVar[Kind | None] = "api_key.deleted"
    event_key: Literal["frontegg.tenantApiToken.deleted"]


class FronteggGenericEvent(FronteggEvent):
    """An event whose ``eventKey`` authhooks does not know; nothing is lost.

    Its entity, if any, is kept untyped (``event.user``, ``event.tenant``, or
    ``event.model_extra`` for any other key).
    """

    user: Any = None
    tenant: Any = None


#: Parses Frontegg payloads: the known events discriminated on ``eventKey`` (a ``Literal``
#: tag, read straight from the JSON), any other key as a ``FronteggGenericEvent``.
PARSER: EventParser[FronteggEvent] = EventParser(
    FronteggEvent,
    [
        UserAuthenticated,
        UserAuthenticatedWithSAML,
        UserAuthenticatedWithSSO,
        UserFailedAuthentication,
        UserEnrolledMFA,
        UserDisabledMFA,
        UserCreated,
        UserSignedUp,
        UserDeleted,
        UserUpdated,
        UserInvitedToTenant,
        UserChangedPassword,
        UserForgotPassword,
        UserRemovedFromTenant,
        UserActivated,
        UserApiTokenCreated,
        UserApiTokenDeleted,
        TenantCreated,
        TenantUpdated,
        TenantDeleted,
        TenantApiTokenCreated,
        TenantApiTokenDeleted,
    ],
    discriminator="event_key",
    generic=FronteggGenericEvent,
)

#: Every event key Frontegg publishes, in its own order.
EVENT_KEYS: tuple[str, ...] = tuple(PARSER.classes)
