"""Stytch: Svix signatures under ``svix-*`` or ``webhook-*`` headers, the event type made of
``source``, ``object_type`` and ``action``, and the Member, Organization and User events."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import authhooks
from authhooks import (
    ConfigurationError,
    InvalidSignatureError,
    MissingHeaderError,
    PayloadError,
    Router,
    Stytch,
    TimestampError,
)
from authhooks.providers import stytch as sy
from authhooks.samples import load_sample, sample_events
from tests.providers._standard_webhooks import SVIX_SECRET, signed_headers

SECRET = SVIX_SECRET
OTHER = "whsec_" + base64.b64encode(b"a second stytch signing key").decode()
NOW = 1_704_164_645


def clock() -> float:
    return NOW


headers = functools.partial(
    signed_headers, msg_id="msg_2XtyUqbN4SKO3pqtd1Yp5eNLYas", stamp=NOW, secret=SECRET
)


def body_of(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def sample_body(event_type: str) -> bytes:
    return body_of(load_sample("stytch", event_type))


def verify(document: dict[str, Any], **options: Any) -> Any:
    body = body_of(document)
    return Stytch(SECRET, clock=clock).verify(body, headers(body, **options))


_MEMBER = ("tenant.member_added", "tenant.member_updated", "tenant.member_removed")
_TENANT = ("tenant.created", "tenant.updated", "tenant.deleted")
_USER = ("user.created", "user.updated", "user.deleted")
_ACTIONS = ("create", "update", "delete")

EXPECTED: dict[str, tuple[type[sy.StytchEvent], str]] = {
    **{
        f"{source}.member.{action}": (cls, kind)
        for source in ("direct", "dashboard", "scim")
        for action, cls, kind in zip(
            _ACTIONS, (sy.MemberCreated, sy.MemberUpdated, sy.MemberDeleted), _MEMBER, strict=True
        )
    },
    **{
        f"{source}.organization.{action}": (cls, kind)
        for source in ("direct", "dashboard")
        for action, cls, kind in zip(
            _ACTIONS,
            (sy.OrganizationCreated, sy.OrganizationUpdated, sy.OrganizationDeleted),
            _TENANT,
            strict=True,
        )
    },
    **{
        f"{source}.user.{action}": (cls, kind)
        for source in ("direct", "dashboard")
        for action, cls, kind in zip(
            _ACTIONS, (sy.UserCreated, sy.UserUpdated, sy.UserDeleted), _USER, strict=True
        )
    },
}


# -- the signature and its two header sets -------------------------------------------------------


@pytest.mark.parametrize("prefix", ["svix-", "webhook-"])
def test_either_header_set(prefix: str) -> None:
    body = sample_body("dashboard.member.create")
    event = Stytch(SECRET, clock=clock).verify(body, headers(body, prefix=prefix))
    assert event.type == "dashboard.member.create"
    assert event.id == "webhook-event-test-00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize(
    "mixed",
    [
        {"svix-id": "msg_1", "webhook-timestamp": str(NOW)},
        {"webhook-id": "msg_1", "svix-timestamp": str(NOW)},
        {"webhook-id": "msg_1", "webhook-timestamp": str(NOW), "svix-signature": "v1,x"},
    ],
)
def test_the_two_sets_are_never_mixed(mixed: dict[str, str]) -> None:
    body = sample_body("dashboard.member.create")
    valid = headers(body, prefix="webhook-", msg_id="msg_1")
    request = {**valid, **mixed}
    with pytest.raises(MissingHeaderError) as info:
        Stytch(SECRET, clock=clock).verify(body, request)
    assert str(info.value.header).startswith("svix-")


def test_no_headers_names_the_svix_ones() -> None:
    with pytest.raises(MissingHeaderError) as info:
        Stytch(SECRET, clock=clock).verify(sample_body("dashboard.user.create"), {})
    assert info.value.header == "svix-id"


@pytest.mark.parametrize("prefix", ["svix-", "webhook-"])
def test_every_signed_part_is_covered(prefix: str) -> None:
    body = sample_body("dashboard.member.create")
    good = headers(body, prefix=prefix)
    receiver = Stytch(SECRET, clock=clock)
    for changed_body, changed in (
        (body.replace(b"DASHBOARD", b"SCIM"), good),
        (body + b"\n", good),
        (body, {**good, f"{prefix}id": "msg_other"}),
        (body, {**good, f"{prefix}timestamp": str(NOW + 1)}),
    ):
        with pytest.raises(InvalidSignatureError) as info:
            receiver.verify(changed_body, changed)
        assert info.value.header == f"{prefix}signature"


@pytest.mark.parametrize("prefix", ["svix-", "webhook-"])
@pytest.mark.parametrize(("offset", "ok"), [(300, True), (-300, True), (301, False), (-301, False)])
def test_five_minutes_either_way(prefix: str, offset: int, ok: bool) -> None:
    body = sample_body("dashboard.member.delete")
    request = headers(body, prefix=prefix, stamp=NOW + offset)
    if ok:
        Stytch(SECRET, clock=clock).verify(body, request)
        return
    with pytest.raises(TimestampError) as info:
        Stytch(SECRET, clock=clock).verify(body, request)
    assert info.value.header == f"{prefix}timestamp"


def test_a_custom_tolerance() -> None:
    body = sample_body("dashboard.member.delete")
    receiver = Stytch(SECRET, tolerance=timedelta(seconds=10), clock=clock)
    receiver.verify(body, headers(body, stamp=NOW - 10))
    with pytest.raises(TimestampError):
        receiver.verify(body, headers(body, stamp=NOW - 11))


def test_rotation() -> None:
    body = sample_body("dashboard.organization.update")
    receiver = Stytch([OTHER, SECRET], clock=clock)
    for secret in (SECRET, OTHER):
        receiver.verify(body, headers(body, secret=secret))
    with pytest.raises(InvalidSignatureError):
        Stytch(OTHER, clock=clock).verify(body, headers(body, secret=SECRET))


def test_sign_uses_svix_headers() -> None:
    receiver = Stytch([SECRET, OTHER], clock=clock)
    request = receiver.scheme.sign(load_sample("stytch", "dashboard.member.create"))
    assert {"svix-id", "svix-timestamp", "svix-signature"} <= set(request.headers)
    assert not any(name.startswith("webhook-") for name in request.headers)
    assert request.headers["svix-signature"].count("v1,") == 2
    assert receiver.scheme.credential_headers == ("svix-signature", "webhook-signature")
    assert receiver.verify(request.body, request.headers).type == "dashboard.member.create"


@pytest.mark.parametrize("secret", ["", [], "whsec_", "whsec_%%%", f" {SECRET}", None])
def test_malformed_secrets(secret: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        Stytch(secret)  # type: ignore[arg-type]
    assert "MfKQ9r8" not in str(info.value)


def test_repr_shows_no_secret() -> None:
    shown = repr(Stytch(SECRET))
    assert "MfKQ9r8" not in shown
    assert "('svix-', 'webhook-')" in shown


# -- the event type, id and time -----------------------------------------------------------------


def test_every_typed_type_has_its_class_kind_and_sample() -> None:
    assert set(sy.EVENT_TYPES) == set(EXPECTED)
    assert set(sample_events("stytch")) == set(EXPECTED)
    assert sy.PARSER.kinds() == {name: kind for name, (_, kind) in EXPECTED.items()}


@pytest.mark.parametrize("event_type", sorted(EXPECTED))
def test_each_sample_parses_into_its_class_with_its_kind(event_type: str) -> None:
    cls, kind = EXPECTED[event_type]
    document = load_sample("stytch", event_type)
    event = verify(document)
    assert type(event) is cls
    assert isinstance(event, authhooks.StytchEvent)
    assert (event.provider, event.type, event.kind) == ("stytch", event_type, kind)
    assert event.id == document["event_id"]
    assert event.entity_id == document["id"]
    assert event.occurred_at is not None
    assert event.raw == document
    if event_type.endswith(".delete"):
        assert event.data is None
    else:
        assert event.data is not None
        assert event.data.model_extra == {}  # every field of the sample is typed


@pytest.mark.parametrize(
    ("source", "object_type", "action", "expected"),
    [
        ("DASHBOARD", "member", "UPDATE", "dashboard.member.update"),
        ("Direct", "organization", "Create", "direct.organization.create"),
        ("scim", "member", "delete", "scim.member.delete"),
    ],
)
def test_the_type_is_the_lower_case_of_the_three_parts(
    source: str, object_type: str, action: str, expected: str
) -> None:
    document = {**load_sample("stytch", "dashboard.member.delete"), "object_type": object_type}
    event = verify({**document, "source": source, "action": action})
    assert event.type == expected
    assert type(event) is EXPECTED[expected][0]
    assert (event.source, event.action) == (source, action)  # kept as sent


@pytest.mark.parametrize(
    ("source", "object_type", "action"),
    [
        ("DIRECT", "saml_connection", "CREATE"),
        ("DASHBOARD", "oidc_connection", "UPDATE"),
        ("SCIM", "scim_connection", "DELETE"),
        ("SCIM", "organization", "UPDATE"),  # not a known source of organization events
        ("DASHBOARD", "member", "ARCHIVE"),
        ("B2B", "member", "CREATE"),
    ],
)
def test_other_types_are_generic_events_with_their_object(
    source: str, object_type: str, action: str
) -> None:
    document = {
        "action": action,
        "event_id": "event-live-123",
        "id": "connection-live-123",
        "object_type": object_type,
        object_type: {"connection_id": "connection-live-123", "client_secret": "cs-live-xyz"},
        "project_id": "project-live-123",
        "source": source,
        "timestamp": "2024-01-02T03:04:05Z",
    }
    event = verify(document)
    assert type(event) is sy.StytchGenericEvent
    assert event.type == f"{source.lower()}.{object_type}.{action.lower()}"
    assert event.kind is None
    assert event.data == document[object_type]


def test_the_id_falls_back_to_the_delivery_then_the_body() -> None:
    document = load_sample("stytch", "dashboard.member.delete")
    del document["event_id"]
    body = body_of(document)
    receiver = Stytch(SECRET, clock=clock)
    assert receiver.verify(body, headers(body, msg_id="msg_Z")).id == "msg_Z"
    assert receiver.parse(body).id == hashlib.sha256(body).hexdigest()
    assert receiver.parse(body, delivery_id="msg_Y").id == "msg_Y"
    with_id = load_sample("stytch", "dashboard.member.delete")
    assert receiver.parse(body_of(with_id), delivery_id="msg_Y").id == with_id["event_id"]


def test_wire_names_only() -> None:
    """``entity_id`` is read from ``id``; a field spelt like the attribute sets nothing."""
    document = {**load_sample("stytch", "dashboard.member.delete"), "entity_id": "spoof"}
    del document["id"]
    event = verify(document)
    assert event.entity_id is None
    assert event.model_extra == {"entity_id": "spoof"}


def test_the_timestamp_keeps_microseconds_of_nanoseconds() -> None:
    event = verify(load_sample("stytch", "dashboard.user.create"))
    assert event.occurred_at == datetime(2024, 11, 21, 6, 47, 49, 555247, tzinfo=timezone.utc)
    assert event.vertical == "CONSUMER"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"action": None}, "action"),
        ({"object_type": 3}, "object_type"),
        ({"source": ["DASHBOARD"]}, "source"),
        ({"timestamp": "yesterday"}, "timestamp"),
        ({"timestamp": 1704164645000}, "timestamp"),  # milliseconds are never guessed
        ({"member": {"roles": [{"sources": "direct"}]}}, "member.roles.0.sources"),
        ({"member": {"is_admin": "perhaps"}}, "member.is_admin"),
        ({"member": "member-test"}, "member"),
    ],
)
def test_malformed_events_are_payload_errors_naming_the_field(
    change: dict[str, Any], field: str
) -> None:
    document = {**load_sample("stytch", "dashboard.member.create"), **change}
    with pytest.raises(PayloadError) as info:
        verify(document)
    assert info.value.field == field
    assert info.value.raw == document


def test_missing_parts_of_the_type_are_payload_errors() -> None:
    document = load_sample("stytch", "dashboard.member.create")
    del document["source"]
    with pytest.raises(PayloadError) as info:
        verify(document)
    assert info.value.field == "source"


# -- the objects -------------------------------------------------------------------------------


def test_the_member() -> None:
    event = verify(load_sample("stytch", "dashboard.member.create"))
    assert isinstance(event, sy.MemberCreated)
    member = event.data
    assert member is not None
    assert member.email_address == "adalovelace@stytch.example.com"
    assert member.organization_id == "organization-test-00000000-0000-0000-0000-000000000000"
    assert member.roles[0].role_id == "stytch_member"
    assert member.roles[0].sources[0].type == "direct_assignment"


def test_the_user_and_the_organization() -> None:
    user = verify(load_sample("stytch", "direct.user.update")).data
    assert isinstance(user, sy.User)
    assert user.name is not None
    assert user.name.last_name == "Lovelace"
    assert user.emails[0].email == "adalovelace@stytch.example.com"
    assert user.created_at == datetime(2024, 11, 21, 6, 47, 49, tzinfo=timezone.utc)
    organization = verify(load_sample("stytch", "direct.organization.create")).data
    assert isinstance(organization, sy.Organization)
    assert organization.organization_slug == "analytical-engines"
    assert organization.email_allowed_domains == ["stytch.example.com"]


def test_null_lists_read_as_empty() -> None:
    document = load_sample("stytch", "direct.member.update")
    document["member"]["roles"] = None
    document["member"]["sso_registrations"] = None
    event = verify(document)
    assert event.data.roles == []
    assert event.data.sso_registrations == []


# -- routing by Stytch's names -------------------------------------------------------------------


def test_routing_by_type_class_and_kind() -> None:
    router = Router()
    seen: list[str] = []
    router.on("scim.member.create")(lambda e: seen.append("type"))
    router.on(sy.OrganizationEvent)(lambda e: seen.append("class"))
    router.on("user.deleted")(lambda e: seen.append("kind"))
    router.on("stytch:direct.saml_connection.delete")(lambda e: seen.append("qualified"))
    for document in (
        load_sample("stytch", "scim.member.create"),
        load_sample("stytch", "direct.organization.delete"),
        load_sample("stytch", "dashboard.user.delete"),
        {**load_sample("stytch", "dashboard.member.delete"), "source": "DIRECT"},
        {
            **load_sample("stytch", "dashboard.member.delete"),
            "source": "DIRECT",
            "object_type": "saml_connection",
        },
    ):
        router(verify(document))
    assert seen == ["type", "class", "kind", "qualified"]
