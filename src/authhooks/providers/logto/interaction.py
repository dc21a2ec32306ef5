"""Logto's interaction events (a user signed in, registered...) and exception events
(an identifier locked out, a message rate-limited, a grant limit exceeded).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from authhooks.kinds import Kind
from authhooks.providers.logto.envelope import LogtoEvent
from authhooks.providers.logto.objects import AdaptiveMfaResult, User

__all__ = [
    "EVENTS",
    "GrantLimitExceeded",
    "IdentifierLockout",
    "InteractionEvent",
    "MessageRateLimited",
    "PostRegister",
    "PostResetPassword",
    "PostSignIn",
    "PostSignInAdaptiveMfaTriggered",
]


class InteractionEvent(LogtoEvent):
    """A user finished an interaction: ``user`` is who, ``user_id`` their id."""

    user_id: str | None = Field(default=None, alias="userId")
    user: User | None = None


class PostRegister(InteractionEvent):
    """``PostRegister``: a user registered (Logto also sends ``User.Created``)."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["PostRegister"]


class PostSignIn(InteractionEvent):
    """``PostSignIn``: a user signed in."""

    event_kind: ClassVar[Kind | None] = "auth.succeeded"
    event: Literal["PostSignIn"]


class PostResetPassword(InteractionEvent):
    """``PostResetPassword``: a user reset their password."""

    event_kind: ClassVar[Kind | None] = "password_reset.succeeded"
    event: Literal["PostResetPassword"]


class PostSignInAdaptiveMfaTriggered(InteractionEvent):
    """``PostSignInAdaptiveMfaTriggered``: adaptive MFA asked a signing-in user for a second
    factor (sent even if the sign-in then fails)."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["PostSignInAdaptiveMfaTriggered"]
    adaptive_mfa_result: AdaptiveMfaResult | None = Field(default=None, alias="adaptiveMfaResult")


# --- exception events -----------------------------------------------------------------------


class IdentifierLockout(LogtoEvent):
    """``Identifier.Lockout``: too many failed verifications locked an identifier.

    The wire's ``type`` (``email``, ``phone`` or ``username``) and ``value`` are
    ``identifier_type`` and ``identifier`` here (``event.type`` is the event name).
    """

    event_kind: ClassVar[Kind | None] = "user.locked"
    event: Literal["Identifier.Lockout"]
    identifier_type: str | None = Field(default=None, alias="type")
    identifier: str | None = Field(default=None, alias="value")


class MessageRateLimited(LogtoEvent):
    """``Message.RateLimited``: sending a verification code to ``recipient`` was throttled."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["Message.RateLimited"]
    #: What was throttled (``VerificationCodeSend``).
    action: str | None = None
    recipient: str | None = None


class GrantLimitExceeded(LogtoEvent):
    """``Grant.LimitExceeded``: a user's grants for an application passed the allowed
    maximum, so the oldest were revoked."""

    event_kind: ClassVar[Kind | None] = None
    event: Literal["Grant.LimitExceeded"]
    user_id: str | None = Field(default=None, alias="userId")
    revoked_grant_ids: list[str] | None = Field(default=None, alias="revokedGrantIds")
    max_allowed_grants: int | None = Field(default=None, alias="maxAllowedGrants")
    pre_revocation_active_grant_count: int | None = Field(
        default=None, alias="preRevocationActiveGrantCount"
    )


#: The event classes of this module, in the order Logto lists them.
EVENTS: tuple[type[LogtoEvent], ...] = (
    PostRegister,
    PostSignIn,
    PostResetPassword,
    PostSignInAdaptiveMfaTriggered,
    IdentifierLockout,
    MessageRateLimited,
    GrantLimitExceeded,
)
