"""Cross-provider event kinds: one name for one thing that happened, whoever reports it.

Every typed event declares the kind it stands for (``event.kind``), or none when no other
provider reports the same thing. Route on kinds to handle every provider's "user created" in
one place::

    @router.on("user.created")
    def welcome(event: authhooks.WebhookEvent) -> None: ...
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = ["KINDS", "Kind"]

#: The cross-provider event kinds.
Kind = Literal[
    # users
    "user.created",
    "user.updated",
    "user.deleted",
    "user.locked",
    "user.unlocked",
    # tenants (organizations) and their members
    "tenant.created",
    "tenant.updated",
    "tenant.deleted",
    "tenant.member_added",
    "tenant.member_updated",
    "tenant.member_removed",
    "tenant.invitation_created",
    "tenant.invitation_accepted",
    "tenant.invitation_revoked",
    # authentication and sessions
    "auth.succeeded",
    "auth.failed",
    "session.created",
    "session.ended",
    "mfa.enabled",
    "mfa.disabled",
    "credentials.changed",
    "password_reset.requested",
    "password_reset.succeeded",
    # roles and permissions
    "role.created",
    "role.updated",
    "role.deleted",
    "permission.created",
    "permission.updated",
    "permission.deleted",
    # API keys and projects
    "api_key.created",
    "api_key.updated",
    "api_key.deleted",
    "api_key.first_used",
    "project.updated",
    # billing
    "subscription.created",
    "subscription.updated",
    "subscription.canceled",
    "subscription.renewed",
]

#: Every kind, as a set of strings.
KINDS: frozenset[str] = frozenset(get_args(Kind))
