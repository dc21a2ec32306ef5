"""The entities of Kinde's events: what ``data`` holds (a user, an organization, a role...).

Every field is optional (Kinde's own samples leave most of them out); unknown fields are kept.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from authhooks.events import WebhookModel

__all__ = [
    "AccessRequest",
    "AccessRequestData",
    "KindeOrganization",
    "KindePermission",
    "KindeRef",
    "KindeRole",
    "KindeUser",
    "OrganizationData",
    "PermissionData",
    "RoleData",
    "RoleRef",
    "Subscriber",
    "SubscriberData",
    "UserData",
    "UserMembership",
]


class KindeRef(WebhookModel):
    """A role or permission as listed in a user's organization: ``{"id", "key"}``."""

    id: str | None = None
    key: str | None = None


#: A role or permission reference: an object, or just its key.
RoleRef = Annotated[KindeRef | str, Field(union_mode="left_to_right")]


class UserMembership(WebhookModel):
    """One of a user's organizations, with the user's roles and permissions in it."""

    code: str | None = None
    roles: list[RoleRef] | None = None
    permissions: list[RoleRef] | None = None


class KindeUser(WebhookModel):
    """A Kinde user (``data.user``); ``id`` is ``kp_`` + 32 hex digits."""

    id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    phone: str | None = None
    is_password_reset_requested: bool | None = None
    is_suspended: bool | None = None
    organizations: list[UserMembership] | None = None


class KindeOrganization(WebhookModel):
    """A Kinde organization (``data.organization``); ``code`` is ``org_`` + 11 hex digits."""

    code: str | None = None
    name: str | None = None
    handle: str | None = None
    external_id: str | None = None
    is_allow_registrations: bool | None = None


class KindeRole(WebhookModel):
    """A role (``data.role``)."""

    id: str | None = None
    key: str | None = None
    name: str | None = None
    description: str | None = None
    is_default_role: bool | None = None


class KindePermission(WebhookModel):
    """A permission (``data.permission``)."""

    id: str | None = None
    key: str | None = None
    name: str | None = None
    description: str | None = None


class Subscriber(WebhookModel):
    """A subscriber to the business's mailing list (``data.subscriber``)."""

    id: str | None = None
    user_id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class AccessRequest(WebhookModel):
    """A request for access (``data.access_request``)."""

    user_id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None


class UserData(WebhookModel):
    """``data`` of the ``user.*`` events."""

    user: KindeUser = Field(default_factory=KindeUser)


class OrganizationData(WebhookModel):
    """``data`` of the ``organization.*`` events."""

    organization: KindeOrganization = Field(default_factory=KindeOrganization)


class RoleData(WebhookModel):
    """``data`` of the ``role.*`` events."""

    role: KindeRole = Field(default_factory=KindeRole)


class PermissionData(WebhookModel):
    """``data`` of the ``permission.*`` events."""

    permission: KindePermission = Field(default_factory=KindePermission)


class SubscriberData(WebhookModel):
    """``data`` of ``subscriber.created``."""

    subscriber: Subscriber = Field(default_factory=Subscriber)


class AccessRequestData(WebhookModel):
    """``data`` of ``access_request.created``."""

    access_request: AccessRequest = Field(default_factory=AccessRequest)
