"""A verified delivery as data: parsed again, with no secret, as its receiver would."""

from __future__ import annotations

import json

import pytest

import authhooks
from authhooks import Batch, ConfigurationError, Delivery, PayloadError, providers
from authhooks.schemes import StandardWebhooks


@pytest.mark.parametrize("name", providers.names())
def test_every_provider_parses_its_delivery_again(name: str) -> None:
    entry = providers.get(name)
    demo = entry.demo()
    receiver = demo.make_receiver()
    request = demo.sign(entry.sample())
    event = receiver.verify(request.body, request.headers)
    delivery = Delivery.of(receiver, event, route="/hooks/x", received_at=1.5)
    again = Delivery.from_json(delivery.to_json())
    assert again == delivery
    assert b"secret" not in delivery.to_json().lower() or name == "theauthapi"
    parsed = again.parse()
    assert type(parsed) is type(event)
    if isinstance(event, Batch):  # Okta, Auth0: the same events, in the same order
        assert parsed == event
        assert [e.raw for e in parsed] == [e.raw for e in event]
        assert [type(e) for e in parsed] == [type(e) for e in event]
        assert again.event_type == ""
    else:
        assert (parsed.type, parsed.id, parsed.raw) == (event.type, event.id, event.raw)
    assert again.route == "/hooks/x"
    assert again.event_id == event.id


def test_the_receiver_options_travel_not_the_secrets() -> None:
    receiver = authhooks.TheAuthAPI("a-secret-0123456789", topic="project.updated")
    request = receiver.scheme.sign({"name": "x"})
    event = receiver.verify(request.body, request.headers)
    delivery = Delivery.of(receiver, event)
    assert delivery.receiver == {"topic": "project.updated"}
    assert b"a-secret" not in delivery.to_json()
    assert delivery.parse().id == event.id  # the topic is part of the body's id


def test_a_generic_sender_parses_again() -> None:
    scheme = StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    receiver = authhooks.Webhook(scheme, provider="acme", type_field="kind", id_field=None)
    request = scheme.sign({"kind": "invoice.paid", "n": 1}, msg_id="msg_1")
    event = receiver.verify(request.body, request.headers)
    parsed = Delivery.from_json(Delivery.of(receiver, event).to_json()).parse()
    assert (parsed.provider, parsed.type, parsed.id) == ("acme", "invoice.paid", "msg_1")


def test_a_receiver_for_parsing_cannot_verify() -> None:
    receiver = authhooks.Userfront.for_parsing({"mode": "live"})
    assert receiver.mode == "live"
    with pytest.raises(ConfigurationError):
        receiver.verify(b"{}", {"Authorization": "Bearer x"})
    with pytest.raises(ConfigurationError):
        authhooks.Userfront.for_parsing({"api_key": "x"})  # secrets are not parse options


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"[]",
        b'{"format": 2}',
        b'{"format": 1}',
        b'{"format": 1, "provider": "userfront", "payload": "!!"}',
        b'{"format": 1, "provider": 5, "payload": ""}',
        json.dumps({"format": 1, "provider": "x", "payload": "", "receiver": []}).encode(),
    ],
)
def test_malformed_deliveries_are_payload_errors(data: bytes) -> None:
    with pytest.raises(PayloadError):
        Delivery.from_json(data)


def test_an_unregistered_provider_is_a_configuration_error() -> None:
    delivery = Delivery(provider="nobody", payload=b"{}")
    with pytest.raises(ConfigurationError):
        delivery.parse()
