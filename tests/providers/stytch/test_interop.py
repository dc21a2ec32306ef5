"""Stytch against Svix's own code, both ways: what ``svix`` and ``standardwebhooks`` sign,
``authhooks.Stytch`` verifies, under ``svix-*`` or ``webhook-*`` headers; what
``Stytch(...).scheme.sign`` produces, they verify.

Only the full test session installs the two packages (``nox -s tests``); the core session
leaves this module out.
"""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timezone

import pytest
import standardwebhooks
import svix.webhooks
from hypothesis import given, settings, strategies as st

from authhooks import MissingHeaderError, Stytch, VerificationError
from authhooks.providers import stytch as sy
from authhooks.samples import load_sample, sample_events
from tests.providers._standard_webhooks import (
    STRANGER,
    SVIX_SECRET,
    delivery_headers,
    message_ids,
    renamed,
    whole_second_now,
)

SECRET = SVIX_SECRET
OTHER = "whsec_" + base64.b64encode(b"a second stytch signing key").decode()
PREFIXES = ("svix-", "webhook-")


# -- Svix's code signs, Stytch verifies ----------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("event_type", sample_events("stytch"))
def test_every_sample_signed_by_svix(event_type: str, prefix: str) -> None:
    body = json.dumps(load_sample("stytch", event_type))
    at = whole_second_now()
    signature = svix.webhooks.Webhook(SECRET).sign("msg_1", at, body)
    event = Stytch(SECRET).verify(body, delivery_headers("msg_1", at, signature, prefix=prefix))
    assert event.type == event_type
    assert not isinstance(event, sy.StytchGenericEvent)


@settings(max_examples=100, deadline=None)
@given(msg_id=message_ids, name=st.text(max_size=40), offset=st.integers(-300, 300))
def test_what_the_references_sign_stytch_verifies(msg_id: str, name: str, offset: int) -> None:
    document = load_sample("stytch", "dashboard.member.update")
    document["member"]["name"] = name
    body = json.dumps(document)
    now = int(time.time())
    at = datetime.fromtimestamp(now + offset, tz=timezone.utc)
    receiver = Stytch(SECRET, clock=lambda: now)
    for signer in (svix.webhooks.Webhook(SECRET), standardwebhooks.Webhook(SECRET)):
        signature = signer.sign(msg_id, at, body)
        for prefix in PREFIXES:
            event = receiver.verify(body, delivery_headers(msg_id, at, signature, prefix=prefix))
            assert event.data is not None
            assert event.data.name == name


def test_a_rotating_sender_signed_by_the_references() -> None:
    body = json.dumps(load_sample("stytch", "direct.organization.create"))
    at = whole_second_now()
    old = svix.webhooks.Webhook(SECRET).sign("msg_1", at, body)
    new = standardwebhooks.Webhook(OTHER).sign("msg_1", at, body)
    for prefix in PREFIXES:
        request = delivery_headers("msg_1", at, f"{old} {new}", prefix=prefix)
        for secrets in ([SECRET], [OTHER], [OTHER, SECRET]):
            assert Stytch(secrets).verify(body, request).kind == "tenant.created"
        with pytest.raises(VerificationError):
            Stytch(STRANGER).verify(body, request)


def test_a_reference_request_changed_in_transit_is_refused() -> None:
    body = json.dumps(load_sample("stytch", "dashboard.member.delete"))
    at = whole_second_now()
    signature = svix.webhooks.Webhook(SECRET).sign("msg_1", at, body)
    for prefix in PREFIXES:
        request = delivery_headers("msg_1", at, signature, prefix=prefix)
        for changed_body, changed in (
            (body.replace("DELETE", "CREATE"), request),
            (json.dumps(json.loads(body), indent=2), request),
            (body, {**request, f"{prefix}id": "msg_2"}),
        ):
            with pytest.raises(VerificationError):
                Stytch(SECRET).verify(changed_body, changed)


def test_stricter_than_svix_the_two_sets_are_never_mixed() -> None:
    """svix's library reads each header from either set; authhooks refuses a mix, which no
    sender produces."""
    body = json.dumps(load_sample("stytch", "dashboard.member.delete"))
    at = whole_second_now()
    signature = svix.webhooks.Webhook(SECRET).sign("msg_1", at, body)
    mixed = {
        "svix-id": "msg_1",
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }
    svix.webhooks.Webhook(SECRET).verify(body, mixed)
    with pytest.raises(MissingHeaderError):
        Stytch(SECRET).verify(body, mixed)


# -- Stytch's signer, Svix's code verifies -------------------------------------------------------


@pytest.mark.parametrize("event_type", sample_events("stytch"))
def test_every_sample_signed_by_authhooks_verifies_with_the_references(event_type: str) -> None:
    request = Stytch(SECRET).scheme.sign(load_sample("stytch", event_type))
    svix.webhooks.Webhook(SECRET).verify(request.body, request.headers)
    standard = renamed(request.headers, "webhook-")
    svix.webhooks.Webhook(SECRET).verify(request.body, standard)
    document = standardwebhooks.Webhook(SECRET).verify(request.body, standard)
    assert document["object_type"] in event_type


@settings(max_examples=100, deadline=None)
@given(msg_id=message_ids, name=st.text(max_size=40))
def test_what_stytch_signs_the_references_verify(msg_id: str, name: str) -> None:
    document = load_sample("stytch", "direct.organization.update")
    document["organization"]["organization_name"] = name
    request = Stytch([SECRET, OTHER]).scheme.sign(document, msg_id=msg_id)
    for secret in (SECRET, OTHER):
        svix.webhooks.Webhook(secret).verify(request.body, request.headers)
        verified = standardwebhooks.Webhook(secret).verify(
            request.body, renamed(request.headers, "webhook-")
        )
        assert verified["organization"]["organization_name"] == name
