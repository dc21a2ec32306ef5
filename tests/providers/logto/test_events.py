"""Logto events: every registrable hook event parses into its class with its kind; the
millisecond times of Logto's entities; fields that share a name with the event contract."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from pydantic import TypeAdapter

from authhooks import PayloadError
from authhooks.events import MillisecondTimestamp, Timestamp
from authhooks.providers import get
from authhooks.providers.logto import (
    EVENT_TYPES,
    PARSER,
    GrantLimitExceeded,
    IdentifierLockout,
    InteractionEvent,
    LogtoEvent,
    LogtoGenericEvent,
    MessageRateLimited,
    OrganizationMembershipUpdated,
    PostSignInAdaptiveMfaTriggered,
    RoleDeleted,
    RoleScopesUpdated,
    Scope,
    User,
    UserCreated,
    UserSuspensionStatusUpdated,
)

LOGTO = get("logto")
SAMPLES = LOGTO.sample_events()
JAN_1 = datetime(2026, 1, 1, tzinfo=timezone.utc)

#: Every event Logto lets a webhook register for (``hookEvents`` in Logto's schemas), with
#: the cross-provider kind pinned here.
KINDS: dict[str, str | None] = {
    "PostRegister": None,  # Logto sends User.Created too: one kind for one registration
    "PostSignIn": "auth.succeeded",
    "PostResetPassword": "password_reset.succeeded",
    "PostSignInAdaptiveMfaTriggered": None,
    "User.Created": "user.created",
    "User.Deleted": "user.deleted",
    "User.Data.Updated": "user.updated",
    "User.SuspensionStatus.Updated": "user.updated",
    "TrustedDevice.Created": None,
    "TrustedDevice.Deleted": None,
    "Role.Created": "role.created",
    "Role.Deleted": "role.deleted",
    "Role.Data.Updated": "role.updated",
    "Role.Scopes.Updated": "role.updated",
    "Scope.Created": "permission.created",
    "Scope.Deleted": "permission.deleted",
    "Scope.Data.Updated": "permission.updated",
    "Organization.Created": "tenant.created",
    "Organization.Deleted": "tenant.deleted",
    "Organization.Data.Updated": "tenant.updated",
    "Organization.Membership.Updated": None,
    "OrganizationRole.Created": "role.created",
    "OrganizationRole.Deleted": "role.deleted",
    "OrganizationRole.Data.Updated": "role.updated",
    "OrganizationRole.Scopes.Updated": "role.updated",
    "OrganizationScope.Created": "permission.created",
    "OrganizationScope.Deleted": "permission.deleted",
    "OrganizationScope.Data.Updated": "permission.updated",
    "Identifier.Lockout": "user.locked",
    "Message.RateLimited": None,
    "Grant.LimitExceeded": None,
}


def _parse(document: dict[str, Any]) -> LogtoEvent:
    return PARSER.parse(json.dumps(document).encode())


def test_every_registrable_event_is_typed_and_has_a_sample() -> None:
    assert len(KINDS) == 31
    assert set(EVENT_TYPES) == set(KINDS) == set(SAMPLES)
    assert PARSER.kinds() == {name: kind for name, kind in KINDS.items() if kind is not None}


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_parses_into_its_class_with_its_kind(name: str) -> None:
    sample = LOGTO.sample(name)
    body = json.dumps(sample).encode()
    event = PARSER.parse(body)
    assert type(event) is PARSER.classes[name]
    assert not isinstance(event, LogtoGenericEvent)
    assert (event.type, event.event, event.kind) == (name, name, KINDS[name])
    assert event.id == hashlib.sha256(body).hexdigest()
    assert event.hook_id == "hook_9f2kq7rzt1u3"
    assert event.occurred_at is not None
    assert event.occurred_at.year == 2026
    assert event.raw == sample
    assert event.model_extra == {}, "every field of the sample is typed"


@pytest.mark.parametrize("name", [n for n in SAMPLES if not n.startswith("Post")])
def test_data_of_each_sample_is_fully_typed(name: str) -> None:
    event = _parse(LOGTO.sample(name))
    items = event.data if isinstance(event.data, list) else [event.data]
    for item in items:
        if item is not None:
            # Only what a Management API response adds beyond Logto's user fields is extra.
            assert set(item.model_extra or {}) <= {"hasPassword", "branding"}


def test_interaction_events_carry_the_user_and_the_application() -> None:
    event = _parse(LOGTO.sample("PostSignIn"))
    assert isinstance(event, InteractionEvent)
    assert isinstance(event.user, User)
    assert event.user.primary_email == "ada@example.com"
    assert event.user.last_sign_in_at == datetime(2026, 1, 1, 0, 1, tzinfo=timezone.utc)
    assert event.user.identities == {
        "google": {
            "userId": "109876543210987654321",
            "details": {"email": "ada@example.com", "name": "Ada Lovelace"},
        }
    }
    assert (event.interaction_event, event.user_ip, event.ip) == ("SignIn", "203.0.113.7", None)
    assert event.application is not None
    assert event.application.type == "SPA"
    mfa = _parse(LOGTO.sample("PostSignInAdaptiveMfaTriggered"))
    assert isinstance(mfa, PostSignInAdaptiveMfaTriggered)
    assert mfa.adaptive_mfa_result is not None
    assert mfa.adaptive_mfa_result.requires_mfa is True
    assert [rule.rule for rule in mfa.adaptive_mfa_result.triggered_rules or []] == ["new_country"]


def test_management_api_events_carry_the_request() -> None:
    event = _parse(LOGTO.sample("User.SuspensionStatus.Updated"))
    assert isinstance(event, UserSuspensionStatusUpdated)
    assert event.data is not None
    assert event.data.is_suspended is True
    assert (event.method, event.status, event.matched_route) == (
        "PATCH",
        200,
        "/users/:userId/is-suspended",
    )
    assert event.params == {"userId": "u8cn2v0pq4ra"}
    deleted = _parse(LOGTO.sample("Role.Deleted"))
    assert isinstance(deleted, RoleDeleted)
    assert deleted.data is None
    scopes = _parse(LOGTO.sample("Role.Scopes.Updated"))
    assert isinstance(scopes, RoleScopesUpdated)
    assert scopes.role_id == "r5kq2m8x1c0v"
    assert [type(scope) for scope in scopes.data or []] == [Scope]


def test_membership_changes_are_lists_absent_when_unchanged() -> None:
    event = _parse(LOGTO.sample("Organization.Membership.Updated"))
    assert isinstance(event, OrganizationMembershipUpdated)
    assert event.organization_id == "o1x8c4q2m9kz"
    assert event.added_user_ids == ["u8cn2v0pq4ra", "u2m7x0c9q1kd"]
    assert event.removed_user_ids is None
    assert event.added_application_ids is None
    assert event.kind is None


def test_the_lockout_identifier_does_not_take_the_event_type() -> None:
    event = _parse(LOGTO.sample("Identifier.Lockout"))
    assert isinstance(event, IdentifierLockout)
    assert event.type == "Identifier.Lockout"
    assert (event.identifier_type, event.identifier) == ("email", "ada@example.com")
    assert event.raw["type"] == "email"


def test_exception_events() -> None:
    limited = _parse(LOGTO.sample("Message.RateLimited"))
    assert isinstance(limited, MessageRateLimited)
    assert (limited.action, limited.recipient) == ("VerificationCodeSend", "ada@example.com")
    grants = _parse(LOGTO.sample("Grant.LimitExceeded"))
    assert isinstance(grants, GrantLimitExceeded)
    assert grants.revoked_grant_ids == ["g7x2m9q1c4k8"]
    assert (grants.max_allowed_grants, grants.pre_revocation_active_grant_count) == (5, 6)


def test_logtos_test_payload_for_a_data_event() -> None:
    """What Console's "Send test payload" sends for a data event: ``data`` is a placeholder
    ``{"result": "success"}``, kept as unknown fields of the entity."""
    document = {
        "event": "User.Created",
        "hookId": "hook_test_id",
        "createdAt": "2026-01-01T00:00:00.000Z",
        "userAgent": "fake-user-agent",
        "path": "/fake-path/:id",
        "method": "POST",
        "status": 200,
        "params": {"id": "fake-id"},
        "data": {"result": "success"},
    }
    event = _parse(document)
    assert isinstance(event, UserCreated)
    assert event.data is not None
    assert event.data.id is None
    assert event.data.model_extra == {"result": "success"}


def test_an_unknown_event_is_generic_and_keeps_everything() -> None:
    document = {
        "event": "Application.Created",
        "hookId": "h",
        "createdAt": "2026-01-01T00:00:00.000Z",
        "data": {"id": "app1", "nested": [1, {"a": None}]},
        "somethingNew": True,
    }
    event = _parse(document)
    assert type(event) is LogtoGenericEvent
    assert (event.type, event.kind) == ("Application.Created", None)
    assert event.data == document["data"]
    assert event.model_extra == {"somethingNew": True}


def test_snake_case_spellings_set_nothing() -> None:
    document = {"event": "PostSignIn", "hook_id": "forged", "created_at": 1, "user_id": "x"}
    event = _parse(document)
    assert isinstance(event, InteractionEvent)
    assert (event.hook_id, event.occurred_at, event.user_id) == (None, None, None)
    assert set(event.model_extra or {}) == {"hook_id", "created_at", "user_id"}


# -- times: MillisecondTimestamp (its own tests: tests/test_events.py) --------------------------

MS = TypeAdapter(MillisecondTimestamp)


@pytest.mark.parametrize(
    ("field", "value"),
    [("createdAt", 1.5), ("createdAt", "1767225600000"), ("createdAt", True)],
)
def test_a_bad_envelope_time_is_a_payload_error_naming_the_field(field: str, value: Any) -> None:
    document = dict(LOGTO.sample("PostSignIn"), **{field: value})
    with pytest.raises(PayloadError) as caught:
        _parse(document)
    assert caught.value.field == field


@pytest.mark.parametrize("field", ["lastSignInAt", "createdAt", "updatedAt"])
def test_a_bad_user_time_is_a_payload_error_naming_the_field(field: str) -> None:
    document = LOGTO.sample("PostSignIn")
    document["user"][field] = 1e40
    with pytest.raises(PayloadError) as caught:
        _parse(document)
    assert caught.value.field == f"user.{field}"


def test_the_shared_timestamp_refuses_logtos_milliseconds() -> None:
    """Why Logto's fields are ``MillisecondTimestamp``: Unix-seconds parsing refuses its
    numbers."""
    with pytest.raises(ValueError, match=r"Unix seconds \(not milliseconds\)"):
        TypeAdapter(Timestamp).validate_json(b"1767225600000")
    assert MS.validate_json(b"1767225600000") == JAN_1


def test_a_datetime_given_in_python_is_kept_in_utc() -> None:
    naive = datetime(2026, 1, 1)  # a naive time is taken as UTC
    assert MS.validate_python(naive) == JAN_1
    assert User(createdAt=JAN_1).created_at == JAN_1  # type: ignore[call-arg]
