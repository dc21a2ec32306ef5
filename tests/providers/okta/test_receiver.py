"""Okta event hooks: the authentication header configured on the hook (no signature), the
envelope around a batch of System Log events, and the one-time verification request."""

from __future__ import annotations

import asyncio
import base64
import copy
import json
import warnings
from typing import Any

import pytest

from authhooks import (
    Batch,
    ConfigurationError,
    InvalidHeaderError,
    InvalidSignatureError,
    MissingHeaderError,
    Okta,
    PayloadError,
)
from authhooks.batch import MAX_BATCH_EVENTS
from authhooks.providers import get
from authhooks.providers.okta import (
    OktaGenericEvent,
    UserSessionStart,
    okta_delivery,
    okta_verification_request,
    sign_okta,
)

# What Okta's guides set up: HTTP Basic credentials typed, with their word, as the secret.
BASIC = "Basic " + base64.b64encode(b"admin:supersecret").decode()
OTHER = "Basic " + base64.b64encode(b"admin:not-the-secret").decode()
# The request of Okta's support article "Unable to verify event hook", verbatim headers.
CHALLENGE = "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg"
SUPPORT_GET = {
    "User-Agent": "Okta-Integrations",
    "Accept": "application/json",
    "X-Okta-Request-Id": "XOZfPkReFFZ10KWyGkzAMwAAADA",
    "X-Okta-Verification-Challenge": CHALLENGE,
    "x-any-key": "my-header-value",
    "Authorization": "my-shared-secret",
    "Host": "example.com",
}

OKTA = get("okta")


def _delivery(*events: dict[str, Any], event_id: str = "85b60edb-4263") -> bytes:
    return json.dumps(okta_delivery(list(events), event_id=event_id)).encode()


def _session_start() -> dict[str, Any]:
    event: dict[str, Any] = OKTA.sample("user.session.start")["data"]["events"][0]
    return event


def test_the_docs_sample_delivery_is_one_batch_checked_once() -> None:
    body = json.dumps(OKTA.sample("user.session.start")).encode()
    batch = Okta(BASIC).verify(body, {"Authorization": BASIC})
    assert isinstance(batch, Batch)
    assert (batch.provider, batch.id, len(batch)) == (
        "okta",
        "85b60edb-4263-4e13-993b-818e26201052",
        1,
    )
    (event,) = batch
    assert isinstance(event, UserSessionStart)
    assert (event.id, event.kind) == ("f1d0b993-cc19-11ed-a688-db22c99ef6c4", "auth.succeeded")
    assert event.raw == json.loads(body)["data"]["events"][0]
    assert batch.raw["eventType"] == "com.okta.event_hook"


def test_many_events_in_one_delivery_keep_their_order_ids_and_classes() -> None:
    first, second = _session_start(), _session_start()
    second["uuid"], second["eventType"] = "second-uuid", "user.lifecycle.create"
    third = {**_session_start(), "uuid": "third-uuid", "eventType": "user.somethingnew"}
    batch = Okta(BASIC).verify(_delivery(first, second, third), {"Authorization": BASIC})
    assert [e.id for e in batch] == [first["uuid"], "second-uuid", "third-uuid"]
    assert [e.kind for e in batch] == ["auth.succeeded", "user.created", None]
    assert isinstance(batch[2], OktaGenericEvent)
    assert batch[2].type == "user.somethingnew"
    assert batch[1:] == (batch.events[1], batch.events[2])


@pytest.mark.parametrize(
    ("result", "kind"),
    [("SUCCESS", "auth.succeeded"), ("ALLOW", "auth.succeeded"), ("FAILURE", "auth.failed"),
     ("DENY", "auth.failed"), ("CHALLENGE", None), ("UNKNOWN", None), (None, None)],
)  # fmt: skip
def test_a_sign_in_kind_follows_its_outcome(result: str | None, kind: str | None) -> None:
    event = _session_start()
    event["outcome"] = {"result": result, "reason": "INVALID_CREDENTIALS"}
    (parsed,) = Okta(BASIC).verify(_delivery(event), {"Authorization": BASIC})
    assert parsed.kind == kind


def test_the_header_value_is_compared_whole_as_typed() -> None:
    body = _delivery(_session_start())
    receiver = Okta(BASIC)
    assert len(receiver.verify(body, {"authorization": BASIC})) == 1
    for wrong in (OTHER, BASIC.lower(), BASIC[6:], "Bearer " + BASIC[6:], BASIC + "x"):
        with pytest.raises(InvalidSignatureError):
            receiver.verify(body, {"Authorization": wrong})
    with pytest.raises(MissingHeaderError):
        receiver.verify(body, {"Content-Type": "application/json"})


def test_a_custom_header_and_rotation() -> None:
    body = _delivery(_session_start())
    receiver = Okta(["old-shared-secret-value", "new-shared-secret-value"], header="X-Hook-Key")
    for secret in ("old-shared-secret-value", "new-shared-secret-value"):
        assert len(receiver.verify(body, {"x-hook-key": secret})) == 1
    with pytest.raises(MissingHeaderError):  # Authorization is not the configured header
        receiver.verify(body, {"Authorization": "new-shared-secret-value"})
    assert repr(receiver) == "Okta(secrets=2, header='X-Hook-Key')"


def test_a_basic_secret_does_not_warn_and_a_pasted_mistake_is_refused() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Okta(BASIC)
    for mistake in (f" {BASIC}", f'"{BASIC}"', BASIC + "\n", ""):
        with pytest.raises(ConfigurationError):
            Okta(mistake)


def test_repr_and_errors_never_show_the_secret() -> None:
    receiver = Okta(BASIC)
    assert "c3VwZXJzZWNyZXQ" not in repr(receiver)
    with pytest.raises(InvalidSignatureError) as caught:
        receiver.verify(_delivery(_session_start()), {"Authorization": OTHER})
    assert "c3VwZXJzZWNyZXQ" not in str(caught.value)
    assert "bm90LXRoZS1zZWNyZXQ" not in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'{"eventType": "com.okta.event_hook"}',
        b'{"data": {}}',
        b'{"data": {"events": {}}}',
        b'{"data": {"events": []}}',
        b'{"data": {"events": [1]}}',
        b'{"data": {"events": [{"uuid": "u"}]}}',
        b'{"data": {"events": [{"eventType": 7}]}}',
        b'{"data": {"events": [{"eventType": "user.session.start", "outcome": "x"}]}}',
        b"not json",
    ],
)
def test_a_malformed_delivery_is_a_payload_error(body: bytes) -> None:
    with pytest.raises(PayloadError):
        Okta(BASIC).verify(body, {"Authorization": BASIC})


def test_an_invalid_event_is_named_by_its_position() -> None:
    bad = {**_session_start(), "outcome": "not an object"}
    with pytest.raises(PayloadError) as caught:
        Okta(BASIC).verify(_delivery(_session_start(), bad), {"Authorization": BASIC})
    assert caught.value.field is not None
    assert caught.value.field.startswith("events.1.outcome")


def test_too_many_events_are_refused() -> None:
    tiny = {"eventType": "x", "uuid": "u"}
    body = _delivery(*([tiny] * (MAX_BATCH_EVENTS + 1)))
    with pytest.raises(PayloadError, match="more than"):
        Okta(BASIC, max_body_size=len(body)).verify(body, {"Authorization": BASIC})


def test_an_event_without_uuid_gets_the_digest_of_its_own_record() -> None:
    one, two = _session_start(), _session_start()
    del one["uuid"]
    two.pop("uuid")
    two["displayMessage"] = "another"
    batch = Okta(BASIC).verify(_delivery(one, two), {"Authorization": BASIC})
    assert len(batch[0].id) == 64
    assert batch[0].id != batch[1].id
    again = Okta(BASIC).verify(_delivery(one, event_id="other"), {"Authorization": BASIC})
    assert again[0].id == batch[0].id  # the same event in another delivery: the same key


def test_a_delivery_without_event_id_is_named_by_its_body() -> None:
    document = okta_delivery([_session_start()])
    del document["eventId"]
    body = json.dumps(document).encode()
    batch = Okta(BASIC).verify(body, {"Authorization": BASIC})
    assert len(batch.id) == 64


def test_an_unreadable_time_is_none_and_kept_raw() -> None:
    event = {**_session_start(), "published": "2017-09-31T22:23:07.777Z"}
    (parsed,) = Okta(BASIC).verify(_delivery(event), {"Authorization": BASIC})
    assert parsed.occurred_at is None
    assert parsed.raw["published"] == "2017-09-31T22:23:07.777Z"


def test_the_async_path_returns_the_same_batch() -> None:
    body = _delivery(_session_start())
    receiver = Okta(BASIC)
    assert asyncio.run(receiver.averify(body, {"Authorization": BASIC})) == receiver.verify(
        body, {"Authorization": BASIC}
    )


def test_sign_okta_sends_the_value_as_it_is() -> None:
    request = sign_okta(okta_delivery([_session_start()]), authorization=BASIC)
    assert request.headers["Authorization"] == BASIC
    assert request.method == "POST"
    assert Okta(BASIC).scheme.sign(request.body).headers["Authorization"] == BASIC


# -- the one-time verification request ---------------------------------------------------------


def test_the_support_articles_request_is_answered() -> None:
    receiver = Okta("my-shared-secret")
    assert receiver.challenge_answer("GET", SUPPORT_GET) == {"verification": CHALLENGE}


def test_the_challenge_header_name_is_case_insensitive() -> None:
    headers = {"x-okta-verification-challenge": CHALLENGE, "authorization": BASIC}
    assert Okta(BASIC).challenge_answer("GET", headers) == {"verification": CHALLENGE}


def test_the_built_request_is_answered() -> None:
    request = okta_verification_request(CHALLENGE, authorization=BASIC)
    assert request.method == "GET"
    assert request.body == b""
    answer = Okta(BASIC).challenge_answer(request.method, request.headers)
    assert answer == {"verification": CHALLENGE}


def test_only_a_get_with_the_header_is_a_challenge() -> None:
    receiver = Okta(BASIC)
    assert receiver.challenge_answer("GET", {"Authorization": BASIC}) is None
    for method in ("POST", "PUT", "HEAD", "DELETE"):
        headers = {"X-Okta-Verification-Challenge": CHALLENGE, "Authorization": BASIC}
        assert receiver.challenge_answer(method, headers) is None


def test_the_challenge_needs_the_authentication_header_unless_told_otherwise() -> None:
    headers = {"X-Okta-Verification-Challenge": CHALLENGE}
    with pytest.raises(MissingHeaderError):
        Okta(BASIC).challenge_answer("GET", headers)
    with pytest.raises(InvalidSignatureError):
        Okta(BASIC).challenge_answer("GET", {**headers, "Authorization": OTHER})
    answer = Okta(BASIC, check_challenge=False).challenge_answer("GET", headers)
    assert answer == {"verification": CHALLENGE}


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "two words",
        "a" * 513,
        "caf\u00e9",
        "\u0661\u0662\u0663",  # Arabic-Indic digits
        "tab\there",
    ],
)
def test_a_challenge_that_is_not_a_bounded_printable_token_is_refused(value: str) -> None:
    headers = {"X-Okta-Verification-Challenge": value, "Authorization": BASIC}
    with pytest.raises(InvalidHeaderError) as caught:
        Okta(BASIC).challenge_answer("GET", headers)
    assert caught.value.header == "X-Okta-Verification-Challenge"
    assert BASIC not in str(caught.value)


@pytest.mark.parametrize("value", ["\r\nX-Injected: 1", "a\x00b", "a\nb"])
def test_a_challenge_with_control_characters_is_refused(value: str) -> None:
    headers = {"X-Okta-Verification-Challenge": value, "Authorization": BASIC}
    with pytest.raises(InvalidHeaderError):
        Okta(BASIC).challenge_answer("GET", headers)


def test_a_longest_challenge_and_surrounding_spaces() -> None:
    longest = "A" * 512
    headers = {"X-Okta-Verification-Challenge": f" {longest}\t", "Authorization": BASIC}
    assert Okta(BASIC).challenge_answer("GET", headers) == {"verification": longest}


def test_a_duplicated_challenge_header_is_refused() -> None:
    headers = [("X-Okta-Verification-Challenge", "a"), ("x-okta-verification-challenge", "b")]

    class Pairs(dict[str, str]):
        def items(self) -> Any:
            return iter([*headers, ("Authorization", BASIC)])

    with pytest.raises(InvalidHeaderError):
        Okta(BASIC).challenge_answer("GET", Pairs())


def test_other_receivers_answer_no_challenge() -> None:
    for entry in ("userfront", "clerk", "logto"):
        receiver = get(entry).demo().make_receiver()
        assert receiver.challenge_methods == frozenset()
        assert receiver.challenge_answer("GET", {"X-Okta-Verification-Challenge": "a"}) is None


def test_a_batch_pickles_and_compares() -> None:
    import pickle

    batch = Okta(BASIC).verify(_delivery(_session_start()), {"Authorization": BASIC})
    again = pickle.loads(pickle.dumps(batch))  # noqa: S301 (our own bytes)
    assert again == batch
    assert again.raw == batch.raw
    assert hash(again) == hash(batch)
    assert "Basic" not in repr(batch)
    assert repr(batch).startswith("Batch(provider='okta', id='85b60edb-4263', events=[")
    other = copy.deepcopy(batch)
    assert other == batch


POISON_TIMES = [
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    1_700_000_000_000,
    10**25,
    "+1700000000",
    "2017-09-31T22:23:07.777Z",
    [],
]


@pytest.mark.parametrize("value", POISON_TIMES, ids=repr)
def test_a_poison_time_is_none_and_the_delivery_still_parses(value: Any) -> None:
    event = {**_session_start(), "published": value}
    document = okta_delivery([event, _session_start()])
    document["eventTime"] = value
    body = json.dumps(document).encode()
    batch = Okta(BASIC).verify(body, {"Authorization": BASIC})
    assert batch[0].occurred_at is None
    assert batch[0].raw["published"] == value
    assert batch[1].occurred_at is not None
