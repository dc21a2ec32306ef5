"""WorkOS AuthKit events: users, organizations and memberships, sessions, authentication
steps, invitations, email verification, Magic Auth and password resets.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from authhooks.kinds import Kind
from authhooks.providers.workos.envelope import WorkOSEvent
from authhooks.providers.workos.objects import (
    Authentication,
    EmailVerification,
    Invitation,
    MagicAuth,
    Organization,
    OrganizationMembership,
    PasswordReset,
    RadarRisk,
    Session,
    User,
)

__all__ = [
    "EVENTS",
    "AuthenticationEvent",
    "EmailVerificationCreated",
    "EmailVerificationFailed",
    "EmailVerificationSucceeded",
    "InvitationAccepted",
    "InvitationCreated",
    "InvitationEvent",
    "InvitationResent",
    "InvitationRevoked",
    "MagicAuthCreated",
    "MagicAuthFailed",
    "MagicAuthSucceeded",
    "MembershipCreated",
    "MembershipDeleted",
    "MembershipEvent",
    "MembershipUpdated",
    "MfaFailed",
    "MfaSucceeded",
    "OAuthFailed",
    "OAuthSucceeded",
    "OrganizationCreated",
    "OrganizationDeleted",
    "OrganizationEvent",
    "OrganizationUpdated",
    "PasskeyFailed",
    "PasskeySucceeded",
    "PasswordFailed",
    "PasswordResetCreated",
    "PasswordResetEvent",
    "PasswordResetSucceeded",
    "PasswordSucceeded",
    "RadarRiskDetected",
    "ReauthenticationSucceeded",
    "SessionCreated",
    "SessionEvent",
    "SessionRevoked",
    "SsoFailed",
    "SsoStarted",
    "SsoSucceeded",
    "SsoTimedOut",
    "UserCreated",
    "UserDeleted",
    "UserEvent",
    "UserUpdated",
]


class UserEvent(WorkOSEvent):
    """A ``user.*`` event; ``data`` is the [`User`][authhooks.providers.workos.User]."""

    data: User = Field(default_factory=User)


class UserCreated(UserEvent):
    """``user.created``."""

    event_kind: ClassVar[Kind | None] = "user.created"
    event: Literal["user.created"]


class UserUpdated(UserEvent):
    """``user.updated``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    event: Literal["user.updated"]


class UserDeleted(UserEvent):
    """``user.deleted``."""

    event_kind: ClassVar[Kind | None] = "user.deleted"
    event: Literal["user.deleted"]


class OrganizationEvent(WorkOSEvent):
    """An ``organization.*`` event; ``data`` is the
    [`Organization`][authhooks.providers.workos.Organization]."""

    data: Organization = Field(default_factory=Organization)


class OrganizationCreated(OrganizationEvent):
    """``organization.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.created"
    event: Literal["organization.created"]


class OrganizationUpdated(OrganizationEvent):
    """``organization.updated``."""

    event_kind: ClassVar[Kind | None] = "tenant.updated"
    event: Literal["organization.updated"]


class OrganizationDeleted(OrganizationEvent):
    """``organization.deleted``."""

    event_kind: ClassVar[Kind | None] = "tenant.deleted"
    event: Literal["organization.deleted"]


class MembershipEvent(WorkOSEvent):
    """An ``organization_membership.*`` event; ``data`` is the
    [`OrganizationMembership`][authhooks.providers.workos.OrganizationMembership]."""

    data: OrganizationMembership = Field(default_factory=OrganizationMembership)


class MembershipCreated(MembershipEvent):
    """``organization_membership.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_added"
    event: Literal["organization_membership.created"]


class MembershipUpdated(MembershipEvent):
    """``organization_membership.updated``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_updated"
    event: Literal["organization_membership.updated"]


class MembershipDeleted(MembershipEvent):
    """``organization_membership.deleted``."""

    event_kind: ClassVar[Kind | None] = "tenant.member_removed"
    event: Literal["organization_membership.deleted"]


class SessionEvent(WorkOSEvent):
    """A ``session.*`` event; ``data`` is the [`Session`][authhooks.providers.workos.Session]."""

    data: Session = Field(default_factory=Session)


class SessionCreated(SessionEvent):
    """``session.created``."""

    event_kind: ClassVar[Kind | None] = "session.created"
    event: Literal["session.created"]


class SessionRevoked(SessionEvent):
    """``session.revoked``."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    event: Literal["session.revoked"]


class AuthenticationEvent(WorkOSEvent):
    """An ``authentication.*`` step; ``data`` is the
    [`Authentication`][authhooks.providers.workos.Authentication] (method, outcome, error)."""

    data: Authentication = Field(default_factory=Authentication)


class EmailVerificationSucceeded(AuthenticationEvent):
    """``authentication.email_verification_succeeded``."""

    event_kind: ClassVar[Kind | None] = "user.updated"
    event: Literal["authentication.email_verification_succeeded"]


class EmailVerificationFailed(AuthenticationEvent):
    """``authentication.email_verification_failed``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event: Literal["authentication.email_verification_failed"]


class MagicAuthSucceeded(AuthenticationEvent):
    """``authentication.magic_auth_succeeded``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event: Literal["authentication.magic_auth_succeeded"]


class MagicAuthFailed(AuthenticationEvent):
    """``authentication.magic_auth_failed``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event: Literal["authentication.magic_auth_failed"]


class MfaSucceeded(AuthenticationEvent):
    """``authentication.mfa_succeeded``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event: Literal["authentication.mfa_succeeded"]


class MfaFailed(AuthenticationEvent):
    """``authentication.mfa_failed``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event: Literal["authentication.mfa_failed"]


class OAuthSucceeded(AuthenticationEvent):
    """``authentication.oauth_succeeded``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event: Literal["authentication.oauth_succeeded"]


class OAuthFailed(AuthenticationEvent):
    """``authentication.oauth_failed``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event: Literal["authentication.oauth_failed"]


class PasskeySucceeded(AuthenticationEvent):
    """``authentication.passkey_succeeded``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event: Literal["authentication.passkey_succeeded"]


class PasskeyFailed(AuthenticationEvent):
    """``authentication.passkey_failed``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event: Literal["authentication.passkey_failed"]


class PasswordSucceeded(AuthenticationEvent):
    """``authentication.password_succeeded``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event: Literal["authentication.password_succeeded"]


class PasswordFailed(AuthenticationEvent):
    """``authentication.password_failed``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event: Literal["authentication.password_failed"]


class ReauthenticationSucceeded(AuthenticationEvent):
    """``authentication.reauthentication_succeeded``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event: Literal["authentication.reauthentication_succeeded"]


class SsoStarted(AuthenticationEvent):
    """``authentication.sso_started``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["authentication.sso_started"]


class SsoSucceeded(AuthenticationEvent):
    """``authentication.sso_succeeded``."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event: Literal["authentication.sso_succeeded"]


class SsoFailed(AuthenticationEvent):
    """``authentication.sso_failed``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event: Literal["authentication.sso_failed"]


class SsoTimedOut(AuthenticationEvent):
    """``authentication.sso_timed_out``."""

    event_kind: ClassVar[Kind | None] = "auth.failed"
    event: Literal["authentication.sso_timed_out"]


class RadarRiskDetected(WorkOSEvent):
    """``authentication.radar_risk_detected``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["authentication.radar_risk_detected"]
    data: RadarRisk = Field(default_factory=RadarRisk)


class InvitationEvent(WorkOSEvent):
    """An ``invitation.*`` event; ``data`` is the
    [`Invitation`][authhooks.providers.workos.Invitation]."""

    data: Invitation = Field(default_factory=Invitation)


class InvitationCreated(InvitationEvent):
    """``invitation.created``."""

    event_kind: ClassVar[Kind | None] = "tenant.invitation_created"
    event: Literal["invitation.created"]


class InvitationAccepted(InvitationEvent):
    """``invitation.accepted``."""

    event_kind: ClassVar[Kind | None] = "tenant.invitation_accepted"
    event: Literal["invitation.accepted"]


class InvitationRevoked(InvitationEvent):
    """``invitation.revoked``."""

    event_kind: ClassVar[Kind | None] = "tenant.invitation_revoked"
    event: Literal["invitation.revoked"]


class InvitationResent(InvitationEvent):
    """``invitation.resent``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["invitation.resent"]


class EmailVerificationCreated(WorkOSEvent):
    """``email_verification.created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["email_verification.created"]
    data: EmailVerification = Field(default_factory=EmailVerification)


class MagicAuthCreated(WorkOSEvent):
    """``magic_auth.created``."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["magic_auth.created"]
    data: MagicAuth = Field(default_factory=MagicAuth)


class PasswordResetEvent(WorkOSEvent):
    """A ``password_reset.*`` event; ``data`` is the
    [`PasswordReset`][authhooks.providers.workos.PasswordReset]."""

    data: PasswordReset = Field(default_factory=PasswordReset)


class PasswordResetCreated(PasswordResetEvent):
    """``password_reset.created``."""

    event_kind: ClassVar[Kind | None] = "password_reset.requested"
    event: Literal["password_reset.created"]


class PasswordResetSucceeded(PasswordResetEvent):
    """``password_reset.succeeded``."""

    event_kind: ClassVar[Kind | None] = "password_reset.succeeded"
    event: Literal["password_reset.succeeded"]


#: The event classes of this module, in the order they are documented.
EVENTS: tuple[type[WorkOSEvent], ...] = (
    UserCreated,
    UserUpdated,
    UserDeleted,
    OrganizationCreated,
    OrganizationUpdated,
    OrganizationDeleted,
    MembershipCreated,
    MembershipUpdated,
    MembershipDeleted,
    SessionCreated,
    SessionRevoked,
    EmailVerificationSucceeded,
    EmailVerificationFailed,
    MagicAuthSucceeded,
    MagicAuthFailed,
    MfaSucceeded,
    MfaFailed,
    OAuthSucceeded,
    OAuthFailed,
    PasskeySucceeded,
    PasskeyFailed,
    PasswordSucceeded,
    PasswordFailed,
    ReauthenticationSucceeded,
    SsoStarted,
    SsoSucceeded,
    SsoFailed,
    SsoTimedOut,
    RadarRiskDetected,
    InvitationCreated,
    InvitationAccepted,
    InvitationRevoked,
    InvitationResent,
    EmailVerificationCreated,
    MagicAuthCreated,
    PasswordResetCreated,
    PasswordResetSucceeded,
)
