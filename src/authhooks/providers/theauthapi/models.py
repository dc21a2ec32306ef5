"""The Auth API's webhook payloads: API keys, access keys, projects and the eight topics.

The Auth API publishes its topics and entity types, not a delivery envelope. authhooks reads
the topic from the body's ``topic`` (or ``event``, or ``type``), else from the receiver's
``topic=``; the entity is the body's ``data`` when present, else the body itself. Every field
is optional; unknown fields are kept; an unknown topic parses into
:class:`TheAuthAPIGenericEvent`.

API and access keys are :class:`pydantic.SecretStr`: they never appear in ``repr()``, logs or
error messages. Read one with ``event.data.key.get_secret_value()``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field, SecretStr, TypeAdapter
from pydantic.alias_generators import to_camel

from authhooks.events import Timestamp, WebhookEvent, WebhookModel

__all__ = [
    "AccessKey",
    "AccessKeyCreated",
    "AccessKeyDeleted",
    "AccessKeyEvent",
    "AccessKeyUpdated",
    "ApiKey",
    "ApiKeyCreated",
    "ApiKeyDeleted",
    "ApiKeyEvent",
    "ApiKeyFirstUsed",
    "ApiKeyUpdated",
    "Project",
    "ProjectEvent",
    "ProjectUpdated",
    "RateLimitConfig",
    "TheAuthAPIAnyEvent",
    "TheAuthAPIEvent",
    "TheAuthAPIGenericEvent",
]

_CAMEL = ConfigDict(alias_generator=to_camel)


class RateLimitConfig(WebhookModel):
    """A key's rate limit: ``rate_limit`` requests per ``rate_limit_ttl`` seconds."""

    model_config = _CAMEL
    rate_limit: int | None = None
    rate_limit_ttl: int | None = None


class _Key(WebhookModel):
    model_config = _CAMEL
    #: The key itself, hidden from ``repr()``; ``key.get_secret_value()`` reads it.
    key: SecretStr | None = None
    name: str | None = None
    custom_meta_data: dict[str, Any] | None = None
    custom_account_id: str | None = None
    custom_user_id: str | None = None
    env: str | None = None
    is_active: bool | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    expiry: Timestamp | None = None
    rate_limit_configs: RateLimitConfig | None = None
    allowed_domains: list[str] | None = None


class ApiKey(_Key):
    """An API key (wire names are camelCase). ``key`` is a :class:`~pydantic.SecretStr`."""


class AccessKey(_Key):
    """An access key: like :class:`ApiKey`; its ``key`` is the secret access token."""


class Project(WebhookModel):
    """A project of The Auth API (wire names are camelCase)."""

    model_config = _CAMEL
    id: str | None = None
    name: str | None = None
    account_id: str | None = None
    env: str | None = None
    is_active: bool | None = None
    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None
    created_by: str | None = None
    created_by_type: str | None = None
    created_in: str | None = None
    last_changed_by: str | None = None
    last_changed_by_type: str | None = None


_KINDS: dict[str, str] = {
    "api-key.created": "api_key.created",
    "api-key.updated": "api_key.updated",
    "api-key.deleted": "api_key.deleted",
    "api-key.firstUsed": "api_key.first_used",
    "access-key.created": "api_key.created",
    "access-key.updated": "api_key.updated",
    "access-key.deleted": "api_key.deleted",
    "project.updated": "project.updated",
}

#: Every topic The Auth API documents.
TOPICS: tuple[str, ...] = tuple(_KINDS)


class TheAuthAPIEvent(WebhookEvent):
    """Base of every The Auth API event.

    ``type`` is the topic (``"api-key.created"``...), ``data`` the entity. The Auth API sends
    no event id, so ``id`` is the SHA-256 of the raw body, and no event time, so
    ``occurred_at`` is ``None``.
    """

    provider: ClassVar[str] = "theauthapi"

    type: str

    @property
    def id(self) -> str:
        """SHA-256 hex of the raw body (The Auth API sends no event id)."""
        return self._body_id()

    @property
    def kind(self) -> str | None:
        """The cross-provider event name, or ``None``."""
        return _KINDS.get(self.type)

    @property
    def occurred_at(self) -> datetime | None:
        """Always ``None``: The Auth API does not say when the event happened."""
        return None


class ApiKeyEvent(TheAuthAPIEvent):
    """An ``api-key.*`` event; ``data`` is the :class:`ApiKey`."""

    data: ApiKey = Field(default_factory=ApiKey)


class ApiKeyCreated(ApiKeyEvent):
    """``api-key.created``: the payload holds the new key."""

    type: Literal["api-key.created"]


class ApiKeyUpdated(ApiKeyEvent):
    """``api-key.updated``."""

    type: Literal["api-key.updated"]


class ApiKeyDeleted(ApiKeyEvent):
    """``api-key.deleted``."""

    type: Literal["api-key.deleted"]


class ApiKeyFirstUsed(ApiKeyEvent):
    """``api-key.firstUsed``: the key was authenticated for the first time."""

    type: Literal["api-key.firstUsed"]


class AccessKeyEvent(TheAuthAPIEvent):
    """An ``access-key.*`` event; ``data`` is the :class:`AccessKey`."""

    data: AccessKey = Field(default_factory=AccessKey)


class AccessKeyCreated(AccessKeyEvent):
    """``access-key.created``: the payload holds the new access token."""

    type: Literal["access-key.created"]


class AccessKeyUpdated(AccessKeyEvent):
    """``access-key.updated``."""

    type: Literal["access-key.updated"]


class AccessKeyDeleted(AccessKeyEvent):
    """``access-key.deleted``."""

    type: Literal["access-key.deleted"]


class ProjectEvent(TheAuthAPIEvent):
    """A ``project.*`` event; ``data`` is the :class:`Project`."""

    data: Project = Field(default_factory=Project)


class ProjectUpdated(ProjectEvent):
    """``project.updated``."""

    type: Literal["project.updated"]


class TheAuthAPIGenericEvent(TheAuthAPIEvent):
    """An event whose topic authhooks does not know; ``data`` is kept as sent."""

    data: Any = None


#: Every known The Auth API event, discriminated on ``type`` (the topic).
TheAuthAPIAnyEvent = Annotated[
    ApiKeyCreated
    | ApiKeyUpdated
    | ApiKeyDeleted
    | ApiKeyFirstUsed
    | AccessKeyCreated
    | AccessKeyUpdated
    | AccessKeyDeleted
    | ProjectUpdated,
    Field(discriminator="type"),
]

EVENT_ADAPTER: TypeAdapter[TheAuthAPIEvent] = TypeAdapter(TheAuthAPIAnyEvent)
#: Validates an event of any other topic.
GENERIC_ADAPTER: TypeAdapter[TheAuthAPIGenericEvent] = TypeAdapter(TheAuthAPIGenericEvent)
