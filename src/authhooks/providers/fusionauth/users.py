"""FusionAuth's user events: lifecycle, logins, passwords, registrations, second factors.

FusionAuth sends most changes twice when both are enabled: ``user.create`` inside its
transaction (the change may still roll back) and ``user.create.complete`` after the commit.
Both carry the same kind; enable the one you need on the webhook.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from authhooks.events import UnixMilliseconds
from authhooks.kinds import Kind
from authhooks.providers.fusionauth._base import FusionAuthEvent, UserEvent
from authhooks.providers.fusionauth.entities import (
    FusionAuthRegistration,
    FusionAuthUser,
    IdentityProviderLink,
    LoginFailureReason,
    TwoFactorMethod,
)

__all__ = [
    "LoginEvent",
    "RegistrationEvent",
    "TwoFactorEvent",
    "TwoFactorMethodEvent",
    "UserAction",
    "UserBulkCreate",
    "UserCreate",
    "UserCreateComplete",
    "UserDeactivate",
    "UserDelete",
    "UserDeleteComplete",
    "UserEmailUpdate",
    "UserEmailVerified",
    "UserIdentityProviderLink",
    "UserIdentityProviderUnlink",
    "UserIdentityVerified",
    "UserLoginFailed",
    "UserLoginIdDuplicateCreate",
    "UserLoginIdDuplicateUpdate",
    "UserLoginNewDevice",
    "UserLoginSuccess",
    "UserLoginSuspicious",
    "UserPasswordBreach",
    "UserPasswordResetSend",
    "UserPasswordResetStart",
    "UserPasswordResetSuccess",
    "UserPasswordUpdate",
    "UserReactivate",
    "UserRegistrationCreate",
    "UserRegistrationCreateComplete",
    "UserRegistrationDelete",
    "UserRegistrationDeleteComplete",
    "UserRegistrationUpdate",
    "UserRegistrationUpdateComplete",
    "UserRegistrationVerified",
    "UserTwoFactorChallenge",
    "UserTwoFactorFailedAttempt",
    "UserTwoFactorMethodAdd",
    "UserTwoFactorMethodRemove",
    "UserTwoFactorSuccess",
    "UserUpdate",
    "UserUpdateComplete",
]


# --- lifecycle ------------------------------------------------------------------------------


class UserCreate(UserEvent):
    """``user.create`` (inside FusionAuth's transaction)."""

    event_kind: ClassVar[Kind | None] = "user.created"
    type: Literal["user.create"]


class UserCreateComplete(UserEvent):
    """``user.create.complete`` (after the commit)."""

    event_kind: ClassVar[Kind | None] = "user.created"
    type: Literal["user.create.complete"]


class UserUpdate(UserEvent):
    """``user.update``: ``user`` after the change, ``original`` before it. Also sent on
    every login through an identity provider, changed or not."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.update"]
    original: FusionAuthUser | None = None


class UserUpdateComplete(UserEvent):
    """``user.update.complete``: ``user`` after the change, ``original`` before it."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.update.complete"]
    original: FusionAuthUser | None = None


class UserDelete(UserEvent):
    """``user.delete``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    type: Literal["user.delete"]


class UserDeleteComplete(UserEvent):
    """``user.delete.complete``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    type: Literal["user.delete.complete"]


class UserBulkCreate(FusionAuthEvent):
    """``user.bulk.create``: ``users``, imported at once (no kind: many users)."""

    type: Literal["user.bulk.create"]
    users: list[FusionAuthUser] = Field(default_factory=list)


class UserDeactivate(UserEvent):
    """``user.deactivate``: the user can no longer sign in."""

    event_kind: ClassVar[Kind | None] = "user.locked"
    type: Literal["user.deactivate"]


class UserReactivate(UserEvent):
    """``user.reactivate``."""

    event_kind: ClassVar[Kind | None] = "user.unlocked"
    type: Literal["user.reactivate"]


class UserEmailUpdate(UserEvent):
    """``user.email.update``: ``previous_email`` was replaced by ``user.email``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.email.update"]
    previous_email: str | None = None


class UserEmailVerified(UserEvent):
    """``user.email.verified``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.email.verified"]


class UserIdentityVerified(UserEvent):
    """``user.identity.verified``: ``login_id`` (of ``login_id_type``) was verified."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["user.identity.verified"]
    login_id: str | None = None
    login_id_type: str | None = None


class UserIdentityProviderLink(UserEvent):
    """``user.identity-provider.link``."""

    type: Literal["user.identity-provider.link"]
    identity_provider_link: IdentityProviderLink | None = None


class UserIdentityProviderUnlink(UserEvent):
    """``user.identity-provider.unlink``."""

    type: Literal["user.identity-provider.unlink"]
    identity_provider_link: IdentityProviderLink | None = None


class _Duplicate(UserEvent):
    existing: FusionAuthUser | None = None
    duplicate_email: str | None = None
    duplicate_username: str | None = None
    duplicate_phone_number: str | None = None
    duplicate_identities: Any = None


class UserLoginIdDuplicateCreate(_Duplicate):
    """``user.loginId.duplicate.create``: a new user has the login id of ``existing``."""

    type: Literal["user.loginId.duplicate.create"]


class UserLoginIdDuplicateUpdate(_Duplicate):
    """``user.loginId.duplicate.update``: an update gave ``user`` the login id of
    ``existing``."""

    type: Literal["user.loginId.duplicate.update"]


class UserAction(FusionAuthEvent):
    """``user.action``: a user action (lock, mute, warn...) started, ended or was changed.

    Which actions exist is configured in FusionAuth, so this event has no kind.
    """

    type: Literal["user.action"]
    action: str | None = None
    action_id: str | None = None
    actionee_user_id: str | None = None
    actioner_user_id: str | None = None
    application_ids: list[str] | None = None
    comment: str | None = None
    email: Any = None
    emailed_user: bool | None = None
    expiry: UnixMilliseconds | None = None
    localized_action: str | None = None
    localized_duration: str | None = None
    localized_option: str | None = None
    localized_reason: str | None = None
    notify_user: bool | None = None
    option: str | None = None
    #: ``"start"``, ``"modify"``, ``"cancel"`` or ``"end"``.
    phase: str | None = None
    reason: str | None = None
    reason_code: str | None = None


# --- logins ---------------------------------------------------------------------------------


class LoginEvent(UserEvent):
    """A ``user.login.*`` event: how and where the user signed in."""

    application_id: str | None = None
    #: ``"PASSWORD"``, ``"PASSWORDLESS"``, ``"GOOGLE"``...
    authentication_type: str | None = None
    connector_id: str | None = None
    identity_provider_id: str | None = None
    identity_provider_name: str | None = None
    #: Deprecated by FusionAuth: read ``info.ip_address``.
    ip_address: str | None = None


class UserLoginSuccess(LoginEvent):
    """``user.login.success``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    type: Literal["user.login.success"]


class UserLoginFailed(LoginEvent):
    """``user.login.failed``: ``reason`` says why (FusionAuth 1.53+)."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    type: Literal["user.login.failed"]
    reason: LoginFailureReason | None = None


class UserLoginNewDevice(LoginEvent):
    """``user.login.new-device``: sent with the ``user.login.success`` of the same login."""

    type: Literal["user.login.new-device"]


class UserLoginSuspicious(LoginEvent):
    """``user.login.suspicious``: ``threats_detected`` (``ImpossibleTravel``...); sent with
    the login's own event."""

    type: Literal["user.login.suspicious"]
    threats_detected: list[str] | None = None


# --- passwords ------------------------------------------------------------------------------


class UserPasswordBreach(UserEvent):
    """``user.password.breach``: the password was found in a breach."""

    type: Literal["user.password.breach"]


class UserPasswordResetSend(UserEvent):
    """``user.password.reset.send``: the forgot-password email was sent."""

    event_kind: ClassVar[Kind | None] = "password_reset.requested"
    type: Literal["user.password.reset.send"]


class UserPasswordResetStart(UserEvent):
    """``user.password.reset.start``: the user opened the reset flow."""

    type: Literal["user.password.reset.start"]


class UserPasswordResetSuccess(UserEvent):
    """``user.password.reset.success``."""

    event_kind: ClassVar[Kind | None] = "password_reset.succeeded"
    type: Literal["user.password.reset.success"]


class UserPasswordUpdate(UserEvent):
    """``user.password.update``: the password was changed."""

    event_kind: ClassVar[Kind | None] = "credentials.changed"
    type: Literal["user.password.update"]


# --- registrations (a user's access to an application; applications are not tenants) ----------


class RegistrationEvent(UserEvent):
    """A ``user.registration.*`` event: ``registration`` of ``user`` to ``application_id``."""

    application_id: str | None = None
    registration: FusionAuthRegistration = Field(default_factory=FusionAuthRegistration)


class UserRegistrationCreate(RegistrationEvent):
    """``user.registration.create``."""

    type: Literal["user.registration.create"]


class UserRegistrationCreateComplete(RegistrationEvent):
    """``user.registration.create.complete``."""

    type: Literal["user.registration.create.complete"]


class UserRegistrationUpdate(RegistrationEvent):
    """``user.registration.update``: ``original`` is the registration before the change."""

    type: Literal["user.registration.update"]
    original: FusionAuthRegistration | None = None


class UserRegistrationUpdateComplete(RegistrationEvent):
    """``user.registration.update.complete``."""

    type: Literal["user.registration.update.complete"]
    original: FusionAuthRegistration | None = None


class UserRegistrationDelete(RegistrationEvent):
    """``user.registration.delete``."""

    type: Literal["user.registration.delete"]


class UserRegistrationDeleteComplete(RegistrationEvent):
    """``user.registration.delete.complete``."""

    type: Literal["user.registration.delete.complete"]


class UserRegistrationVerified(RegistrationEvent):
    """``user.registration.verified``."""

    type: Literal["user.registration.verified"]


# --- second factors -------------------------------------------------------------------------


class TwoFactorMethodEvent(UserEvent):
    """A second factor was added or removed: ``method``."""

    method: TwoFactorMethod | None = None


class UserTwoFactorMethodAdd(TwoFactorMethodEvent):
    """``user.two-factor.method.add``."""

    event_kind: ClassVar[Kind | None] = "mfa.enabled"
    type: Literal["user.two-factor.method.add"]


class UserTwoFactorMethodRemove(TwoFactorMethodEvent):
    """``user.two-factor.method.remove``."""

    event_kind: ClassVar[Kind | None] = "mfa.disabled"
    type: Literal["user.two-factor.method.remove"]


class TwoFactorEvent(UserEvent):
    """A second-factor step of a login (FusionAuth 1.68+): ``method`` is its name."""

    application_id: str | None = None
    client_risk: str | None = None
    message_type: str | None = None
    method: str | None = None


class UserTwoFactorChallenge(TwoFactorEvent):
    """``user.two-factor.challenge``: a second factor was asked for."""

    type: Literal["user.two-factor.challenge"]


class UserTwoFactorSuccess(TwoFactorEvent):
    """``user.two-factor.success``."""

    type: Literal["user.two-factor.success"]


class UserTwoFactorFailedAttempt(TwoFactorEvent):
    """``user.two-factor.failed-attempt`` (FusionAuth's docs also spell it
    ``user.two-factor.failed.attempt``: both are read)."""

    type: Literal["user.two-factor.failed-attempt", "user.two-factor.failed.attempt"]
