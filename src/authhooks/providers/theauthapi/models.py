"""The Auth API's webhook payloads: API keys, access keys, projects and the eight topics.

The Auth API publishes its topics and entity types, not a delivery envelope. authhooks reads
the topic from the body's ``topic`` (or ``event``, or ``type``), else from the receiver's
``topic=``; the entity is the body's ``data`` when present, else the body itself. Every field
is optional; unknown fields are kept; an unknown topic parses into
``TheAuthAPIGenericEvent``.

API and access keys are ``pydantic.SecretStr``: they never appear in ``repr()``, ``str()``,
dumps, logs or error messages. Read one with ``event.data.key.get_secret_value()``. So is any
other text the payload holds under a key-like name (``key``, ``apiKey``, ``access_key``,
``secret``, ``token``, ``password``..., in any case, with or without ``_`` and ``-``, at any
depth), whatever the topic: see ``mask_secrets``. ``event.raw`` keeps them in clear.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, SecretStr
from pydantic.alias_generators import to_camel

from authhooks.events import Timestamp, WebhookEvent, WebhookModel
from authhooks.kinds import Kind
from authhooks.parsing import EventParser

__all__ = [
    "PARSER",
    "TOPICS",
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
    "TheAuthAPIEvent",
    "TheAuthAPIGenericEvent",
    "mask_secrets",
]

_CAMEL = ConfigDict(alias_generator=to_camel)

# A name is key-like when, lowercased and without "_" and "-", it ends with one of these
# (plural or not): "key", "apiKey", "access_key", "X-Secret", "refreshTokens"...
_SECRET_SUFFIXES = ("key", "secret", "token", "password", "passwd", "credential")


@functools.lru_cache(maxsize=1024)  # payloads repeat their names; bounded for hostile ones
def _secret_name(name: object) -> bool:
    if not isinstance(name, str):
        return False
    folded = name.lower().replace("_", "").replace("-", "")
    if folded.endswith("s"):
        folded = folded[:-1]
    return folded.endswith(_SECRET_SUFFIXES)


def mask_secrets(value: Any) -> Any:
    """A copy of a decoded JSON value with the text under key-like names as ``SecretStr``.

    Objects and arrays are copied at every depth; a string held by a key-like name (or by an
    array under one) becomes a ``SecretStr``, shown as ``'**********'``;
    other values are kept. The input is not changed.
    """
    if type(value) is dict:
        return _mask_object(value)
    if type(value) is list:
        return _mask_array(value, secret=False)
    return value


def _mask_object(value: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, item in value.items():
        kind = type(item)
        if kind is dict:
            result[name] = _mask_object(item)
        elif kind is list:
            result[name] = _mask_array(item, secret=_secret_name(name))
        elif kind is str and _secret_name(name):
            result[name] = SecretStr(item)
        else:
            result[name] = item
    return result


def _mask_array(value: list[Any], *, secret: bool) -> list[Any]:
    result: list[Any] = []
    for item in value:
        kind = type(item)
        if kind is dict:
            result.append(_mask_object(item))
        elif kind is list:
            result.append(_mask_array(item, secret=secret))
        elif secret and kind is str:
            result.append(SecretStr(item))
        else:
            result.append(item)
    return result


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
    """An API key (wire names are camelCase). ``key`` is a ``SecretStr``."""


class AccessKey(_Key):
    """An access key: like ``ApiKey``; its ``key`` is the secret access token."""


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


class TheAuthAPIEvent(WebhookEvent):
    """Base of every The Auth API event.

    ``type`` is the topic (``"api-key.created"``...), ``data`` the entity. The Auth API sends
    no event id, so ``id`` is the SHA-256 of the raw body (of the receiver's ``topic`` and the
    body when it has one: the same body delivered to two topic URLs is two events), and no
    event time, so ``occurred_at`` is ``None``.
    """

    provider: ClassVar[str] = "theauthapi"
    # The receiver's configured topic, kept in the instance ``__dict__`` like the body.
    _topic: ClassVar[str | None] = None

    type: str
    #: The entity the event is about (typed in each event class).
    data: Any = None

    @property
    def id(self) -> str:
        """SHA-256 hex of the raw body, preceded by the receiver's ``topic`` when it has one
        (The Auth API sends no event id)."""
        topic = self._topic
        if topic is None:
            return self._body_id()
        name = topic.encode("utf-8", "surrogatepass")
        digest = hashlib.sha256(b"%d:%s:" % (len(name), name))
        digest.update(self._body)
        return digest.hexdigest()

    @property
    def occurred_at(self) -> datetime | None:
        """Always ``None``: The Auth API does not say when the event happened."""
        return None


class ApiKeyEvent(TheAuthAPIEvent):
    """An ``api-key.*`` event; ``data`` is the ``ApiKey``."""

    data: ApiKey = Field(default_factory=ApiKey)


class ApiKeyCreated(ApiKeyEvent):
    """``api-key.created``: the payload holds the new key."""

    event_kind: ClassVar[Kind | None] = "api_key.created"
    type: Literal["api-key.created"]


class ApiKeyUpdated(ApiKeyEvent):
    """``api-key.updated``."""

    event_kind: ClassVar[Kind | None] = "api_key.updated"
    type: Literal["api-key.updated"]


class ApiKeyDeleted(ApiKeyEvent):
    """``api-key.deleted``."""

    event_kind: ClassVar[Kind | None] = "api_key.deleted"
    type: Literal["api-key.deleted"]


class ApiKeyFirstUsed(ApiKeyEvent):
    """``api-key.firstUsed``: the key was authenticated for the first time."""

    event_kind: ClassVar[Kind | None] = "api_key.first_used"
    type: Literal["api-key.firstUsed"]


class AccessKeyEvent(TheAuthAPIEvent):
    """An ``access-key.*`` event; ``data`` is the ``AccessKey``."""

    data: AccessKey = Field(default_factory=AccessKey)


class AccessKeyCreated(AccessKeyEvent):
    """``access-key.created``: the payload holds the new access token."""

    event_kind: ClassVar[Kind | None] = "api_key.created"
    type: Literal["access-key.created"]


class AccessKeyUpdated(AccessKeyEvent):
    """``access-key.updated``."""

    event_kind: ClassVar[Kind | None] = "api_key.updated"
    type: Literal["access-key.updated"]


class AccessKeyDeleted(AccessKeyEvent):
    """``access-key.deleted``."""

    event_kind: ClassVar[Kind | None] = "api_key.deleted"
    type: Literal["access-key.deleted"]


class ProjectEvent(TheAuthAPIEvent):
    """A ``project.*`` event; ``data`` is the ``Project``."""

    data: Project = Field(default_factory=Project)


class ProjectUpdated(ProjectEvent):
    """``project.updated``."""

    event_kind: ClassVar[Kind | None] = "project.updated"
    type: Literal["project.updated"]


class TheAuthAPIGenericEvent(TheAuthAPIEvent):
    """An event whose topic authhooks does not know; ``data`` is kept as sent, except that
    text under key-like names is a ``SecretStr`` (see ``mask_secrets``)."""

    data: Any = None


#: Parses The Auth API payloads (once the receiver has put the topic in ``type``).
PARSER: EventParser[TheAuthAPIEvent] = EventParser(
    TheAuthAPIEvent,
    [
        ApiKeyCreated,
        ApiKeyUpdated,
        ApiKeyDeleted,
        ApiKeyFirstUsed,
        AccessKeyCreated,
        AccessKeyUpdated,
        AccessKeyDeleted,
        ProjectUpdated,
    ],
    generic=TheAuthAPIGenericEvent,
)

#: Every topic The Auth API documents.
TOPICS: tuple[str, ...] = tuple(sorted(PARSER.types))
