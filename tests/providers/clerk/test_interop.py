"""Clerk against Svix's own code, both ways: what ``svix`` and ``standardwebhooks`` sign,
``authhooks.Clerk`` verifies; what ``Clerk(...).scheme.sign`` produces, they verify.

Clerk's helper (``@clerk/backend``'s ``verifyWebhook``) reads the ``svix-*`` headers and hands
them to the ``standardwebhooks`` library as ``webhook-*``; these tests do the same. Only the
full test session installs the two packages (``nox -s tests``); the core session leaves this
module out.
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

from authhooks import Clerk, VerificationError
from authhooks.providers import clerk as ck
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
OTHER = "whsec_" + base64.b64encode(b"a second clerk signing key!").decode()


# -- Svix's code signs, Clerk verifies -----------------------------------------------------------


@pytest.mark.parametrize("event_type", sample_events("clerk"))
def test_every_sample_signed_by_svix(event_type: str) -> None:
    body = json.dumps(load_sample("clerk", event_type))
    at = whole_second_now()
    signature = svix.webhooks.Webhook(SECRET).sign("msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S", at, body)
    event = Clerk(SECRET).verify(
        body, delivery_headers("msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S", at, signature)
    )
    assert event.type == event_type
    assert event.id == "msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S"
    assert not isinstance(event, ck.ClerkGenericEvent)


@settings(max_examples=100, deadline=None)
@given(msg_id=message_ids, name=st.text(max_size=40), offset=st.integers(-300, 300))
def test_what_the_references_sign_clerk_verifies(msg_id: str, name: str, offset: int) -> None:
    document = load_sample("clerk", "user.updated")
    document["data"]["first_name"] = name
    body = json.dumps(document)
    now = int(time.time())
    at = datetime.fromtimestamp(now + offset, tz=timezone.utc)
    receiver = Clerk(SECRET, clock=lambda: now)
    for signer in (svix.webhooks.Webhook(SECRET), standardwebhooks.Webhook(SECRET)):
        signature = signer.sign(msg_id, at, body)
        event = receiver.verify(body, delivery_headers(msg_id, at, signature))
        assert (event.id, event.data.first_name) == (msg_id, name)


def test_a_rotating_sender_signed_by_the_references() -> None:
    body = json.dumps(load_sample("clerk", "session.created"))
    at = whole_second_now()
    old = svix.webhooks.Webhook(SECRET).sign("msg_1", at, body)
    new = standardwebhooks.Webhook(OTHER).sign("msg_1", at, body)
    headers = delivery_headers("msg_1", at, f"{old} {new}")
    for secrets in ([SECRET], [OTHER], [OTHER, SECRET]):
        assert Clerk(secrets).verify(body, headers).type == "session.created"
    with pytest.raises(VerificationError):
        Clerk(STRANGER).verify(body, headers)


def test_a_reference_request_changed_in_transit_is_refused() -> None:
    body = json.dumps(load_sample("clerk", "user.created"))
    at = whole_second_now()
    headers = delivery_headers("msg_1", at, svix.webhooks.Webhook(SECRET).sign("msg_1", at, body))
    for changed_body, changed_headers in (
        (body.replace("user.created", "user.deleted"), headers),
        (json.dumps(json.loads(body), indent=2), headers),  # re-serialised
        (body, {**headers, "svix-id": "msg_2"}),
        (body, {**headers, "svix-timestamp": str(int(at.timestamp()) + 1)}),
    ):
        with pytest.raises(VerificationError):
            Clerk(SECRET).verify(changed_body, changed_headers)


# -- Clerk's signer, Svix's code verifies --------------------------------------------------------


@pytest.mark.parametrize("event_type", sample_events("clerk"))
def test_every_sample_signed_by_authhooks_verifies_with_svix(event_type: str) -> None:
    request = Clerk(SECRET).scheme.sign(load_sample("clerk", event_type))
    svix.webhooks.Webhook(SECRET).verify(request.body, request.headers)
    document = standardwebhooks.Webhook(SECRET).verify(
        request.body, renamed(request.headers, "webhook-")
    )
    assert document["type"] == event_type


@settings(max_examples=100, deadline=None)
@given(msg_id=message_ids, name=st.text(max_size=40))
def test_what_clerk_signs_the_references_verify(msg_id: str, name: str) -> None:
    document = load_sample("clerk", "organization.updated")
    document["data"]["name"] = name
    request = Clerk(SECRET).scheme.sign(document, msg_id=msg_id)
    svix.webhooks.Webhook(SECRET).verify(request.body, request.headers)
    verified = standardwebhooks.Webhook(SECRET).verify(
        request.body, renamed(request.headers, "webhook-")
    )
    assert verified["data"]["name"] == name


def test_a_rotating_authhooks_signer_verifies_with_either_key() -> None:
    request = Clerk([SECRET, OTHER]).scheme.sign(load_sample("clerk", "role.created"))
    assert request.headers["svix-signature"].count("v1,") == 2
    for secret in (SECRET, OTHER):
        svix.webhooks.Webhook(secret).verify(request.body, request.headers)
        standardwebhooks.Webhook(secret).verify(request.body, renamed(request.headers, "webhook-"))
    with pytest.raises(svix.webhooks.WebhookVerificationError):
        svix.webhooks.Webhook(STRANGER).verify(request.body, request.headers)


def test_the_same_signature_as_svix() -> None:
    at = datetime.fromtimestamp(1614265330, tz=timezone.utc)
    body = '{"test": 2432232314}'
    ours = Clerk(SECRET).scheme.sign(
        body.encode(),
        msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
    )
    theirs = svix.webhooks.Webhook(SECRET).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", at, body)
    assert ours.headers["svix-signature"] == theirs
