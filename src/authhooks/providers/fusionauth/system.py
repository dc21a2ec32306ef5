"""FusionAuth's token, group and system events."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, SecretStr

from authhooks.kinds import Kind
from authhooks.providers.fusionauth._base import FusionAuthEvent
from authhooks.providers.fusionauth.entities import (
    AuditLog,
    EventLog,
    FusionAuthGroup,
    FusionAuthUser,
    GroupMember,
    RefreshToken,
)

__all__ = [
    "AuditLogCreate",
    "EventLogCreate",
    "GroupCreate",
    "GroupCreateComplete",
    "GroupDelete",
    "GroupDeleteComplete",
    "GroupEvent",
    "GroupMemberAdd",
    "GroupMemberAddComplete",
    "GroupMemberEvent",
    "GroupMemberRemove",
    "GroupMemberRemoveComplete",
    "GroupMemberUpdate",
    "GroupMemberUpdateComplete",
    "GroupUpdate",
    "GroupUpdateComplete",
    "JwtPublicKeyUpdate",
    "JwtRefresh",
    "JwtRefreshTokenRevoke",
    "KickstartSuccess",
]


# --- tokens ---------------------------------------------------------------------------------


class JwtRefreshTokenRevoke(FusionAuthEvent):
    """``jwt.refresh-token.revoke``: refresh tokens of ``user_id`` were revoked (all of
    them, those of one application, or one token: ``refresh_token``); the user's sessions
    end."""

    event_kind: ClassVar[Kind | None] = "session.ended"
    type: Literal["jwt.refresh-token.revoke"]
    user_id: str | None = None
    user: FusionAuthUser | None = None
    application_id: str | None = None
    #: Application id -> the lifetime of its access tokens, in seconds.
    application_time_to_live_in_seconds: dict[str, int] | None = None
    refresh_token: RefreshToken | None = None


class JwtRefresh(FusionAuthEvent):
    """``jwt.refresh``: an access token was refreshed. The tokens are ``SecretStr``."""

    type: Literal["jwt.refresh"]
    application_id: str | None = None
    user_id: str | None = None
    original: SecretStr | None = None
    token: SecretStr | None = None
    refresh_token: SecretStr | None = None


class JwtPublicKeyUpdate(FusionAuthEvent):
    """``jwt.public-key.update``: a signing key of ``application_ids`` changed."""

    type: Literal["jwt.public-key.update"]
    application_ids: list[str] | None = None


# --- groups ---------------------------------------------------------------------------------


class GroupEvent(FusionAuthEvent):
    """A ``group.*`` event: ``group`` (and ``original`` before an update)."""

    group: FusionAuthGroup = Field(default_factory=FusionAuthGroup)
    original: FusionAuthGroup | None = None


class GroupCreate(GroupEvent):
    """``group.create``."""

    type: Literal["group.create"]


class GroupCreateComplete(GroupEvent):
    """``group.create.complete``."""

    type: Literal["group.create.complete"]


class GroupUpdate(GroupEvent):
    """``group.update``."""

    type: Literal["group.update"]


class GroupUpdateComplete(GroupEvent):
    """``group.update.complete``."""

    type: Literal["group.update.complete"]


class GroupDelete(GroupEvent):
    """``group.delete``."""

    type: Literal["group.delete"]


class GroupDeleteComplete(GroupEvent):
    """``group.delete.complete``."""

    type: Literal["group.delete.complete"]


class GroupMemberEvent(FusionAuthEvent):
    """A ``group.member.*`` event: ``members`` of ``group``."""

    group: FusionAuthGroup = Field(default_factory=FusionAuthGroup)
    members: list[GroupMember] = Field(default_factory=list)


class GroupMemberAdd(GroupMemberEvent):
    """``group.member.add``."""

    type: Literal["group.member.add"]


class GroupMemberAddComplete(GroupMemberEvent):
    """``group.member.add.complete``."""

    type: Literal["group.member.add.complete"]


class GroupMemberUpdate(GroupMemberEvent):
    """``group.member.update``."""

    type: Literal["group.member.update"]


class GroupMemberUpdateComplete(GroupMemberEvent):
    """``group.member.update.complete``."""

    type: Literal["group.member.update.complete"]


class GroupMemberRemove(GroupMemberEvent):
    """``group.member.remove``."""

    type: Literal["group.member.remove"]


class GroupMemberRemoveComplete(GroupMemberEvent):
    """``group.member.remove.complete``."""

    type: Literal["group.member.remove.complete"]


# --- system ---------------------------------------------------------------------------------


class AuditLogCreate(FusionAuthEvent):
    """``audit-log.create``: ``audit_log``."""

    type: Literal["audit-log.create"]
    audit_log: AuditLog = Field(default_factory=AuditLog)


class EventLogCreate(FusionAuthEvent):
    """``event-log.create``: ``event_log``."""

    type: Literal["event-log.create"]
    event_log: EventLog = Field(default_factory=EventLog)


class KickstartSuccess(FusionAuthEvent):
    """``kickstart.success``: Kickstart configured the instance ``instance_id``."""

    type: Literal["kickstart.success"]
    instance_id: str | None = None
