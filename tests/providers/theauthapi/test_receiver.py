from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timezone

import pytest
from pydantic import SecretStr

import authhooks
from authhooks import (
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    PayloadError,
    TheAuthAPI,
)
from authhooks.providers.theauthapi import (
    AccessKey,
    AccessKeyCreated,
    AccessKeyDeleted,
    AccessKeyUpdated,
    ApiKey,
    ApiKeyCreated,
    ApiKeyDeleted,
    ApiKeyFirstUsed,
    ApiKeyUpdated,
    Project,
    ProjectUpdated,
    TheAuthAPIEvent,
    TheAuthAPIGenericEvent,
)
from authhooks.samples import load_sample

SECRET = "taa_hook_secret_4f9a2c7e1b"
OTHER = "taa_hook_secret_rotated_88"
API_KEY = "live_access_8kZpQ2vN4xR7tB1mW9cY3fH6jL0sD5gA"  # the key inside the samples
ACCESS_TOKEN = "at_live_Vq3N8sK1pX6wT4mR9bZ2cY7hF0jL5dGu"


def hdrs(value: str | None = f"Bearer {SECRET}", name: str = "Authorization") -> dict[str, str]:
    result = {"Content-Type": "application/json"}
    if value is not None:
        result[name] = value
    return result


@pytest.fixture
def receiver() -> TheAuthAPI:
    return TheAuthAPI(secret=SECRET)


def body_of(topic: str) -> bytes:
    return json.dumps(load_sample("theauthapi", topic)).encode()


EXPECTED: dict[str, tuple[type[TheAuthAPIEvent], type[object], str]] = {
    "api-key.created": (ApiKeyCreated, ApiKey, "api_key.created"),
    "api-key.updated": (ApiKeyUpdated, ApiKey, "api_key.updated"),
    "api-key.deleted": (ApiKeyDeleted, ApiKey, "api_key.deleted"),
    "api-key.firstUsed": (ApiKeyFirstUsed, ApiKey, "api_key.first_used"),
    "access-key.created": (AccessKeyCreated, AccessKey, "api_key.created"),
    "access-key.updated": (AccessKeyUpdated, AccessKey, "api_key.updated"),
    "access-key.deleted": (AccessKeyDeleted, AccessKey, "api_key.deleted"),
    "project.updated": (ProjectUpdated, Project, "project.updated"),
}


@pytest.mark.parametrize("topic", sorted(EXPECTED))
def test_every_topic_parses_typed(receiver: TheAuthAPI, topic: str) -> None:
    cls, entity, kind = EXPECTED[topic]
    body = body_of(topic)
    event = receiver.verify(body, hdrs())
    assert type(event) is cls
    assert isinstance(event, authhooks.TheAuthAPIEvent)
    assert type(event.data) is entity
    assert event.provider == "theauthapi"
    assert event.type == topic
    assert event.kind == kind
    assert event.id == hashlib.sha256(body).hexdigest()
    assert event.occurred_at is None
    assert event.raw == json.loads(body)
    assert not event.data.model_extra


def test_api_key_fields(receiver: TheAuthAPI) -> None:
    event = receiver.verify(body_of("api-key.created"), hdrs())
    assert isinstance(event, ApiKeyCreated)
    key = event.data
    assert isinstance(key.key, SecretStr)
    assert key.key.get_secret_value() == API_KEY
    assert key.name == "Production backend"
    assert key.custom_meta_data == {"team": "payments", "tier": "gold"}
    assert key.custom_account_id == "acct_1042"
    assert key.custom_user_id == "user_88213"
    assert key.env == "live"
    assert key.is_active is True
    assert key.created_at == datetime(2026, 11, 22, 16, 3, 12, 889000, tzinfo=timezone.utc)
    assert key.expiry == datetime(2027, 11, 22, tzinfo=timezone.utc)
    assert key.rate_limit_configs is not None
    assert key.rate_limit_configs.rate_limit == 600
    assert key.rate_limit_configs.rate_limit_ttl == 60
    assert key.allowed_domains == ["api.example.com", "*.example.com"]


def test_access_key_and_project_fields(receiver: TheAuthAPI) -> None:
    event = receiver.verify(body_of("access-key.created"), hdrs())
    assert isinstance(event, AccessKeyCreated)
    assert event.data.key is not None
    assert event.data.key.get_secret_value() == ACCESS_TOKEN
    assert event.data.expiry is None
    assert event.data.rate_limit_configs is None
    project = receiver.verify(body_of("project.updated"), hdrs())
    assert isinstance(project, ProjectUpdated)
    assert project.data.account_id == "acc_7d2e4f"
    assert project.data.created_by_type == "USER"
    assert project.data.last_changed_by == "usr_b27c"


def test_keys_never_appear_in_reprs_or_logs(
    receiver: TheAuthAPI, caplog: pytest.LogCaptureFixture
) -> None:
    for topic in ("api-key.created", "access-key.created"):
        event = receiver.verify(body_of(topic), hdrs())
        with caplog.at_level(logging.INFO):
            logging.getLogger("test").info("received %r / %s", event, event)
        for text in (
            repr(event),
            str(event),
            repr(event.data),
            event.model_dump_json(),
            caplog.text,
        ):
            assert API_KEY not in text
            assert ACCESS_TOKEN not in text
        assert "**********" in repr(event.data)


def test_keys_never_appear_in_payload_errors(receiver: TheAuthAPI) -> None:
    body = json.dumps(
        {"topic": "api-key.created", "data": {"key": API_KEY, "isActive": "perhaps"}}
    ).encode()
    with pytest.raises(PayloadError) as info:
        receiver.verify(body, hdrs())
    assert info.value.field == "data.isActive"  # the field, not the union tag before it
    assert API_KEY not in str(info.value)
    assert API_KEY not in repr(info.value)
    assert all(API_KEY not in message for _, message in info.value.errors)
    assert info.value.raw == json.loads(body)


def test_a_non_string_key_is_a_payload_error_without_its_value(receiver: TheAuthAPI) -> None:
    body = b'{"topic":"api-key.created","data":{"key":{"value":"hidden-9931"}}}'
    with pytest.raises(PayloadError) as info:
        receiver.verify(body, hdrs())
    assert "hidden-9931" not in str(info.value)


# --- topic and entity ---------------------------------------------------------------------


@pytest.mark.parametrize("field", ["topic", "event", "type"])
def test_topic_from_any_of_the_body_fields(receiver: TheAuthAPI, field: str) -> None:
    body = json.dumps({field: "api-key.deleted", "data": {"name": "old"}}).encode()
    event = receiver.verify(body, hdrs())
    assert isinstance(event, ApiKeyDeleted)
    assert event.data.name == "old"


def test_topic_field_order(receiver: TheAuthAPI) -> None:
    body = b'{"type":"project.updated","event":"access-key.updated","topic":"api-key.updated"}'
    assert receiver.verify(body, hdrs()).type == "api-key.updated"
    body = b'{"type":"project.updated","event":"access-key.updated"}'
    assert receiver.verify(body, hdrs()).type == "access-key.updated"


def test_body_without_data_is_the_entity(receiver: TheAuthAPI) -> None:
    body = json.dumps({"event": "api-key.firstUsed", "key": API_KEY, "name": "k"}).encode()
    event = receiver.verify(body, hdrs())
    assert isinstance(event, ApiKeyFirstUsed)
    assert event.data.name == "k"
    assert event.data.key is not None
    assert event.data.key.get_secret_value() == API_KEY
    assert event.data.model_extra == {"event": "api-key.firstUsed"}


def test_topic_from_the_receiver_when_the_body_has_none() -> None:
    receiver = TheAuthAPI(secret=SECRET, topic="api-key.created")
    body = json.dumps({"name": "My first api key test", "key": "random_key_12412569120"}).encode()
    event = receiver.verify(body, hdrs())
    assert isinstance(event, ApiKeyCreated)
    assert event.data.name == "My first api key test"
    body = b'{"topic":"project.updated","data":{"name":"P"}}'
    assert receiver.verify(body, hdrs()).type == "project.updated"  # the body wins


def test_no_topic_anywhere_is_a_payload_error(receiver: TheAuthAPI) -> None:
    for body in (b'{"name":"k"}', b'{"topic":"","data":{}}', b'{"topic":7,"data":{}}'):
        with pytest.raises(PayloadError) as info:
            receiver.verify(body, hdrs())
        assert info.value.field == "topic"
        assert info.value.raw == json.loads(body)


def test_envelope_fields_are_kept(receiver: TheAuthAPI) -> None:
    body = b'{"topic":"project.updated","sentAt":"2026-11-22T16:30:18Z","data":{"id":"p1"}}'
    event = receiver.verify(body, hdrs())
    assert isinstance(event, ProjectUpdated)
    assert event.model_extra == {"topic": "project.updated", "sentAt": "2026-11-22T16:30:18Z"}
    assert event.data.id == "p1"


@pytest.mark.parametrize(
    "body",
    [
        b'{"topic":"webhook.deleted","data":{"id":"w1"}}',
        b'{"topic":"api-key.rotated","data":[1,2]}',
        b'{"event":"account.updated","name":"acme"}',
    ],
)
def test_unknown_topics_parse_generically(receiver: TheAuthAPI, body: bytes) -> None:
    event = receiver.verify(body, hdrs())
    assert type(event) is TheAuthAPIGenericEvent
    assert event.kind is None
    payload = json.loads(body)
    assert event.data == payload.get("data", payload)
    assert event.raw == payload


@pytest.mark.parametrize("body", [b"not json", b"[1]", b'"topic"', b"", b"null", b"{"])
def test_malformed_bodies_are_payload_errors(receiver: TheAuthAPI, body: bytes) -> None:
    with pytest.raises(PayloadError) as info:
        receiver.verify(body, hdrs())
    assert info.value.body == body


# --- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_bearer_is_case_insensitive(receiver: TheAuthAPI, scheme: str) -> None:
    assert receiver.verify(body_of("project.updated"), hdrs(f"{scheme} {SECRET}")).id


@pytest.mark.parametrize(
    "candidate",
    [SECRET[:-1], SECRET[:1], SECRET + "x", SECRET.upper(), f"x{SECRET}", OTHER, "wrong"],
)
def test_prefixes_suffixes_and_other_secrets_fail(receiver: TheAuthAPI, candidate: str) -> None:
    with pytest.raises(InvalidSignatureError) as info:
        receiver.verify(body_of("project.updated"), hdrs(f"Bearer {candidate}"))
    assert info.value.header == "Authorization"
    assert SECRET not in str(info.value)
    if len(candidate) > 5:
        assert candidate not in str(info.value)


@pytest.mark.parametrize("value", [SECRET, f"Basic {SECRET}", "Bearer", "Bearer   "])
def test_default_header_needs_the_bearer_scheme(receiver: TheAuthAPI, value: str) -> None:
    with pytest.raises(InvalidHeaderError):
        receiver.verify(body_of("project.updated"), hdrs(value))


def test_a_custom_header_holds_the_secret_itself() -> None:
    receiver = TheAuthAPI(secret=SECRET, header="X-Hook-Secret")
    body = body_of("api-key.updated")
    assert receiver.verify(body, {"x-hook-secret": SECRET}).type == "api-key.updated"
    assert receiver.verify(body, {"X-Hook-Secret": f"  {SECRET} "}).type == "api-key.updated"
    for value in (f"Bearer {SECRET}", SECRET[:-1], SECRET + "0", SECRET.upper()):
        with pytest.raises(InvalidSignatureError) as info:
            receiver.verify(body, {"X-Hook-Secret": value})
        assert info.value.header == "X-Hook-Secret"
    with pytest.raises(MissingHeaderError):
        receiver.verify(body, hdrs())


def test_rotation_accepts_every_listed_secret() -> None:
    receiver = TheAuthAPI(secret=[SECRET, OTHER])
    body = body_of("access-key.deleted")
    for secret in (SECRET, OTHER):
        assert receiver.verify(body, hdrs(f"Bearer {secret}")).type == "access-key.deleted"
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, hdrs("Bearer third"))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"secret": ""},
        {"secret": ["  "]},
        {"secret": SECRET, "header": " "},
        {"secret": SECRET, "topic": ""},
        {"secret": SECRET, "topic": 5},
        {"secret": SECRET, "max_body_size": -1},
    ],
)
def test_bad_configuration_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        TheAuthAPI(**kwargs)  # type: ignore[arg-type]


def test_repr_hides_secrets() -> None:
    receiver = TheAuthAPI(secret=[SECRET, OTHER], header="X-Hook-Secret", topic="project.updated")
    text = repr(receiver)
    assert SECRET not in text
    assert OTHER not in text
    assert "secrets=2" in text


def test_changing_any_character_of_the_secret_is_rejected() -> None:
    body = body_of("api-key.created")
    for header, receiver, template in (
        ("Authorization", TheAuthAPI(secret=SECRET), "Bearer {}"),
        ("X-Hook-Secret", TheAuthAPI(secret=SECRET, header="X-Hook-Secret"), "{}"),
    ):
        for i, char in enumerate(SECRET):
            forged = SECRET[:i] + ("x" if char != "x" else "y") + SECRET[i + 1 :]
            with pytest.raises(InvalidSignatureError):
                receiver.verify(body, {header: template.format(forged)})


# --- keys are masked whatever the topic -----------------------------------------------------

#: Every spelling of a key-bearing name the masking must catch, at any depth.
KEY_NAMES = [
    "key",
    "Key",
    "KEY",
    "apiKey",
    "api_key",
    "API-KEY",
    "accessKey",
    "access_key",
    "secretKey",
    "privateKey",
    "secret",
    "clientSecret",
    "token",
    "accessToken",
    "refresh_token",
    "password",
    "keys",
    "apiKeys",
]


def _texts(event: TheAuthAPIEvent) -> list[str]:
    return [
        repr(event),
        str(event),
        repr(event.data),
        str(event.data),
        repr(event.model_dump()),
        str(event.model_dump()),
        event.model_dump_json(),
        json.dumps(event.model_dump(mode="json")),
    ]


@pytest.mark.parametrize("name", KEY_NAMES)
@pytest.mark.parametrize("topic", ["api-key.rotated", "api-key.created", "project.updated"])
def test_keys_are_masked_known_topic_or_not(receiver: TheAuthAPI, topic: str, name: str) -> None:
    secret = f"live_{name}_Zq81x"
    value: object = [secret, secret] if name.lower().endswith("s") else secret
    data = {
        name: value,
        "name": "visible-name",
        "customMetaData": {"deploy": {name: value}},
        "history": [{"previous": {name: value}}],
    }
    body = json.dumps({"topic": topic, "data": data, name: value}).encode()
    event = receiver.verify(body, hdrs())
    for text in _texts(event):
        assert secret not in text, (topic, name, text)
        assert "visible-name" in text  # nothing else is hidden
    assert event.raw == json.loads(body)  # raw keeps everything, in clear


def test_a_masked_key_is_still_readable(receiver: TheAuthAPI) -> None:
    body = b'{"topic":"api-key.rotated","data":{"apiKey":"k-123","nested":{"token":"t-9"}}}'
    event = receiver.verify(body, hdrs())
    assert type(event) is TheAuthAPIGenericEvent
    assert isinstance(event.data["apiKey"], SecretStr)
    assert event.data["apiKey"].get_secret_value() == "k-123"
    assert event.data["nested"]["token"].get_secret_value() == "t-9"


def test_extra_key_fields_of_known_entities_are_masked(receiver: TheAuthAPI) -> None:
    body = json.dumps(
        {"topic": "access-key.created", "data": {"key": API_KEY, "secretKey": ACCESS_TOKEN}}
    ).encode()
    event = receiver.verify(body, hdrs())
    assert isinstance(event, AccessKeyCreated)
    assert event.data.model_extra is not None
    assert event.data.model_extra["secretKey"].get_secret_value() == ACCESS_TOKEN
    for text in _texts(event):
        assert API_KEY not in text
        assert ACCESS_TOKEN not in text


@pytest.mark.parametrize("name", ["keyId", "keyName", "isActive", "tokenType", "monkey-wrench"])
def test_names_that_only_mention_a_key_are_not_masked(receiver: TheAuthAPI, name: str) -> None:
    body = json.dumps({"topic": "api-key.rotated", "data": {name: "plain-value"}}).encode()
    assert receiver.verify(body, hdrs()).data == {name: "plain-value"}


# --- the id of a body without one -------------------------------------------------------------


def test_the_id_includes_the_configured_topic() -> None:
    body = b'{"name":"k","key":"random_key_12412569120"}'
    created = TheAuthAPI(secret=SECRET, topic="api-key.created").verify(body, hdrs())
    updated = TheAuthAPI(secret=SECRET, topic="api-key.updated").verify(body, hdrs())
    # The same body delivered to two topic URLs is two events.
    assert created.id != updated.id
    again = TheAuthAPI(secret=SECRET, topic="api-key.created").verify(body, hdrs())
    assert again.id == created.id  # and a redelivery is the same event
    assert len(created.id) == 64
    int(created.id, 16)


def test_without_a_configured_topic_the_id_is_the_body_hash(receiver: TheAuthAPI) -> None:
    body = body_of("api-key.created")
    assert receiver.verify(body, hdrs()).id == hashlib.sha256(body).hexdigest()
    configured = TheAuthAPI(secret=SECRET, topic="api-key.created").verify(body, hdrs())
    assert configured.id != hashlib.sha256(body).hexdigest()


def test_topic_and_body_cannot_be_traded_for_one_another() -> None:
    # "ab" + "c" and "a" + "bc" must not hash alike.
    first = TheAuthAPI(secret=SECRET, topic="x:").verify(b'{"topic":"t","a":1}', hdrs())
    second = TheAuthAPI(secret=SECRET, topic="x").verify(b'{"topic":"t","a":1}', hdrs())
    assert first.id != second.id


def test_the_id_survives_copies_and_pickling() -> None:
    import pickle

    event = TheAuthAPI(secret=SECRET, topic="api-key.created").verify(b'{"name":"k"}', hdrs())
    assert pickle.loads(pickle.dumps(event)).id == event.id  # noqa: S301
    assert event.model_copy().id == event.id


# --- header text ----------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Authorization", "X-Webhook-Secret"])
@pytest.mark.parametrize("text", [chr(0xD800), SECRET + chr(0xDFFF), chr(0xDC00)])
def test_unencodable_header_text_is_an_invalid_header(header: str, text: str) -> None:
    receiver = TheAuthAPI(secret=SECRET, header=header)
    value = f"Bearer {text}" if header == "Authorization" else text
    with pytest.raises(InvalidHeaderError):
        receiver.verify(body_of("api-key.created"), hdrs(value, name=header))


@pytest.mark.parametrize("around", ["\u00a0", "\u2003", "\x1f", "\x85", "\u3000"])
def test_only_spaces_and_tabs_around_a_custom_header_are_skipped(around: str) -> None:
    receiver = TheAuthAPI(secret=SECRET, header="X-Webhook-Secret")
    body = body_of("api-key.created")
    assert receiver.verify(body, hdrs(f" \t{SECRET} ", name="X-Webhook-Secret"))
    with pytest.raises(InvalidSignatureError):
        receiver.verify(body, hdrs(f"{around}{SECRET}{around}", name="X-Webhook-Secret"))
