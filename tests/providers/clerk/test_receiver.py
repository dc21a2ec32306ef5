"""Clerk: Svix's ``svix-*`` headers, the delivery id as the event id, and the 45 event types
of Clerk's webhook specification, each in its class with its kind."""

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
    Clerk,
    ConfigurationError,
    InvalidSignatureError,
    MissingHeaderError,
    PayloadError,
    Router,
    TimestampError,
)
from authhooks.providers import clerk as ck
from authhooks.samples import load_sample, sample_events
from tests.providers._standard_webhooks import SVIX_SECRET, signed_headers, v1

# Svix's documented example ("Verifying webhooks manually"), recomputed below from the text.
SVIX_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SVIX_TIME = 1614265330
SVIX_BODY = b'{"test": 2432232314}'
SVIX_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

NOW = 1_716_883_200
OTHER_SECRET = "whsec_" + base64.b64encode(b"a second clerk signing key!").decode()


def clock() -> float:
    return NOW


headers = functools.partial(
    signed_headers, msg_id="msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S", stamp=NOW, secret=SVIX_SECRET
)


def sample_body(event: str) -> bytes:
    return json.dumps(load_sample("clerk", event)).encode()


EXPECTED: dict[str, tuple[type[ck.ClerkEvent], str | None]] = {
    "user.created": (ck.UserCreated, "user.created"),
    "user.updated": (ck.UserUpdated, "user.updated"),
    "user.deleted": (ck.UserDeleted, "user.deleted"),
    "session.created": (ck.SessionCreated, "session.created"),
    "session.pending": (ck.SessionPending, None),
    "session.ended": (ck.SessionEnded, "session.ended"),
    "session.removed": (ck.SessionRemoved, "session.ended"),
    "session.revoked": (ck.SessionRevoked, "session.ended"),
    "organization.created": (ck.OrganizationCreated, "tenant.created"),
    "organization.updated": (ck.OrganizationUpdated, "tenant.updated"),
    "organization.deleted": (ck.OrganizationDeleted, "tenant.deleted"),
    "organizationMembership.created": (ck.OrganizationMembershipCreated, "tenant.member_added"),
    "organizationMembership.updated": (ck.OrganizationMembershipUpdated, "tenant.member_updated"),
    "organizationMembership.deleted": (ck.OrganizationMembershipDeleted, "tenant.member_removed"),
    "organizationInvitation.created": (
        ck.OrganizationInvitationCreated,
        "tenant.invitation_created",
    ),
    "organizationInvitation.accepted": (
        ck.OrganizationInvitationAccepted,
        "tenant.invitation_accepted",
    ),
    "organizationInvitation.revoked": (
        ck.OrganizationInvitationRevoked,
        "tenant.invitation_revoked",
    ),
    "organizationDomain.created": (ck.OrganizationDomainCreated, None),
    "organizationDomain.updated": (ck.OrganizationDomainUpdated, None),
    "organizationDomain.deleted": (ck.OrganizationDomainDeleted, None),
    "role.created": (ck.RoleCreated, "role.created"),
    "role.updated": (ck.RoleUpdated, "role.updated"),
    "role.deleted": (ck.RoleDeleted, "role.deleted"),
    "permission.created": (ck.PermissionCreated, "permission.created"),
    "permission.updated": (ck.PermissionUpdated, "permission.updated"),
    "permission.deleted": (ck.PermissionDeleted, "permission.deleted"),
    "email.created": (ck.EmailCreated, None),
    "sms.created": (ck.SmsCreated, None),
    "waitlistEntry.created": (ck.WaitlistEntryCreated, None),
    "waitlistEntry.updated": (ck.WaitlistEntryUpdated, None),
    "subscription.created": (ck.SubscriptionCreated, "subscription.created"),
    "subscription.updated": (ck.SubscriptionUpdated, "subscription.updated"),
    "subscription.active": (ck.SubscriptionActive, None),
    "subscription.pastDue": (ck.SubscriptionPastDue, None),
    "subscriptionItem.updated": (ck.SubscriptionItemUpdated, None),
    "subscriptionItem.active": (ck.SubscriptionItemActive, None),
    "subscriptionItem.canceled": (ck.SubscriptionItemCanceled, None),
    "subscriptionItem.upcoming": (ck.SubscriptionItemUpcoming, None),
    "subscriptionItem.ended": (ck.SubscriptionItemEnded, None),
    "subscriptionItem.abandoned": (ck.SubscriptionItemAbandoned, None),
    "subscriptionItem.incomplete": (ck.SubscriptionItemIncomplete, None),
    "subscriptionItem.pastDue": (ck.SubscriptionItemPastDue, None),
    "subscriptionItem.freeTrialEnding": (ck.SubscriptionItemFreeTrialEnding, None),
    "paymentAttempt.created": (ck.PaymentAttemptCreated, None),
    "paymentAttempt.updated": (ck.PaymentAttemptUpdated, None),
}


# -- the signature -----------------------------------------------------------------------------


def test_the_svix_example() -> None:
    assert v1(SVIX_SECRET, SVIX_ID, SVIX_TIME, SVIX_BODY) == SVIX_SIGNATURE
    receiver = Clerk(SVIX_SECRET, clock=lambda: SVIX_TIME)
    signed = {
        "svix-id": SVIX_ID,
        "svix-timestamp": str(SVIX_TIME),
        "svix-signature": SVIX_SIGNATURE,
    }
    verified = receiver.scheme.authenticate(SVIX_BODY, signed)
    assert (verified.payload, verified.delivery_id, verified.signed_at) == (
        SVIX_BODY,
        SVIX_ID,
        SVIX_TIME,
    )
    # Authentic, but not a Clerk event: it has no "type".
    with pytest.raises(PayloadError) as info:
        receiver.verify(SVIX_BODY, signed)
    assert info.value.field == "type"
    assert info.value.raw == {"test": 2432232314}
    assert receiver.covers_body
    assert receiver.scheme.credential_headers == ("svix-signature",)


def test_the_svix_example_header_names_are_case_insensitive() -> None:
    receiver = Clerk(SVIX_SECRET, clock=lambda: SVIX_TIME)
    signed = {
        "Svix-Id": SVIX_ID,
        "SVIX-TIMESTAMP": str(SVIX_TIME),
        "svix-Signature": SVIX_SIGNATURE,
    }
    assert receiver.scheme.authenticate(SVIX_BODY, signed).delivery_id == SVIX_ID


@pytest.mark.parametrize("missing", ["svix-id", "svix-timestamp", "svix-signature"])
def test_each_svix_header_is_required(missing: str) -> None:
    body = sample_body("user.created")
    request = {k: v for k, v in headers(body).items() if k != missing}
    with pytest.raises(MissingHeaderError) as info:
        Clerk(SVIX_SECRET, clock=clock).verify(body, request)
    assert info.value.header == missing


def test_webhook_prefixed_headers_are_not_clerks() -> None:
    """Clerk's own helper reads only svix-*: so does this receiver."""
    body = sample_body("user.created")
    with pytest.raises(MissingHeaderError) as info:
        Clerk(SVIX_SECRET, clock=clock).verify(body, headers(body, prefix="webhook-"))
    assert info.value.header == "svix-id"


@pytest.mark.parametrize(
    "change",
    [
        lambda b, h: (b + b" ", h),
        lambda b, h: (b, {**h, "svix-id": h["svix-id"] + "x"}),
        lambda b, h: (b, {**h, "svix-timestamp": str(NOW - 1)}),
        lambda b, h: (b.replace(b"user.created", b"user.updated"), h),
    ],
    ids=["body", "id", "timestamp", "type"],
)
def test_every_signed_part_is_covered(change: Any) -> None:
    body = sample_body("user.created")
    changed_body, changed_headers = change(body, headers(body))
    with pytest.raises(InvalidSignatureError):
        Clerk(SVIX_SECRET, clock=clock).verify(changed_body, changed_headers)


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-300, True), (300, True), (-301, False), (301, False)]
)
def test_the_default_tolerance_is_five_minutes_either_way(offset: int, accepted: bool) -> None:
    body = sample_body("user.created")
    request = headers(body, stamp=NOW + offset)
    receiver = Clerk(SVIX_SECRET, clock=clock)
    if accepted:
        receiver.verify(body, request)
        return
    with pytest.raises(TimestampError) as info:
        receiver.verify(body, request)
    assert info.value.header == "svix-timestamp"
    assert info.value.skew == -offset


@pytest.mark.parametrize("tolerance", [30, 30.0, timedelta(seconds=30)])
def test_the_tolerance_is_in_seconds(tolerance: object) -> None:
    body = sample_body("user.created")
    receiver = Clerk(SVIX_SECRET, tolerance=tolerance, clock=clock)  # type: ignore[arg-type]
    receiver.verify(body, headers(body, stamp=NOW - 30))
    with pytest.raises(TimestampError):
        receiver.verify(body, headers(body, stamp=NOW - 31))


def test_a_datetime_clock() -> None:
    body = sample_body("user.created")
    at = datetime.fromtimestamp(NOW, tz=timezone.utc)
    Clerk(SVIX_SECRET, clock=lambda: at).verify(body, headers(body))


def test_rotation_any_secret_of_the_list() -> None:
    body = sample_body("user.created")
    receiver = Clerk([SVIX_SECRET, OTHER_SECRET], clock=clock)
    receiver.verify(body, headers(body, secret=SVIX_SECRET))
    receiver.verify(body, headers(body, secret=OTHER_SECRET))
    # During Clerk's rotation a delivery carries a signature with each key.
    both = headers(body, secret=SVIX_SECRET)
    both["svix-signature"] += " " + headers(body, secret=OTHER_SECRET)["svix-signature"]
    Clerk(OTHER_SECRET, clock=clock).verify(body, both)
    with pytest.raises(InvalidSignatureError):
        Clerk(OTHER_SECRET, clock=clock).verify(body, headers(body, secret=SVIX_SECRET))


def test_sign_signs_with_every_secret_and_svix_headers() -> None:
    request = Clerk([SVIX_SECRET, OTHER_SECRET], clock=clock).scheme.sign(
        SVIX_BODY, msg_id=SVIX_ID, timestamp=SVIX_TIME
    )
    assert request.headers["svix-id"] == SVIX_ID
    assert request.headers["svix-timestamp"] == str(SVIX_TIME)
    assert request.headers["svix-signature"].split(" ") == [
        SVIX_SIGNATURE,
        v1(OTHER_SECRET, SVIX_ID, SVIX_TIME, SVIX_BODY),
    ]
    assert not any(name.startswith("webhook-") for name in request.headers)


@pytest.mark.parametrize(
    "secret",
    ["", [], "whsec_", "whsec_not base64!", f"{SVIX_SECRET}\n", f'"{SVIX_SECRET}"', 5],
)
def test_malformed_secrets_are_refused_without_echo(secret: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        Clerk(secret)  # type: ignore[arg-type]
    assert "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" not in str(info.value)


def test_repr_shows_no_secret() -> None:
    receiver = Clerk([SVIX_SECRET, OTHER_SECRET])
    assert "MfKQ9r8" not in repr(receiver)
    assert "secrets=2" in repr(receiver)
    assert "svix-" in repr(receiver)


# -- the event id ------------------------------------------------------------------------------


def test_the_event_id_is_the_svix_id_across_retries() -> None:
    body = sample_body("user.created")
    receiver = Clerk(SVIX_SECRET, clock=clock)
    first = receiver.verify(body, headers(body, msg_id="msg_A", stamp=NOW - 60))
    retry = receiver.verify(body, headers(body, msg_id="msg_A", stamp=NOW))
    other = receiver.verify(body, headers(body, msg_id="msg_B"))
    assert first.id == retry.id == "msg_A"
    assert other.id == "msg_B"


def test_without_a_delivery_id_the_event_id_is_the_body_digest() -> None:
    body = sample_body("user.created")
    receiver = Clerk(SVIX_SECRET)
    assert receiver.parse(body).id == hashlib.sha256(body).hexdigest()
    assert receiver.parse(body, delivery_id="msg_stored").id == "msg_stored"


def test_an_id_in_the_body_is_not_the_event_id() -> None:
    document = {**load_sample("clerk", "user.created"), "id": "evt_in_the_body"}
    body = json.dumps(document).encode()
    event = Clerk(SVIX_SECRET, clock=clock).verify(body, headers(body, msg_id="msg_C"))
    assert event.id == "msg_C"
    assert event.model_extra == {"id": "evt_in_the_body"}


# -- the events --------------------------------------------------------------------------------


def test_every_type_of_the_specification_has_a_class_and_a_sample() -> None:
    assert set(ck.EVENT_TYPES) == set(EXPECTED)
    assert len(EXPECTED) == 45
    assert set(sample_events("clerk")) == set(EXPECTED)


@pytest.mark.parametrize("event_type", sorted(EXPECTED))
def test_each_sample_parses_into_its_class_with_its_kind(event_type: str) -> None:
    cls, kind = EXPECTED[event_type]
    body = sample_body(event_type)
    event = Clerk(SVIX_SECRET, clock=clock).verify(body, headers(body))
    assert type(event) is cls
    assert isinstance(event, authhooks.ClerkEvent)
    assert (event.provider, event.type, event.kind) == ("clerk", event_type, kind)
    assert event.occurred_at is not None
    assert event.instance_id is not None
    assert event.object == "event"
    assert event.data.id is not None
    assert event.raw == json.loads(body)


def test_kinds_are_declared_once_per_class() -> None:
    assert ck.PARSER.kinds() == {t: k for t, (_, k) in EXPECTED.items() if k is not None}


def test_the_envelope_time_is_milliseconds() -> None:
    docs = Clerk(SVIX_SECRET).parse(sample_body("user.created"))
    assert docs.occurred_at == datetime(2022, 5, 31, 15, 56, 31, 835000, tzinfo=timezone.utc)
    spec = Clerk(SVIX_SECRET).parse(sample_body("user.deleted"))
    assert spec.occurred_at == datetime(2024, 5, 28, 8, tzinfo=timezone.utc)
    seconds = json.loads(sample_body("user.deleted"))
    seconds["timestamp"] = 1_716_883_200  # as the specification's examples write it
    event = Clerk(SVIX_SECRET).parse(json.dumps(seconds).encode())
    assert event.occurred_at == datetime(1970, 1, 20, 20, 54, 43, 200000, tzinfo=timezone.utc)


def test_the_user() -> None:
    event = Clerk(SVIX_SECRET).parse(sample_body("user.created"))
    assert isinstance(event, ck.UserCreated)
    user = event.data
    assert user.id == "user_29w83sxmDNGwOuEthce5gg56FcC"
    assert user.primary_email == "example@example.org"
    assert user.email_addresses[0].verification is not None
    assert user.email_addresses[0].verification.status == "verified"
    assert user.created_at == datetime(2022, 5, 31, 15, 56, 31, 514000, tzinfo=timezone.utc)
    assert user.model_extra == {"birthday": "", "gender": ""}  # legacy fields, kept
    assert ck.User(email_addresses=[ck.EmailAddress(id="a")]).primary_email is None


@pytest.mark.parametrize(
    "event_type",
    ["user.deleted", "organization.deleted", "organizationDomain.deleted", "role.deleted"],
)
def test_deletions_carry_the_id_only(event_type: str) -> None:
    event = Clerk(SVIX_SECRET).parse(sample_body(event_type))
    assert isinstance(event, ck.DeletedEvent)
    assert isinstance(event.data, ck.DeletedObject)
    assert event.data.deleted is True
    assert event.data.id is not None


def test_the_session_carries_its_user() -> None:
    event = Clerk(SVIX_SECRET).parse(sample_body("session.created"))
    assert isinstance(event, ck.SessionCreated)
    assert event.data.user is not None
    assert event.data.user.id == event.data.user_id
    assert event.data.latest_activity is not None
    assert event.data.expire_at is not None
    assert event.data.expire_at > event.data.created_at  # type: ignore[operator]


def test_the_member_of_a_membership_and_the_accepting_user() -> None:
    membership = Clerk(SVIX_SECRET).parse(sample_body("organizationMembership.created"))
    assert isinstance(membership, ck.OrganizationMembershipCreated)
    assert membership.data.public_user_data is not None
    assert membership.data.public_user_data.user_id == "user_2h8op3Isl1QR7tKu5FGNfaLKEoU"
    assert membership.data.organization is not None
    assert membership.data.permissions == ["org:posts:read", "org:posts:write"]
    accepted = Clerk(SVIX_SECRET).parse(sample_body("organizationInvitation.accepted"))
    assert isinstance(accepted, ck.OrganizationInvitationAccepted)
    assert accepted.data.user_id == "user_2h8op3Isl1QR7tKu5FGNfaLKEoU"


def test_an_unknown_type_is_a_generic_event_with_its_data() -> None:
    document = {"type": "subscriptionItem.created", "object": "event", "data": {"id": "x"}}
    event = Clerk(SVIX_SECRET).parse(json.dumps(document).encode(), delivery_id="msg_1")
    assert type(event) is ck.ClerkGenericEvent
    assert (event.type, event.kind, event.id, event.data) == (
        "subscriptionItem.created",
        None,
        "msg_1",
        {"id": "x"},
    )


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"object": "event", "data": {}}, "type"),
        ({"type": 5, "data": {}}, "type"),
        ({"type": "user.created"}, "data"),
        ({"type": "user.created", "data": None}, "data"),
        ({"type": "user.created", "data": []}, "data"),
        ({"type": "user.created", "data": {"email_addresses": None}}, "data.email_addresses"),
        ({"type": "user.created", "data": {"banned": "maybe"}}, "data.banned"),
        (
            {"type": "role.created", "data": {"permissions": [{"name": 1}]}},
            "data.permissions.0.name",
        ),
        ({"type": "user.created", "data": {}, "timestamp": "2024-01-01"}, "timestamp"),
    ],
)
def test_malformed_documents_are_payload_errors_naming_the_field(
    document: dict[str, Any], field: str
) -> None:
    body = json.dumps(document).encode()
    with pytest.raises(PayloadError) as info:
        Clerk(SVIX_SECRET, clock=clock).verify(body, headers(body))
    assert info.value.field == field
    assert info.value.raw == document


# -- one-time codes and tokens stay out of repr() ----------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "secrets"),
    [
        ("email.created", ["123456", "verification code"]),
        ("sms.created", ["code is 123456"]),
        ("organizationInvitation.created", ["token="]),
        ("organizationInvitation.accepted", ["token="]),
    ],
)
def test_codes_and_links_are_not_in_repr(event_type: str, secrets: list[str]) -> None:
    document = load_sample("clerk", event_type)
    confidential = event_type in ("email.created", "sms.created")
    if confidential:  # an unknown field: hidden too
        document["data"]["otp_link"] = "https://example.com/verify?token=123456"
    event = Clerk(SVIX_SECRET).parse(json.dumps(document).encode())
    shown = repr(event) + str(event) + repr(event.data)
    for secret in secrets:
        assert secret in json.dumps(event.raw)
        assert secret not in shown
    if confidential:
        assert "otp_link" not in shown
        assert repr(event.data.id) in shown  # the rest is shown


# -- routing by Clerk's names ------------------------------------------------------------------


def test_routing_by_type_class_and_kind() -> None:
    router = Router()
    seen: list[str] = []
    router.on("organizationMembership.created")(lambda e: seen.append("type"))
    router.on(ck.SessionEvent)(lambda e: seen.append("class"))
    router.on("user.deleted")(lambda e: seen.append("kind"))
    for event_type in ("organizationMembership.created", "session.revoked", "user.deleted"):
        router(Clerk(SVIX_SECRET).parse(sample_body(event_type)))
    assert seen == ["type", "class", "kind"]
