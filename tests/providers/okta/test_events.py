"""Okta's System Log events: every sample parses into its class, with its kind; the parts of a
LogEvent are typed and what Okta leaves null parses."""

from __future__ import annotations

import json

import pytest

from authhooks import Okta
from authhooks.providers import get
from authhooks.providers.okta import EVENT_TYPES, OktaEnvelope, Target

SECRET = "Basic YWRtaW46c3VwZXJzZWNyZXQ="
OKTA = get("okta")
SAMPLES = OKTA.sample_events()

#: The cross-provider kinds, pinned (sign-ins and authentications: by outcome, all samples
#: succeed); every other typed event has none.
KINDS = {
    "user.lifecycle.create": "user.created",
    "user.lifecycle.activate": "user.updated",
    "user.lifecycle.deactivate": "user.locked",
    "user.lifecycle.reactivate": "user.unlocked",
    "user.lifecycle.suspend": "user.locked",
    "user.lifecycle.unsuspend": "user.unlocked",
    "user.lifecycle.delete.initiated": "user.deleted",
    "user.account.update_profile": "user.updated",
    "user.account.update_password": "credentials.changed",
    "user.account.lock": "user.locked",
    "user.account.unlock": "user.unlocked",
    "user.account.unlock_by_admin": "user.unlocked",
    "user.session.start": "auth.succeeded",
    "user.session.end": "session.ended",
    "user.session.clear": "session.ended",
    "user.authentication.sso": "auth.succeeded",
    "user.authentication.auth_via_mfa": "auth.succeeded",
    "user.authentication.auth_via_IDP": "auth.succeeded",
    "user.authentication.auth_via_social": "auth.succeeded",
    "user.authentication.authenticate": "auth.succeeded",
    "user.authentication.universal_logout": "session.ended",
    "user.mfa.factor.activate": "mfa.enabled",
    "user.mfa.factor.deactivate": "mfa.disabled",
    "user.mfa.factor.reset_all": "mfa.disabled",
}


def test_every_typed_event_has_a_sample() -> None:
    assert set(SAMPLES) == set(EVENT_TYPES)
    assert len(EVENT_TYPES) == 29


@pytest.mark.parametrize("name", SAMPLES)
def test_each_sample_parses_into_its_class_with_its_kind(name: str) -> None:
    document = OKTA.sample(name)
    body = json.dumps(document).encode()
    batch = Okta(SECRET).verify(body, {"Authorization": SECRET})
    assert len(batch) == len(document["data"]["events"]) >= 1
    for event, record in zip(batch, document["data"]["events"], strict=True):
        assert type(event) is Okta.parser.classes[name]
        assert (event.type, event.id, event.kind) == (name, record["uuid"], KINDS.get(name))
        assert event.occurred_at is not None
        assert event.raw == record
    envelope = OktaEnvelope.model_validate(document)
    assert envelope.event_type == "com.okta.event_hook"
    assert envelope.event_id == batch.id


def test_the_parts_of_an_event_are_typed() -> None:
    (event,) = Okta(SECRET).verify(
        json.dumps(OKTA.sample("group.user_membership.add")).encode(), {"Authorization": SECRET}
    )
    assert event.actor is not None
    assert event.actor.alternate_id == "okta.trainer@okta.com"
    assert event.client is not None
    assert event.client.zone == "null"  # Okta's text, as sent
    assert event.outcome is not None
    assert event.outcome.result == "SUCCESS"
    groups = event.targets("UserGroup")
    assert groups
    assert all(isinstance(t, Target) for t in groups)
    assert event.user is not None
    assert event.user.type == "User"
