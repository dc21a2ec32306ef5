"""The parts of an Okta System Log event (``LogEvent``): who acted, from where, on what, and
how it went.

Okta's System Log reference types every part; the deliveries leave many of them ``null`` (or,
for ``client.zone``, the string ``"null"``). Every field here is optional and unknown fields
are kept, so an event with more or fewer parts than these still parses. Wire names are
camelCase; attributes are snake_case.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from authhooks.events import WebhookModel

__all__ = [
    "Actor",
    "AuthenticationContext",
    "Client",
    "DebugContext",
    "GeographicalContext",
    "Geolocation",
    "IpAddress",
    "Issuer",
    "Outcome",
    "Request",
    "SecurityContext",
    "Target",
    "Transaction",
    "UserAgent",
]


class Actor(WebhookModel):
    """Who performed the action (``actor``): a user, an app, the system."""

    id: str | None = None
    #: ``User``, ``PublicClientApp``, ``SystemPrincipal``...
    type: str | None = None
    #: The login of a user, the name of an app.
    alternate_id: str | None = Field(default=None, alias="alternateId")
    display_name: str | None = Field(default=None, alias="displayName")
    detail_entry: dict[str, Any] | None = Field(default=None, alias="detailEntry")


class Target(WebhookModel):
    """What the action was performed on (an element of ``target``): a user, a group, an app,
    an authenticator..."""

    id: str | None = None
    #: ``User``, ``UserGroup``, ``AppInstance``, ``AuthenticatorEnrollment``...
    type: str | None = None
    alternate_id: str | None = Field(default=None, alias="alternateId")
    display_name: str | None = Field(default=None, alias="displayName")
    detail_entry: dict[str, Any] | None = Field(default=None, alias="detailEntry")
    #: What changed, when Okta reports it (``{"from": {...}, "to": {...}}``).
    change_details: dict[str, Any] | None = Field(default=None, alias="changeDetails")


class Geolocation(WebhookModel):
    """Latitude and longitude."""

    lat: float | None = None
    lon: float | None = None


class GeographicalContext(WebhookModel):
    """Where a client was, as Okta places its address."""

    city: str | None = None
    state: str | None = None
    country: str | None = None
    postal_code: str | None = Field(default=None, alias="postalCode")
    geolocation: Geolocation | None = None


class UserAgent(WebhookModel):
    """The client's user agent."""

    raw_user_agent: str | None = Field(default=None, alias="rawUserAgent")
    os: str | None = None
    browser: str | None = None


class IpAddress(WebhookModel):
    """One address of the chain a request came through."""

    ip: str | None = None
    geographical_context: GeographicalContext | None = Field(
        default=None, alias="geographicalContext"
    )
    #: ``V4`` or ``V6``.
    version: str | None = None
    source: str | None = None


class Client(WebhookModel):
    """The client that made the request (``client``)."""

    user_agent: UserAgent | None = Field(default=None, alias="userAgent")
    #: The network zone (Okta sends the string ``"null"`` when there is none).
    zone: str | None = None
    #: ``Computer``, ``Mobile``, ``Unknown``...
    device: str | None = None
    id: str | None = None
    ip_address: str | None = Field(default=None, alias="ipAddress")
    geographical_context: GeographicalContext | None = Field(
        default=None, alias="geographicalContext"
    )
    ip_chain: list[IpAddress] | None = Field(default=None, alias="ipChain")


class Request(WebhookModel):
    """The request that led to the event (``request``)."""

    ip_chain: list[IpAddress] | None = Field(default=None, alias="ipChain")


class Outcome(WebhookModel):
    """How the action went (``outcome``)."""

    #: ``SUCCESS``, ``FAILURE``, ``SKIPPED``, ``ALLOW``, ``DENY``, ``CHALLENGE`` or ``UNKNOWN``.
    result: str | None = None
    #: Why, when it did not succeed (``INVALID_CREDENTIALS``, ``LOCKED_OUT``...).
    reason: str | None = None


class Transaction(WebhookModel):
    """The transaction the event belongs to (``transaction``)."""

    #: ``WEB`` (a request) or ``JOB`` (a background job).
    type: str | None = None
    id: str | None = None
    detail: dict[str, Any] | None = None


class DebugContext(WebhookModel):
    """Free-form details for debugging (``debugContext.debugData``: ``requestId``,
    ``requestUri``, ``threatSuspected``...)."""

    debug_data: dict[str, Any] | None = Field(default=None, alias="debugData")


class Issuer(WebhookModel):
    """Who issued the credential used."""

    id: str | None = None
    type: str | None = None


class AuthenticationContext(WebhookModel):
    """How the actor authenticated (``authenticationContext``)."""

    #: ``OKTA_AUTHENTICATION_PROVIDER``, ``ACTIVE_DIRECTORY``, ``SOCIAL``, ``FEDERATION``...
    authentication_provider: str | None = Field(default=None, alias="authenticationProvider")
    credential_provider: str | None = Field(default=None, alias="credentialProvider")
    #: ``PASSWORD``, ``OTP``, ``SMS``, ``ASSERTION``...
    credential_type: str | None = Field(default=None, alias="credentialType")
    issuer: Issuer | None = None
    #: The id of the actor's Okta session (the same on its session's events).
    external_session_id: str | None = Field(default=None, alias="externalSessionId")
    interface: str | None = None
    authentication_step: int | None = Field(default=None, alias="authenticationStep")


class SecurityContext(WebhookModel):
    """What Okta knows of the client's network (``securityContext``)."""

    as_number: int | None = Field(default=None, alias="asNumber")
    as_org: str | None = Field(default=None, alias="asOrg")
    isp: str | None = None
    domain: str | None = None
    is_proxy: bool | None = Field(default=None, alias="isProxy")
