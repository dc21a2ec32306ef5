"""WorkOS events: every sample of WorkOS's events reference parses into its class, with its
kind; the envelope's id, time and context; what WorkOS's own samples leave out."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any

import pytest

from authhooks import PayloadError
from authhooks.providers import get
from authhooks.providers.workos import (
    EVENT_TYPES,
    PARSER,
    ApiKeyUpdated,
    Authentication,
    AuthenticationEvent,
    CertificateRenewalRequired,
    DirectoryGroupMembership,
    DirectoryGroupUserAdded,
    DirectoryUser,
    DirectoryUserUpdated,
    DomainVerificationFailure,
    FlagUpdated,
    MembershipCreated,
    OrganizationCreated,
    PasswordFailed,
    RadarRiskDetected,
    SamlCertificateRenewalRequired,
    SessionCreated,
    SsoSucceeded,
    SsoTimedOut,
    User,
    UserDeleted,
    VaultDekRead,
    WorkOSEvent,
    WorkOSGenericEvent,
)

WORKOS = get("workos")
UTC = timezone.utc
SAMPLES = WORKOS.sample_events()

#: The cross-provider kinds, pinned here; every other typed event has none.
KINDS = {
    "user.created": "user.created",
    "user.updated": "user.updated",
    "user.deleted": "user.deleted",
    "organization.created": "tenant.created",
    "organization.updated": "tenant.updated",
    "organization.deleted": "tenant.deleted",
    "organization_membership.created": "tenant.member_added",
    "organization_membership.updated": "tenant.member_updated",
    "organization_membership.deleted": "tenant.member_removed",
    "invitation.created": "tenant.invitation_created",
    "invitation.accepted": "tenant.invitation_accepted",
    "invitation.revoked": "tenant.invitation_revoked",
    "session.created": "session.created",
    "session.revoked": "session.ended",
    "authentication.email_verification_succeeded": "user.updated",
    "authentication.email_verification_failed": "auth.failed",
    "authentication.magic_auth_succeeded": "auth.succeeded",
    "authentication.magic_auth_failed": "auth.failed",
    "authentication.mfa_succeeded": "auth.succeeded",
    "authentication.mfa_failed": "auth.failed",
    "authentication.oauth_succeeded": "auth.succeeded",
    "authentication.oauth_failed": "auth.failed",
    "authentication.passkey_succeeded": "auth.succeeded",
    "authentication.passkey_failed": "auth.failed",
    "authentication.password_succeeded": "auth.succeeded",
    "authentication.password_failed": "auth.failed",
    "authentication.reauthentication_succeeded": "auth.succeeded",
    "authentication.sso_succeeded": "auth.succeeded",
    "authentication.sso_failed": "auth.failed",
    "authentication.sso_timed_out": "auth.failed",
    "password_reset.created": "password_reset.requested",
    "password_reset.succeeded": "password_reset.succeeded",
    "role.created": "role.created",
    "role.updated": "role.updated",
    "role.deleted": "role.deleted",
    "organization_role.created": "role.created",
    "organization_role.updated": "role.updated",
    "organization_role.deleted": "role.deleted",
    "permission.created": "permission.created",
    "permission.updated": "permission.updated",
    "permission.deleted": "permission.deleted",
    "api_key.created": "api_key.created",
    "api_key.updated": "api_key.updated",
    "api_key.revoked": "api_key.deleted",
}

#: Every event of WorkOS's events reference (workos.com/docs/events), and the four only
#: WorkOS's SDK knows: each must have a typed model and a sample.
DOCUMENTED = {
    *KINDS,
    "authentication.radar_risk_detected",
    "authentication.sso_started",
    "invitation.resent",
    "email_verification.created",
    "magic_auth.created",
    "connection.activated",
    "connection.deactivated",
    "connection.deleted",
    "connection.saml_certificate_renewed",
    "connection.saml_certificate_renewal_required",
    "dsync.activated",
    "dsync.deleted",
    "dsync.group.created",
    "dsync.group.deleted",
    "dsync.group.updated",
    "dsync.group.user_added",
    "dsync.group.user_removed",
    "dsync.user.created",
    "dsync.user.deleted",
    "dsync.user.updated",
    "flag.created",
    "flag.updated",
    "flag.deleted",
    "flag.rule_updated",
    "organization_domain.created",
    "organization_domain.updated",
    "organization_domain.deleted",
    "organization_domain.verified",
    "organization_domain.verification_failed",
    "vault.data.created",
    "vault.data.deleted",
    "vault.data.read",
    "vault.data.updated",
    "vault.dek.decrypted",
    "vault.dek.read",
    "vault.kek.created",
    "vault.metadata.read",
    "vault.names.listed",
}


def _parse(document: dict[str, Any]) -> WorkOSEvent:
    return PARSER.parse(json.dumps(document).encode())


def test_every_documented_event_is_typed_and_has_a_sample() -> None:
    assert len(DOCUMENTED) == 82
    assert set(EVENT_TYPES) == DOCUMENTED
    assert set(SAMPLES) == DOCUMENTED
    assert WORKOS.event_types() == DOCUMENTED


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_parses_into_its_class_with_its_kind(name: str) -> None:
    sample = WORKOS.sample(name)
    event = _parse(sample)
    assert type(event) is PARSER.classes[name]
    assert not isinstance(event, WorkOSGenericEvent)
    assert event.type == name == event.event
    assert event.kind == KINDS.get(name)
    assert event.id == sample["id"]
    assert event.occurred_at is not None
    assert event.occurred_at.tzinfo is not None
    assert event.provider == "workos"
    assert event.raw == sample
    assert event.model_extra == {}


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_data_field_is_read(name: str) -> None:
    """No field of a sample's data is left to ``model_extra``: the models cover the docs."""
    event = _parse(WORKOS.sample(name))
    assert event.data.model_extra == {}


def test_the_kind_table_is_the_parser_table() -> None:
    assert PARSER.kinds() == KINDS


def test_user_fields_and_times() -> None:
    event = _parse(WORKOS.sample("user.deleted"))
    assert isinstance(event, UserDeleted)
    assert isinstance(event.data, User)
    assert event.data.email_verified is True
    assert event.data.created_at == datetime(2023, 11, 16, 21, 26, 25, 427000, tzinfo=timezone.utc)
    assert event.occurred_at == datetime(2023, 11, 18, 4, 18, 13, 126000, tzinfo=timezone.utc)
    assert event.context is not None
    assert event.context.client_id is None


def test_authentication_failures_carry_the_error_and_sso_details() -> None:
    failed = _parse(WORKOS.sample("authentication.password_failed"))
    assert isinstance(failed, PasswordFailed)
    assert isinstance(failed, AuthenticationEvent)
    assert isinstance(failed.data, Authentication)
    assert failed.data.error is not None
    assert (failed.data.type, failed.data.status) == ("password", "failed")
    assert failed.data.error.code == "invalid_credentials"
    sso = _parse(WORKOS.sample("authentication.sso_succeeded"))
    assert isinstance(sso, SsoSucceeded)
    assert sso.data.sso is not None
    assert sso.data.sso.session_id == "saml_session_01FKJ843CVE8F7BXQSPFH0M53V"
    timed_out = _parse(WORKOS.sample("authentication.sso_timed_out"))
    assert isinstance(timed_out, SsoTimedOut)
    assert timed_out.data.user_id is None
    assert timed_out.kind == "auth.failed"
    radar = _parse(WORKOS.sample("authentication.radar_risk_detected"))
    assert isinstance(radar, RadarRiskDetected)
    assert (radar.data.action, radar.data.control) == ("signup", "restriction")


def test_session_impersonator_and_membership_roles() -> None:
    session = _parse(WORKOS.sample("session.created"))
    assert isinstance(session, SessionCreated)
    assert session.data.impersonator is not None
    assert session.data.impersonator.email == "admin@example.com"
    membership = _parse(WORKOS.sample("organization_membership.created"))
    assert isinstance(membership, MembershipCreated)
    assert membership.data.role is not None
    assert membership.data.role.slug == "member"
    assert [role.slug for role in membership.data.roles or []] == ["member"]
    org = _parse(WORKOS.sample("organization.created"))
    assert isinstance(org, OrganizationCreated)
    assert [domain.state for domain in org.data.domains or []] == ["verified"]


def test_directory_events_nest_users_and_groups() -> None:
    added = _parse(WORKOS.sample("dsync.group.user_added"))
    assert isinstance(added, DirectoryGroupUserAdded)
    assert isinstance(added.data, DirectoryGroupMembership)
    assert isinstance(added.data.user, DirectoryUser)
    assert added.data.user.email == "eric@example.com"
    assert added.data.group is not None
    assert added.data.group.name == "Developers"
    assert added.kind is None  # directory records are not AuthKit users
    updated = _parse(WORKOS.sample("dsync.user.updated"))
    assert isinstance(updated, DirectoryUserUpdated)
    assert updated.data.previous_attributes == {}
    assert updated.data.custom_attributes is not None


def test_nested_shapes_of_connections_domains_flags_vault_api_keys() -> None:
    renewal = _parse(WORKOS.sample("connection.saml_certificate_renewal_required"))
    assert isinstance(renewal, SamlCertificateRenewalRequired)
    assert isinstance(renewal.data, CertificateRenewalRequired)
    assert renewal.data.days_until_expiry == 3
    assert renewal.data.certificate is not None
    assert renewal.data.certificate.is_expired is False
    failed = _parse(WORKOS.sample("organization_domain.verification_failed"))
    assert isinstance(failed.data, DomainVerificationFailure)
    assert failed.data.organization_domain is not None
    assert failed.data.organization_domain.state == "failed"
    flag = _parse(WORKOS.sample("flag.updated"))
    assert isinstance(flag, FlagUpdated)
    assert flag.context is not None
    assert flag.context.actor is not None
    assert flag.context.actor.source == "dashboard"
    assert flag.context.previous_attributes == {"description": "", "tags": ["audit", "logging"]}
    dek = _parse(WORKOS.sample("vault.dek.read"))
    assert isinstance(dek, VaultDekRead)
    assert dek.data.key_ids is not None
    assert len(dek.data.key_ids) == 2
    key = _parse(WORKOS.sample("api_key.updated"))
    assert isinstance(key, ApiKeyUpdated)
    assert key.data.owner is not None
    assert key.data.owner.type == "organization"
    assert key.data.previous_attributes == {"expires_at": None}


def test_an_unknown_event_is_generic_and_keeps_everything() -> None:
    document = {
        "event": "pipes.connected_account.connected",
        "id": "event_01X",
        "data": {"object": "connected_account", "provider": "github", "nested": {"a": [1, 2]}},
        "created_at": "2026-01-01T00:00:00.000Z",
        "object": "event",
    }
    event = _parse(document)
    assert type(event) is WorkOSGenericEvent
    assert (event.type, event.kind, event.id) == (document["event"], None, "event_01X")
    assert event.data == document["data"]
    assert event.object == "event"
    assert event.raw == document


@pytest.mark.parametrize(
    ("created_at", "expected"),
    [
        ("2023-11-18T04:18:13.126Z", datetime(2023, 11, 18, 4, 18, 13, 126000, tzinfo=UTC)),
        # The data-syncing overview's sample: a space, no zone (read as UTC).
        ("2023-04-28 20:05:31.093", datetime(2023, 4, 28, 20, 5, 31, 93000, tzinfo=UTC)),
        ("2023-11-18T06:18:13+02:00", datetime(2023, 11, 18, 4, 18, 13, tzinfo=UTC)),
    ],
)
def test_created_at_spellings(created_at: str, expected: datetime) -> None:
    sample = WORKOS.sample("user.created")
    sample["created_at"] = created_at
    assert _parse(sample).occurred_at == expected


def test_an_event_without_id_is_identified_by_its_body() -> None:
    sample = WORKOS.sample("user.created")
    del sample["id"]
    body = json.dumps(sample).encode()
    event = PARSER.parse(body)
    assert event.id == hashlib.sha256(body).hexdigest()


def test_fields_the_docs_samples_leave_out_are_optional() -> None:
    """WorkOS's API marks these required; its own samples omit them, so none is required."""
    minimal = {"event": "session.revoked", "data": {}}
    event = _parse(minimal)
    assert event.data.status is None
    assert event.data.auth_method is None
    assert event.occurred_at is None
    assert event.context is None


@pytest.mark.parametrize(
    "document",
    [
        {"event": "user.created", "data": {"email_verified": "maybe"}},
        {"event": "user.created", "data": {"created_at": "yesterday"}},
        {"event": "user.created", "data": None},
        {"event": "organization.created", "data": {"domains": {"id": "x"}}},
        {"event": "user.created", "id": 7, "data": {}},
        {"event": "user.created", "data": {}, "context": "client"},
    ],
)
def test_a_known_event_with_wrong_types_is_a_payload_error(document: dict[str, Any]) -> None:
    with pytest.raises(PayloadError) as caught:
        _parse(document)
    assert caught.value.raw == document


def test_snake_and_camel_spellings_of_envelope_fields_set_nothing() -> None:
    document = {"event": "user.created", "event_id": "forged", "createdAt": "2020-01-01T00:00:00Z"}
    event = _parse(document)
    assert event.id != "forged"
    assert event.occurred_at is None
    assert event.model_extra == {"event_id": "forged", "createdAt": "2020-01-01T00:00:00Z"}
