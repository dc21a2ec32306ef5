"""Okta event hooks: the delivery envelope, the System Log events, 29 of them typed.

A delivery (Okta's "event hook" request) is an envelope around a list of System Log events:

```json
{"eventType": "com.okta.event_hook", "eventTypeVersion": "1.0", "cloudEventsVersion": "0.1",
 "eventId": "<delivery uuid>", "eventTime": "<ISO 8601>", "source": "<the hook's URL>",
 "contentType": "application/json", "data": {"events": [{<LogEvent>}, ...]}}
```

Each element of ``data.events`` is a System Log ``LogEvent`` (``uuid``, ``published``,
``eventType``, ``actor``, ``target``, ``outcome``...); it becomes one
[`OktaEvent`][authhooks.providers.okta.OktaEvent], typed by its ``eventType`` where authhooks
has a model for it, else an ``OktaGenericEvent``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field

from authhooks.batch import BatchedEvent, LenientTimestamp
from authhooks.events import WebhookModel
from authhooks.kinds import Kind
from authhooks.parsing import EventParser
from authhooks.providers.okta.objects import (
    Actor,
    AuthenticationContext,
    Client,
    DebugContext,
    Outcome,
    Request,
    SecurityContext,
    Target,
    Transaction,
)

__all__ = [
    "EVENTS",
    "EVENT_TYPES",
    "PARSER",
    "OktaEnvelope",
    "OktaEvent",
    "OktaGenericEvent",
]


class OktaEvent(BatchedEvent):
    """Base of every Okta event: one System Log event of a delivery.

    ``type`` is ``eventType`` (``"user.session.start"``), ``id`` the event's ``uuid`` (the
    de-duplication key: a retried delivery carries the same events), ``occurred_at`` its
    ``published`` time (``None`` when Okta's text is not a valid time), ``raw`` the event's
    own JSON object. Every part is optional; unknown fields are kept.
    """

    provider: ClassVar[str] = "okta"

    #: The event's name; read it as ``event.type``.
    event_type: str = Field(alias="eventType")
    uuid: str | None = None
    published: LenientTimestamp = None
    version: str | None = None
    display_message: str | None = Field(default=None, alias="displayMessage")
    #: ``DEBUG``, ``INFO``, ``WARN`` or ``ERROR``.
    severity: str | None = None
    legacy_event_type: str | None = Field(default=None, alias="legacyEventType")
    actor: Actor | None = None
    client: Client | None = None
    #: The device, on newer events (free-form).
    device: dict[str, Any] | None = None
    request: Request | None = None
    outcome: Outcome | None = None
    target: list[Target] | None = None
    transaction: Transaction | None = None
    debug_context: DebugContext | None = Field(default=None, alias="debugContext")
    authentication_context: AuthenticationContext | None = Field(
        default=None, alias="authenticationContext"
    )
    security_context: SecurityContext | None = Field(default=None, alias="securityContext")

    @property
    def type(self) -> str:
        """The event's ``eventType``, exactly as sent."""
        return self.event_type

    @property
    def id(self) -> str:
        """The event's ``uuid`` (the SHA-256 of its JSON when it has none)."""
        return self.uuid if self.uuid else self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When the event happened: ``published``."""
        return self.published

    def targets(self, type: str) -> list[Target]:
        """The targets of type ``type`` (``"User"``, ``"UserGroup"``, ``"AppInstance"``...)."""
        return [target for target in self.target or () if target.type == type]

    @property
    def user(self) -> Actor | Target | None:
        """The user the event is about: the first ``User`` target, else a ``User`` actor."""
        users = self.targets("User")
        if users:
            return users[0]
        if self.actor is not None and self.actor.type == "User":
            return self.actor
        return None


class OktaGenericEvent(OktaEvent):
    """An event whose ``eventType`` authhooks has no model for; nothing is lost."""


# -- the typed events ---------------------------------------------------------------------------


class _ByOutcome(OktaEvent):
    """An authentication event: ``kind`` is ``auth.succeeded`` or ``auth.failed`` by
    ``outcome.result`` (``SUCCESS``/``ALLOW`` or ``FAILURE``/``DENY``), else ``None``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"

    @property
    def kind(self) -> Kind | None:
        """``auth.succeeded``, ``auth.failed`` or ``None``, by ``outcome.result``."""
        result = self.outcome.result if self.outcome is not None else None
        if result in ("SUCCESS", "ALLOW"):
            return "auth.succeeded"
        if result in ("FAILURE", "DENY"):
            return "auth.failed"
        return None


class UserLifecycleCreate(OktaEvent):
    """``user.lifecycle.create``: an Okta user was created (target: the user)."""

    event_kind: ClassVar[Kind | None] = "user.created"
    event_type: Literal["user.lifecycle.create"] = Field(alias="eventType")


class UserLifecycleActivate(OktaEvent):
    """``user.lifecycle.activate``: a user was activated."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    event_type: Literal["user.lifecycle.activate"] = Field(alias="eventType")


class UserLifecycleDeactivate(OktaEvent):
    """``user.lifecycle.deactivate``: a user was deactivated and can no longer sign in."""

    event_kind: ClassVar[Kind | None] = "user.locked"
    event_type: Literal["user.lifecycle.deactivate"] = Field(alias="eventType")


class UserLifecycleReactivate(OktaEvent):
    """``user.lifecycle.reactivate``: a deactivated user was reactivated."""

    event_kind: ClassVar[Kind | None] = "user.unlocked"
    event_type: Literal["user.lifecycle.reactivate"] = Field(alias="eventType")


class UserLifecycleSuspend(OktaEvent):
    """``user.lifecycle.suspend``: a user was suspended and can no longer sign in."""

    event_kind: ClassVar[Kind | None] = "user.locked"
    event_type: Literal["user.lifecycle.suspend"] = Field(alias="eventType")


class UserLifecycleUnsuspend(OktaEvent):
    """``user.lifecycle.unsuspend``: a suspended user may sign in again."""

    event_kind: ClassVar[Kind | None] = "user.unlocked"
    event_type: Literal["user.lifecycle.unsuspend"] = Field(alias="eventType")


class UserLifecycleDeleteInitiated(OktaEvent):
    """``user.lifecycle.delete.initiated``: a user's deletion started (the completion event
    is not delivered to event hooks)."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    event_type: Literal["user.lifecycle.delete.initiated"] = Field(alias="eventType")


class UserAccountUpdateProfile(OktaEvent):
    """``user.account.update_profile``: a user's profile changed."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    event_type: Literal["user.account.update_profile"] = Field(alias="eventType")


class UserAccountUpdatePassword(OktaEvent):
    """``user.account.update_password``: a user's password changed."""

    event_kind: ClassVar[Kind | None] = "credentials.changed"
    event_type: Literal["user.account.update_password"] = Field(alias="eventType")


class UserAccountResetPassword(OktaEvent):
    """``user.account.reset_password``: a user's password was reset (no kind: Okta logs it
    for an administrator's reset, which only starts the user's own, as for others)."""

    event_type: Literal["user.account.reset_password"] = Field(alias="eventType")


class UserAccountLock(OktaEvent):
    """``user.account.lock``: the account was locked (too many failed sign-ins)."""

    event_kind: ClassVar[Kind | None] = "user.locked"
    event_type: Literal["user.account.lock"] = Field(alias="eventType")


class UserAccountUnlock(OktaEvent):
    """``user.account.unlock``: the account was unlocked automatically."""

    event_kind: ClassVar[Kind | None] = "user.unlocked"
    event_type: Literal["user.account.unlock"] = Field(alias="eventType")


class UserAccountUnlockByAdmin(OktaEvent):
    """``user.account.unlock_by_admin``: an administrator unlocked the account."""

    event_kind: ClassVar[Kind | None] = "user.unlocked"
    event_type: Literal["user.account.unlock_by_admin"] = Field(alias="eventType")


class UserSessionStart(_ByOutcome):
    """``user.session.start``: a sign-in to Okta; a failed one has ``outcome.result ==
    "FAILURE"`` and a reason (``INVALID_CREDENTIALS``...)."""

    event_type: Literal["user.session.start"] = Field(alias="eventType")


class UserSessionEnd(OktaEvent):
    """``user.session.end``: a user signed out of Okta."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    event_type: Literal["user.session.end"] = Field(alias="eventType")


class UserSessionClear(OktaEvent):
    """``user.session.clear``: a user's sessions were cleared."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    event_type: Literal["user.session.clear"] = Field(alias="eventType")


class UserAuthenticationSso(_ByOutcome):
    """``user.authentication.sso``: a single sign-on to an app (target: the app)."""

    event_type: Literal["user.authentication.sso"] = Field(alias="eventType")


class UserAuthenticationAuthViaMfa(_ByOutcome):
    """``user.authentication.auth_via_mfa``: an authentication with a factor."""

    event_type: Literal["user.authentication.auth_via_mfa"] = Field(alias="eventType")


class UserAuthenticationAuthViaIdp(_ByOutcome):
    """``user.authentication.auth_via_IDP``: an authentication through an identity
    provider."""

    event_type: Literal["user.authentication.auth_via_IDP"] = Field(alias="eventType")


class UserAuthenticationAuthViaSocial(_ByOutcome):
    """``user.authentication.auth_via_social``: an authentication with a social login."""

    event_type: Literal["user.authentication.auth_via_social"] = Field(alias="eventType")


class UserAuthenticationAuthenticate(_ByOutcome):
    """``user.authentication.authenticate``: an authentication with a device trust
    certificate."""

    event_type: Literal["user.authentication.authenticate"] = Field(alias="eventType")


class UserAuthenticationUniversalLogout(OktaEvent):
    """``user.authentication.universal_logout``: an administrator or the system signed a
    user out of an app (Universal Logout)."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    event_type: Literal["user.authentication.universal_logout"] = Field(alias="eventType")


class UserMfaFactorActivate(OktaEvent):
    """``user.mfa.factor.activate``: a factor (authenticator enrollment) was activated."""

    event_kind: ClassVar[Kind | None] = "mfa.enabled"
    event_type: Literal["user.mfa.factor.activate"] = Field(alias="eventType")


class UserMfaFactorDeactivate(OktaEvent):
    """``user.mfa.factor.deactivate``: a factor was reset."""

    event_kind: ClassVar[Kind | None] = "mfa.disabled"
    event_type: Literal["user.mfa.factor.deactivate"] = Field(alias="eventType")


class UserMfaFactorResetAll(OktaEvent):
    """``user.mfa.factor.reset_all``: every factor of a user was reset."""

    event_kind: ClassVar[Kind | None] = "mfa.disabled"
    event_type: Literal["user.mfa.factor.reset_all"] = Field(alias="eventType")


class GroupUserMembershipAdd(OktaEvent):
    """``group.user_membership.add``: a user was added to a group (targets: the user and
    the ``UserGroup``). No kind: an Okta group is not a tenant."""

    event_type: Literal["group.user_membership.add"] = Field(alias="eventType")


class GroupUserMembershipRemove(OktaEvent):
    """``group.user_membership.remove``: a user was removed from a group."""

    event_type: Literal["group.user_membership.remove"] = Field(alias="eventType")


class ApplicationUserMembershipAdd(OktaEvent):
    """``application.user_membership.add``: a user was assigned to an app (targets: the
    ``AppUser`` and the ``AppInstance``)."""

    event_type: Literal["application.user_membership.add"] = Field(alias="eventType")


class ApplicationUserMembershipRemove(OktaEvent):
    """``application.user_membership.remove``: a user's app assignment was removed."""

    event_type: Literal["application.user_membership.remove"] = Field(alias="eventType")


#: Every typed Okta event class.
EVENTS: tuple[type[OktaEvent], ...] = (
    UserLifecycleCreate,
    UserLifecycleActivate,
    UserLifecycleDeactivate,
    UserLifecycleReactivate,
    UserLifecycleSuspend,
    UserLifecycleUnsuspend,
    UserLifecycleDeleteInitiated,
    UserAccountUpdateProfile,
    UserAccountUpdatePassword,
    UserAccountResetPassword,
    UserAccountLock,
    UserAccountUnlock,
    UserAccountUnlockByAdmin,
    UserSessionStart,
    UserSessionEnd,
    UserSessionClear,
    UserAuthenticationSso,
    UserAuthenticationAuthViaMfa,
    UserAuthenticationAuthViaIdp,
    UserAuthenticationAuthViaSocial,
    UserAuthenticationAuthenticate,
    UserAuthenticationUniversalLogout,
    UserMfaFactorActivate,
    UserMfaFactorDeactivate,
    UserMfaFactorResetAll,
    GroupUserMembershipAdd,
    GroupUserMembershipRemove,
    ApplicationUserMembershipAdd,
    ApplicationUserMembershipRemove,
)

#: Parses one System Log event of a delivery: the known ones by ``eventType``, any other as
#: an ``OktaGenericEvent``.
PARSER: EventParser[OktaEvent] = EventParser(
    OktaEvent, EVENTS, discriminator="event_type", generic=OktaGenericEvent
)

#: Every event type with a typed model.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)


# -- the envelope ------------------------------------------------------------------------------


class OktaEnvelopeData(WebhookModel):
    """The envelope's ``data``: the delivered events, as JSON objects."""

    events: list[dict[str, Any]]


class OktaEnvelope(WebhookModel):
    """An Okta event hook delivery: what surrounds the events (``batch.raw`` as a model).

    ``event_id`` identifies the delivery (``batch.id``); each event has its own ``uuid``.
    """

    #: Always ``com.okta.event_hook``.
    event_type: str | None = Field(default=None, alias="eventType")
    event_type_version: str | None = Field(default=None, alias="eventTypeVersion")
    cloud_events_version: str | None = Field(default=None, alias="cloudEventsVersion")
    #: ``https://{yourOktaDomain}/api/v1/eventHooks/{hookId}``.
    source: str | None = None
    event_id: str | None = Field(default=None, alias="eventId")
    #: When Okta sent the delivery.
    event_time: LenientTimestamp = Field(default=None, alias="eventTime")
    content_type: str | None = Field(default=None, alias="contentType")
    data: OktaEnvelopeData
