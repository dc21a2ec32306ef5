"""Auth0 log streams (Custom Webhook): the stream's Authorization token (no signature), and a
batch of log records in each content format: JSON lines, a JSON array, a JSON object."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from authhooks import (
    Auth0,
    Batch,
    ConfigurationError,
    InvalidSignatureError,
    MissingHeaderError,
    PayloadError,
)
from authhooks.batch import MAX_BATCH_EVENTS
from authhooks.providers import get
from authhooks.providers.auth0 import (
    FORMATS,
    Auth0GenericEvent,
    FailedLogin,
    FailedLoginIncorrectPassword,
    SuccessLogout,
    SuccessSignup,
    auth0_body,
    sign_auth0,
)

TOKEN = "Bearer a0-log-stream-token-0123456789abcdef"
AUTH = {"Authorization": TOKEN, "Content-Type": "application/json"}

# Real records of an Auth0 tenant, as a log stream sends them (Elastic's Auth0 integration
# test captures, the ss / fp / slo events): one per line, as JSON lines bodies hold them.
SIGNUP = (
    b'{"log_id":"90020211103032120540334468831529038137311930506436149346","data":{"date":'
    b'"2021-11-03T03:21:19.503Z","type":"ss","description":"","connection":'
    b'"Username-Password-Authentication","connection_id":"con_1a5wCUmAs6VOU17n","client_id":'
    b'"360yuN1BXP4u3tBChK5VOgekgGJ7CwLL","client_name":"All Applications","ip":"35.160.3.103",'
    b'"user_agent":"unknown","details":{"body":{"client_id":"360yuN1BXP4u3tBChK5VOgekgGJ7CwLL",'
    b'"tenant":"dev-yoj8axza","email":"neo@test.com","password":"*****","connection":'
    b'"Username-Password-Authentication"}},"user_id":"auth0|6182002f34f4dd006b05b5c7",'
    b'"user_name":"neo@test.com","strategy":"auth0","strategy_type":"database","log_id":'
    b'"90020211103032120540334468831529038137311930506436149346"}}'
)
WRONG_PASSWORD = (
    b'{"log_id":"90020211103082515482106767167326018758436529088273317970","data":{"date":'
    b'"2021-11-03T08:25:14.466Z","type":"fp","description":"Wrong email or password.",'
    b'"connection":"Username-Password-Authentication","connection_id":"con_1a5wCUmAs6VOU17n",'
    b'"client_id":"aI61p8I8aFjmYRliLWgvM9ev97kCCNDB","client_name":"Default App","ip":'
    b'"81.2.69.143","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/'
    b'537.36 (KHTML, like Gecko) Chrome/95.0.4638.69 Safari/537.36","details":{"error":'
    b'{"message":"Wrong email or password."}},"user_id":"auth0|61823277a44a21007221a59a",'
    b'"user_name":"new@test.com","strategy":"auth0","strategy_type":"database","log_id":'
    b'"90020211103082515482106767167326018758436529088273317970"}}'
)
LOGOUT = (
    b'{"log_id":"90020211103055400418223355659153263714766654532376068162","data":{"date":'
    b'"2021-11-03T05:53:57.546Z","type":"slo","connection":"Username-Password-Authentication",'
    b'"connection_id":"con_1a5wCUmAs6VOU17n","client_id":"aI61p8I8aFjmYRliLWgvM9ev97kCCNDB",'
    b'"client_name":"Default App","ip":"114.76.60.57","user_agent":"Mozilla/5.0 (X11; Ubuntu; '
    b'Linux x86_64; rv:93.0) Gecko/20100101 Firefox/93.0","details":{"return_to":'
    b'"http://localhost:3000","allowed_logout_url":["http://localhost:3000"],"session_id":'
    b'"1TAd-7tsPYzxWudzqfHYXN0e6q1D0GSc"},"hostname":"dev-yoj8axza.au.auth0.com","user_id":'
    b'"auth0|6182002f34f4dd006b05b5c7","user_name":"morpheus@test.com","log_id":'
    b'"90020211103055400418223355659153263714766654532376068162"}}'
)
RECORDS = (SIGNUP, WRONG_PASSWORD, LOGOUT)
IDS = [json.loads(r)["log_id"] for r in RECORDS]
CLASSES = [SuccessSignup, FailedLoginIncorrectPassword, SuccessLogout]
# Auth0's own test body for a JSON array stream (its Slack log stream example): no top-level
# log_id, the id inside data.
AUTH0_TEST_ARRAY = (
    b'[{"data": {"type": "f", "description": "Test failure", "client_id": "TestClientId", '
    b'"client_name": "Test Client Name", "log_id": "abc1234567890"}}]'
)


def _check(batch: Batch[Any]) -> None:
    assert isinstance(batch, Batch)
    assert batch.provider == "auth0"
    assert [e.id for e in batch] == IDS
    assert [type(e) for e in batch] == CLASSES
    assert [e.kind for e in batch] == ["user.created", "auth.failed", "session.ended"]
    assert [e.raw for e in batch] == [json.loads(r) for r in RECORDS]
    assert batch[1].data.details == {"error": {"message": "Wrong email or password."}}
    assert batch[0].occurred_at is not None
    assert batch[0].occurred_at.isoformat() == "2021-11-03T03:21:19.503000+00:00"


@pytest.mark.parametrize(
    "body",
    [
        b"\n".join(RECORDS) + b"\n",
        b"\n".join(RECORDS),  # no final newline
        b"\r\n".join(RECORDS) + b"\r\n",
        b"\n\n" + b"\n\n".join(RECORDS) + b"\n\n",  # blank lines
        b"\n".join(b"  " + r + b" \t" for r in RECORDS),
    ],
)
def test_json_lines_in_each_layout(body: bytes) -> None:
    batch = Auth0(TOKEN).verify(body, AUTH)
    _check(batch)
    assert batch.raw == [json.loads(r) for r in RECORDS]


@pytest.mark.parametrize("spelled", ["jsonarray", "JSONARRAY", "JsonArray"])
def test_a_json_array(spelled: str) -> None:
    body = b"[" + b",".join(RECORDS) + b"]"
    _check(Auth0(TOKEN, format=spelled).verify(body, AUTH))
    pretty = json.dumps([json.loads(r) for r in RECORDS], indent=2).encode()
    _check(Auth0(TOKEN, format=spelled).verify(pretty, AUTH))


@pytest.mark.parametrize("record", RECORDS)
def test_a_json_object_is_one_record(record: bytes) -> None:
    batch = Auth0(TOKEN, format="JSONOBJECT").verify(record, AUTH)
    assert len(batch) == 1
    assert batch[0].raw == json.loads(record)
    assert batch.raw == json.loads(record)


def test_auth0s_own_test_body_without_a_top_level_log_id() -> None:
    (event,) = Auth0(TOKEN, format="jsonarray").verify(AUTH0_TEST_ARRAY, AUTH)
    assert isinstance(event, FailedLogin)
    assert (event.id, event.kind, event.occurred_at) == ("abc1234567890", "auth.failed", None)


def test_the_signer_writes_each_format_and_the_receiver_reads_it() -> None:
    records = [json.loads(r) for r in RECORDS]
    for format in FORMATS:
        chosen = records[:1] if format == "jsonobject" else records
        request = sign_auth0(chosen, token=TOKEN, format=format)
        assert request.headers["Authorization"] == TOKEN
        batch = Auth0(TOKEN, format=format).verify(request.body, request.headers)
        assert [e.raw for e in batch] == chosen
    assert auth0_body(records).count(b"\n") == 3
    with pytest.raises(ValueError, match="one record"):
        auth0_body(records, "jsonobject")


@pytest.mark.parametrize(
    ("format", "body", "hint"),
    [
        ("jsonlines", b"[" + SIGNUP + b"]", "jsonarray"),
        ("jsonarray", SIGNUP, "jsonobject"),
        ("jsonobject", b"[" + SIGNUP + b"]", "jsonarray"),
        ("jsonarray", b'"text"', None),
        ("jsonobject", b"42", None),
    ],
)
def test_a_body_in_another_format_names_the_setting(
    format: str, body: bytes, hint: str | None
) -> None:
    with pytest.raises(PayloadError) as caught:
        Auth0(TOKEN, format=format).verify(body, AUTH)
    if hint is not None:
        assert f'format="{hint}"' in str(caught.value)


@pytest.mark.parametrize(
    ("format", "body", "field"),
    [
        ("jsonlines", SIGNUP + b"\n{not json}\n", "line 2"),
        ("jsonlines", SIGNUP + b"\n" + b'{"log_id": "x"}', "events.1.data"),
        ("jsonlines", b'{"log_id": "x", "data": {"date": "2021-11-03"}}', "events.0.data.type"),
        ("jsonlines", b'{"log_id": "x", "data": {"type": 5}}', "events.0.data.type"),
        ("jsonlines", b'{"log_id": "x", "data": []}', "events.0.data"),
        ("jsonlines", b"7\n", "events.0"),
        ("jsonarray", b"[]", None),
        ("jsonarray", b"[" + SIGNUP + b", 3]", "events.1"),
        ("jsonlines", b"\n\n", None),
        ("jsonlines", b'{"log_id": 5, "data": {"type": "s"}}', "events.0.log_id"),
    ],
)
def test_a_malformed_record_is_a_payload_error_naming_it(
    format: str, body: bytes, field: str | None
) -> None:
    with pytest.raises(PayloadError) as caught:
        Auth0(TOKEN, format=format).verify(body, AUTH)
    if field is not None:
        assert caught.value.field is not None
        assert caught.value.field.startswith(field), caught.value.field


def test_too_many_lines_are_refused() -> None:
    line = b'{"data":{"type":"s"}}\n'
    body = line * (MAX_BATCH_EVENTS + 1)
    with pytest.raises(PayloadError, match="more than"):
        Auth0(TOKEN, max_body_size=len(body)).verify(body, AUTH)


def test_an_unknown_log_type_is_the_generic_event() -> None:
    record = json.loads(SIGNUP)
    record["data"]["type"] = "some_new_code"
    record["data"]["brand_new_field"] = {"kept": True}
    (event,) = Auth0(TOKEN).verify(json.dumps(record).encode(), AUTH)
    assert isinstance(event, Auth0GenericEvent)
    assert (event.type, event.kind) == ("some_new_code", None)
    assert event.data.model_extra == {"brand_new_field": {"kept": True}}


def test_a_record_without_any_id_gets_the_digest_of_its_own_record() -> None:
    one = b'{"data":{"type":"s","date":"2021-11-03T03:21:19.503Z"}}'
    two = b'{"data":{"type":"s","date":"2021-11-03T03:21:20.503Z"}}'
    batch = Auth0(TOKEN).verify(one + b"\n" + two, AUTH)
    assert len(batch[0].id) == 64
    assert batch[0].id != batch[1].id
    assert Auth0(TOKEN).verify(one, AUTH)[0].id == batch[0].id


def test_the_token_is_compared_whole_as_typed() -> None:
    body = b"\n".join(RECORDS)
    receiver = Auth0(TOKEN)
    for wrong in (TOKEN[7:], TOKEN.lower(), TOKEN + "0", "Bearer " + TOKEN):
        with pytest.raises(InvalidSignatureError):
            receiver.verify(body, {"Authorization": wrong})
    with pytest.raises(MissingHeaderError):
        receiver.verify(body, {"Content-Type": "application/json"})
    rotated = Auth0(["an-old-stream-token-0123456789", TOKEN])
    assert len(rotated.verify(body, AUTH)) == 3


def test_configuration_mistakes() -> None:
    for format in ("ndjson", "json", "", None, 3):
        with pytest.raises(ConfigurationError):
            Auth0(TOKEN, format=format)  # type: ignore[arg-type]
    for token in ("", f" {TOKEN}", f"'{TOKEN}'"):
        with pytest.raises(ConfigurationError):
            Auth0(token)


def test_repr_and_errors_never_show_the_token() -> None:
    receiver = Auth0(TOKEN, format="jsonarray")
    assert repr(receiver) == "Auth0(tokens=1, format='jsonarray')"
    with pytest.raises(InvalidSignatureError) as caught:
        receiver.verify(b"[]", {"Authorization": TOKEN + "x"})
    assert "0123456789abcdef" not in str(caught.value)


def test_the_format_travels_with_a_stored_delivery() -> None:
    body = b"[" + b",".join(RECORDS) + b"]"
    receiver = Auth0(TOKEN, format="jsonarray")
    assert receiver.parse_state() == {"format": "jsonarray"}
    worker = Auth0.for_parsing(receiver.parse_state())
    _check(worker.parse(body))
    assert Auth0.for_parsing().format == "jsonlines"
    with pytest.raises(ConfigurationError):
        Auth0.for_parsing({"format": "xml"})


def test_the_async_path_returns_the_same_batch() -> None:
    body = b"\n".join(RECORDS)
    receiver = Auth0(TOKEN)
    assert asyncio.run(receiver.averify(body, AUTH)) == receiver.verify(body, AUTH)


def test_every_sample_parses_into_its_class_with_its_kind() -> None:
    entry = get("auth0")
    receiver = Auth0(TOKEN)
    parser = receiver.parser
    samples = entry.sample_events()
    assert set(samples) == set(parser.types)
    for name in samples:
        record = entry.sample(name)
        (event,) = receiver.verify(json.dumps(record).encode(), AUTH)
        assert type(event) is parser.classes[name], name
        assert event.type == name
        assert event.kind == type(event).event_kind
        assert event.id == (record.get("log_id") or record["data"]["log_id"])


#: The cross-provider kinds, pinned; every other typed log type has none.
KINDS = {
    "s": "auth.succeeded",
    "f": "auth.failed",
    "fp": "auth.failed",
    "fu": "auth.failed",
    "gd_auth_failed": "auth.failed",
    "gd_auth_rejected": "auth.failed",
    "ss": "user.created",
    "sv": "user.updated",
    "sce": "user.updated",
    "scu": "user.updated",
    "scpn": "user.updated",
    "sdu": "user.deleted",
    "du": "user.deleted",
    "slo": "session.ended",
    "scp": "credentials.changed",
    "scpr": "password_reset.requested",
    "limit_wc": "user.locked",
    "limit_sul": "user.locked",
    "ublkdu": "user.unlocked",
    "gd_enrollment_complete": "mfa.enabled",
    "gd_unenroll": "mfa.disabled",
    "organization_member_added": "tenant.member_added",
    "si": "tenant.invitation_accepted",
}


@pytest.mark.parametrize("name", get("auth0").sample_events())
def test_each_log_type_has_its_pinned_kind(name: str) -> None:
    (event,) = Auth0(TOKEN).verify(json.dumps(get("auth0").sample(name)).encode(), AUTH)
    assert event.kind == KINDS.get(name)


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", 1_700_000_000_000, 10**25, {}],
    ids=repr,
)
def test_a_poison_date_is_none_and_the_delivery_still_parses(value: Any) -> None:
    record = json.loads(SIGNUP)
    record["data"]["date"] = value
    body = json.dumps(record).encode() + b"\n" + WRONG_PASSWORD
    batch = Auth0(TOKEN).verify(body, AUTH)
    assert batch[0].occurred_at is None
    assert batch[0].raw["data"]["date"] == value
    assert batch[1].occurred_at is not None
