"""The Logto envelope: what every Logto event may carry, and the generic event."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field

from authhooks.events import MillisecondTimestamp, WebhookEvent
from authhooks.providers.logto.objects import Application

__all__ = ["LogtoEvent", "LogtoGenericEvent"]


class LogtoEvent(WebhookEvent):
    """Base of every Logto event, with the context fields any of them may carry.

    ``type`` is ``event`` (``"PostSignIn"``, ``"User.Created"``). Logto sends no event id, so
    ``id`` is the SHA-256 of the raw body (``createdAt`` makes it unique per event; a retried
    delivery has the same body, hence the same id). ``occurred_at`` is ``createdAt``;
    ``hook_id`` names the webhook, not the event. Wire names are camelCase.
    """

    provider: ClassVar[str] = "logto"

    #: The event name; read it as ``event.type``.
    event: str
    hook_id: str | None = Field(default=None, alias="hookId")
    created_at: MillisecondTimestamp | None = Field(default=None, alias="createdAt")
    user_agent: str | None = Field(default=None, alias="userAgent")
    #: The request's IP, on data and exception events.
    ip: str | None = None
    #: The user's IP, on interaction events.
    user_ip: str | None = Field(default=None, alias="userIp")
    session_id: str | None = Field(default=None, alias="sessionId")
    #: ``SignIn``, ``Register`` or ``ForgotPassword``, when a user interaction triggered it.
    interaction_event: str | None = Field(default=None, alias="interactionEvent")
    application_id: str | None = Field(default=None, alias="applicationId")
    application: Application | None = None
    cimd_client_id: str | None = Field(default=None, alias="cimdClientId")
    #: The Management API request that triggered a data event: path, method, response status,
    #: route parameters and the matched route (``/users/:userId/password``).
    path: str | None = None
    method: str | None = None
    status: int | None = None
    params: dict[str, Any] | None = None
    matched_route: str | None = Field(default=None, alias="matchedRoute")
    #: The entity of a data event (typed in each event class).
    data: Any = None

    @property
    def type(self) -> str:
        """The event name, exactly as sent."""
        return self.event

    @property
    def id(self) -> str:
        """SHA-256 hex of the raw body (Logto sends no event id)."""
        return self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When Logto built the payload: ``createdAt``."""
        return self.created_at


class LogtoGenericEvent(LogtoEvent):
    """An event whose name authhooks has no model for; nothing is lost."""
