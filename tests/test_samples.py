from __future__ import annotations

import json

import pytest

from authhooks.batch import events_of
from authhooks.samples import load_sample, sample_events, sample_providers


def test_providers_have_samples() -> None:
    assert "userfront" in sample_providers()


def test_userfront_has_all_six() -> None:
    assert sample_events("userfront") == [
        "tenant.create",
        "tenant.delete",
        "tenant.update",
        "user.create",
        "user.delete",
        "user.update",
    ]


def test_load_returns_a_fresh_copy() -> None:
    first = load_sample("userfront", "user.create")
    first["record"] = None
    assert load_sample("userfront", "user.create")["record"] is not None


def test_unknown_samples() -> None:
    with pytest.raises(LookupError):
        sample_events("nobody")
    with pytest.raises(LookupError):
        load_sample("userfront", "user.exploded")


AUTHCORE_EVENTS = [
    "organization.created",
    "organization.deleted",
    "organization.member_added",
    "organization.member_removed",
    "organization.updated",
    "security.2fa_disabled",
    "security.2fa_enabled",
    "security.account_locked",
    "security.suspicious_login",
    "subscription.canceled",
    "subscription.created",
    "subscription.renewed",
    "subscription.updated",
    "user.created",
    "user.deleted",
    "user.email_verified",
    "user.updated",
]

THEAUTHAPI_TOPICS = [
    "access-key.created",
    "access-key.deleted",
    "access-key.updated",
    "api-key.created",
    "api-key.deleted",
    "api-key.firstUsed",
    "api-key.updated",
    "project.updated",
]


def test_authcore_has_all_seventeen() -> None:
    assert "authcore" in sample_providers()
    assert sample_events("authcore") == AUTHCORE_EVENTS


def test_theauthapi_has_all_eight() -> None:
    assert "theauthapi" in sample_providers()
    assert sample_events("theauthapi") == THEAUTHAPI_TOPICS


@pytest.mark.parametrize("event", AUTHCORE_EVENTS)
def test_authcore_samples_validate_with_the_typed_models(event: str) -> None:
    from authhooks.providers.authcore import AuthCoreGenericEvent
    from authhooks.providers.authcore.models import PARSER

    payload = load_sample("authcore", event)
    parsed = PARSER.parse(json.dumps(payload).encode())
    assert not isinstance(parsed, AuthCoreGenericEvent)
    assert parsed.type == event
    assert parsed.id == payload["id"]
    assert parsed.kind is not None
    assert parsed.occurred_at is not None
    assert not parsed.model_extra
    assert not parsed.data.model_extra  # every sample field is a typed field


@pytest.mark.parametrize("topic", THEAUTHAPI_TOPICS)
def test_theauthapi_samples_validate_with_the_typed_models(topic: str) -> None:
    from authhooks.providers.theauthapi import TheAuthAPIGenericEvent
    from authhooks.providers.theauthapi.models import PARSER

    payload = load_sample("theauthapi", topic)
    assert payload["topic"] == topic
    document = {"type": payload["topic"], "data": payload["data"]}
    parsed = PARSER.parse_document(document, json.dumps(payload).encode(), raw=payload)
    assert not isinstance(parsed, TheAuthAPIGenericEvent)
    assert parsed.kind is not None
    assert not parsed.data.model_extra  # every sample field is a typed field


def test_frontegg_samples_validate_as_their_typed_events() -> None:
    from authhooks.providers.frontegg import FronteggGenericEvent
    from authhooks.providers.frontegg.models import EVENT_KEYS, PARSER

    names = sample_events("frontegg")
    assert sorted(names) == sorted(EVENT_KEYS)
    assert len(names) == 22
    for name in names:
        event = PARSER.parse(json.dumps(load_sample("frontegg", name)).encode())
        assert not isinstance(event, FronteggGenericEvent), name
        assert event.type == name


def test_akamai_samples_validate_as_their_typed_events() -> None:
    from authhooks.providers.akamai import AkamaiGenericEvent
    from authhooks.providers.akamai.models import PARSER

    names = sample_events("akamai")
    assert names == [
        "entityCreated",
        "entityDeleted",
        "entityUpdated",
        "test",
        "userCredentialUpdated",
    ]
    for name in names:
        claims = load_sample("akamai", name)
        event = PARSER.parse_document(claims, json.dumps(claims).encode())
        assert not isinstance(event, AkamaiGenericEvent), name
        assert event.type == name
        assert event.id == claims["events"][name]["id"]
        assert {"iss", "iat", "jti", "aud", "toe", "events"} <= set(claims)


# -- every shipped sample parses into its typed model ------------------------------------------

from authhooks._demo import demo_providers  # noqa: E402

_DEMOS = {demo.name: demo for demo in demo_providers()}
_SAMPLES = [(p, e) for p in sample_providers() for e in sample_events(p)]


def test_every_provider_with_samples_has_a_demo() -> None:
    assert set(sample_providers()) == set(_DEMOS)


def test_every_demo_event_has_a_sample() -> None:
    for demo in _DEMOS.values():
        assert demo.event in sample_events(demo.name)


@pytest.mark.parametrize(("provider", "event"), _SAMPLES, ids=[f"{p}:{e}" for p, e in _SAMPLES])
def test_sample_verifies_into_its_typed_event(provider: str, event: str) -> None:
    demo = _DEMOS[provider]
    request = demo.sign(load_sample(provider, event))
    verified = demo.make_receiver().verify(request.body, request.headers)
    # A sender of batches (Okta, Auth0): a sample is a delivery of that one event.
    (parsed,) = events_of(verified)
    assert verified.provider == parsed.provider == provider
    assert parsed.type == event
    # A shipped sample is a known event: it never falls back to the generic model.
    assert "Generic" not in type(parsed).__name__
    assert parsed.id
    assert parsed.raw is not None
