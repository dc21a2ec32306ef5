"""Auth0 log streams: the log records, 31 log types typed.

A log stream delivers tenant log records, each ``{"log_id": "...", "data": {<the log>}}``;
``data.type`` is the log type code (``s``: a successful login, ``fp``: a wrong password...)
and the rest is Auth0's tenant log (``date``, ``description``, ``client_id``, ``user_id``,
``ip``, ``details``...). Each record becomes one
[`Auth0Event`][authhooks.providers.auth0.Auth0Event], typed by its code where authhooks has a
model for it, else an ``Auth0GenericEvent``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import Field

from authhooks.batch import BatchedEvent, LenientTimestamp
from authhooks.events import WebhookModel
from authhooks.kinds import Kind
from authhooks.parsing import EventParser

__all__ = ["EVENTS", "EVENT_TYPES", "PARSER", "Auth0Event", "Auth0GenericEvent", "Auth0Log"]


class Auth0Log(WebhookModel):
    """A tenant log (a record's ``data``), as Auth0's log schemas describe it. Every field
    is optional (older logs lack the newer ones); unknown fields are kept."""

    #: When it happened (``None`` when Auth0's text is not a valid time).
    date: LenientTimestamp = None
    #: The log type code (``s``, ``fp``, ``sapi``...).
    type: str | None = None
    description: str | None = None
    log_id: str | None = None
    client_id: str | None = None
    client_name: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    hostname: str | None = None
    user_id: str | None = None
    #: The user's email, username or phone number.
    user_name: str | None = None
    connection: str | None = None
    connection_id: str | None = None
    #: ``auth0``, ``google-oauth2``, ``waad``...
    strategy: str | None = None
    #: ``database``, ``social``, ``enterprise``...
    strategy_type: str | None = None
    audience: str | None = None
    scope: str | list[str] | None = None
    is_mobile: bool | None = None
    organization_id: str | None = None
    organization_name: str | None = None
    tenant_name: str | None = None
    environment_name: str | None = None
    #: What is particular to the log type (the error of a failed login, the request of a
    #: Management API call...).
    details: dict[str, Any] | None = None
    security_context: dict[str, Any] | None = None
    auth0_client: dict[str, Any] | None = None
    location_info: dict[str, Any] | None = None
    event_schema: dict[str, Any] | None = Field(default=None, alias="$event_schema")


class Auth0Event(BatchedEvent):
    """Base of every Auth0 log stream event: one log record.

    ``type`` is the log type code (``data.type``), ``id`` the record's ``log_id`` (else
    ``data.log_id``; the de-duplication key), ``occurred_at`` the log's ``date``, ``data``
    the log, ``raw`` the record as sent.
    """

    provider: ClassVar[str] = "auth0"

    #: The record's ``log_id``; read ``event.id``, which falls back to ``data.log_id``.
    log_id: str | None = None
    #: The log type code (``data.type``).
    type: str
    #: The log.
    data: Auth0Log

    @property
    def id(self) -> str:
        """``log_id``, else ``data.log_id`` (else the SHA-256 of the record's JSON)."""
        return self.log_id or self.data.log_id or self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When it happened: the log's ``date``."""
        return self.data.date


class Auth0GenericEvent(Auth0Event):
    """A log type authhooks has no model for (Auth0 has about 170); nothing is lost."""


class SuccessLogin(Auth0Event):
    """``s``: a successful login."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    type: Literal["s"]


class FailedLogin(Auth0Event):
    """``f``: a failed login, for a reason other than a wrong password or username."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    type: Literal["f"]


class FailedLoginIncorrectPassword(Auth0Event):
    """``fp``: a failed login, wrong password (``data.details.error.message``)."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    type: Literal["fp"]


class FailedLoginInvalidEmail(Auth0Event):
    """``fu``: a failed login, unknown email or username."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    type: Literal["fu"]


class SuccessSignup(Auth0Event):
    """``ss``: a user signed up."""

    event_kind: ClassVar[Kind | None] = "user.created"
    type: Literal["ss"]


class FailedSignup(Auth0Event):
    """``fs``: a sign-up failed."""

    type: Literal["fs"]


class SuccessLogout(Auth0Event):
    """``slo``: a user logged out."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    type: Literal["slo"]


class SuccessSilentAuth(Auth0Event):
    """``ssa``: a silent authentication (a session renewed without a prompt; no kind)."""

    type: Literal["ssa"]


class FailedSilentAuth(Auth0Event):
    """``fsa``: a silent authentication failed (no session; no kind)."""

    type: Literal["fsa"]


class SuccessChangePassword(Auth0Event):
    """``scp``: a password changed (also at the end of a password reset)."""

    event_kind: ClassVar[Kind | None] = "credentials.changed"
    type: Literal["scp"]


class SuccessChangePasswordRequest(Auth0Event):
    """``scpr``: a password reset was requested (email or ticket)."""

    event_kind: ClassVar[Kind | None] = "password_reset.requested"
    type: Literal["scpr"]


class SuccessVerificationEmail(Auth0Event):
    """``sv``: an email verification link was used."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["sv"]


class SuccessChangeEmail(Auth0Event):
    """``sce``: a user's email changed."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["sce"]


class SuccessChangeUsername(Auth0Event):
    """``scu``: a user's username changed."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["scu"]


class SuccessChangePhoneNumber(Auth0Event):
    """``scpn``: a user's phone number changed."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    type: Literal["scpn"]


class SuccessUserDeletion(Auth0Event):
    """``sdu``: a user was deleted."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    type: Literal["sdu"]


class DeletedUser(Auth0Event):
    """``du``: a user was deleted (the older code, still in Auth0's older lists)."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    type: Literal["du"]


class SuccessApiOperation(Auth0Event):
    """``sapi``: a Management API write (``POST``, ``PATCH``, ``PUT``, ``DELETE``);
    ``data.details.request`` and ``response`` say which."""

    type: Literal["sapi"]


class FailedApiOperation(Auth0Event):
    """``fapi``: a Management API operation failed (the older code)."""

    type: Literal["fapi"]


class BlockedAccount(Auth0Event):
    """``limit_wc``: an IP is blocked from an account after too many failed logins."""

    event_kind: ClassVar[Kind | None] = "user.locked"
    type: Literal["limit_wc"]


class BlockedUserLogins(Auth0Event):
    """``limit_sul``: a user is blocked for a while after too many logins from one IP."""

    event_kind: ClassVar[Kind | None] = "user.locked"
    type: Literal["limit_sul"]


class BlockedIpAddress(Auth0Event):
    """``limit_mu``: an IP is blocked after too many failed logins or sign-ups (no user)."""

    type: Literal["limit_mu"]


class UserBlockReleased(Auth0Event):
    """``ublkdu``: a block set by anomaly detection was released."""

    event_kind: ClassVar[Kind | None] = "user.unlocked"
    type: Literal["ublkdu"]


class BreachedPassword(Auth0Event):
    """``pwd_leak``: a login was attempted with a leaked password."""

    type: Literal["pwd_leak"]


class MfaEnrollmentComplete(Auth0Event):
    """``gd_enrollment_complete``: a user enrolled a first MFA factor."""

    event_kind: ClassVar[Kind | None] = "mfa.enabled"
    type: Literal["gd_enrollment_complete"]


class MfaUnenrolled(Auth0Event):
    """``gd_unenroll``: a user's MFA device was unenrolled."""

    event_kind: ClassVar[Kind | None] = "mfa.disabled"
    type: Literal["gd_unenroll"]


class MfaAuthFailed(Auth0Event):
    """``gd_auth_failed``: a multi-factor authentication failed (a wrong code...)."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    type: Literal["gd_auth_failed"]


class MfaAuthRejected(Auth0Event):
    """``gd_auth_rejected``: a user rejected a push notification."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    type: Literal["gd_auth_rejected"]


class OrganizationMemberAdded(Auth0Event):
    """``organization_member_added``: a user joined an organization."""

    event_kind: ClassVar[Kind | None] = "tenant.member_added"
    type: Literal["organization_member_added"]


class InvitationAccepted(Auth0Event):
    """``si``: a user accepted an invitation."""

    event_kind: ClassVar[Kind | None] = "tenant.invitation_accepted"
    type: Literal["si"]


class RefreshTokenRevoked(Auth0Event):
    """``srrt``: a refresh token was revoked (no kind: the session may live on)."""

    type: Literal["srrt"]


#: Every typed Auth0 log event class.
EVENTS: tuple[type[Auth0Event], ...] = (
    SuccessLogin,
    FailedLogin,
    FailedLoginIncorrectPassword,
    FailedLoginInvalidEmail,
    SuccessSignup,
    FailedSignup,
    SuccessLogout,
    SuccessSilentAuth,
    FailedSilentAuth,
    SuccessChangePassword,
    SuccessChangePasswordRequest,
    SuccessVerificationEmail,
    SuccessChangeEmail,
    SuccessChangeUsername,
    SuccessChangePhoneNumber,
    SuccessUserDeletion,
    DeletedUser,
    SuccessApiOperation,
    FailedApiOperation,
    BlockedAccount,
    BlockedUserLogins,
    BlockedIpAddress,
    UserBlockReleased,
    BreachedPassword,
    MfaEnrollmentComplete,
    MfaUnenrolled,
    MfaAuthFailed,
    MfaAuthRejected,
    OrganizationMemberAdded,
    InvitationAccepted,
    RefreshTokenRevoked,
)

#: Parses one log record (with its type code lifted to ``type``): the known codes by
#: ``type``, any other as an ``Auth0GenericEvent``.
PARSER: EventParser[Auth0Event] = EventParser(Auth0Event, EVENTS, generic=Auth0GenericEvent)

#: Every log type code with a typed model.
EVENT_TYPES: tuple[str, ...] = tuple(PARSER.classes)
