"""What is kept of a request: secrets redacted for every provider, bodies as the policy says,
the redaction hook, bounded text."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

import authhooks
from authhooks import providers
from authhooks.log import REDACTED, DeliveryLog, Kept, drop_fields
from authhooks.log._capture import bounded, kept_headers
from tests.log._wiring import deliver
from tests.log.conftest import KEY, sign

PROVIDERS = providers.names()


def _secrets_of(request: Any, receiver: Any) -> list[str]:
    """The values of the request's headers that carry a credential."""
    wanted = {name.lower() for name in receiver.scheme.credential_headers} | {"authorization"}
    return [
        value
        for name, value in request.headers.items()
        if name.lower() in wanted and len(value) >= 8
    ]


@pytest.mark.parametrize("name", PROVIDERS)
def test_no_credential_of_any_provider_reaches_the_database(name: str, tmp_path: Path) -> None:
    entry = providers.get(name)
    demo = entry.demo()
    receiver = demo.make_receiver()
    genuine = demo.sign(entry.sample())
    forged = demo.forge(entry.sample())
    log = DeliveryLog(tmp_path / "log.db", logger="tests.quiet")
    status, accepted = deliver(log, receiver, genuine.body, genuine.headers)
    refused_status, refused = deliver(log, receiver, forged.body, forged.headers)
    assert log.flush()
    assert status == 204
    assert refused_status == 401
    record = log.get(accepted)
    assert record is not None
    assert record.headers is not None
    for header in receiver.scheme.credential_headers:
        if header.lower() in {h.lower() for h in genuine.headers}:
            assert record.headers[header.lower()] == REDACTED
    assert record.delivery is not None
    assert record.delivery.parse() == receiver.verify(genuine.body, genuine.headers)
    rejected = log.get(refused)
    assert rejected is not None
    assert (rejected.outcome, rejected.status) == ("rejected", 401)
    for header in receiver.scheme.credential_headers:
        if header.lower() in {h.lower() for h in forged.headers} and rejected.headers:
            assert rejected.headers[header.lower()] == REDACTED
    log.close()
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    for value in _secrets_of(genuine, receiver) + _secrets_of(forged, receiver):
        assert value.encode() not in stored, f"{name}: a credential header was stored"
    if entry.credentials == "secret" and entry.demo_secret:
        assert entry.demo_secret.encode() not in stored
    body_token = getattr(receiver.scheme, "placement", "") == "body"
    if type(receiver.scheme).__name__ == "Jwt" and body_token:
        assert genuine.body not in stored  # the token that is the body: its claims are kept


@pytest.mark.parametrize("name", PROVIDERS)
def test_keep_signatures_keeps_only_a_refused_body_signature(name: str, tmp_path: Path) -> None:
    entry = providers.get(name)
    demo = entry.demo()
    receiver = demo.make_receiver()
    forged = demo.forge(entry.sample())
    log = DeliveryLog(tmp_path / "log.db", keep_signatures=True, logger="tests.quiet")
    _, refused = deliver(log, receiver, forged.body, forged.headers)
    genuine = demo.sign(entry.sample())
    _, accepted = deliver(log, receiver, genuine.body, genuine.headers)
    assert log.flush()
    kept = log.get(refused)
    verified = log.get(accepted)
    assert kept is not None
    assert verified is not None
    scheme = receiver.scheme
    signs_body = scheme.covers_body and not isinstance(scheme, authhooks.schemes.StaticSecret)
    for header in scheme.credential_headers:
        name_lower = header.lower()
        if name_lower not in {h.lower() for h in forged.headers}:
            continue
        value = (kept.headers or {})[name_lower]
        if signs_body and name_lower not in ("authorization",):
            assert value != REDACTED
        else:
            assert value == REDACTED
        assert (verified.headers or {})[name_lower] == REDACTED  # never for a verified one
    log.close()


def test_headers_every_deployment_treats_as_secrets() -> None:
    headers = {
        "Authorization": "Bearer x",
        "Cookie": "session=abc",
        "Proxy-Authorization": "Basic y",
        "X-Api-Key": "k",
        "X-Signature": "sig",
        "Content-Type": "application/json",
    }
    kept = kept_headers(headers, ("x-signature",), keep=("Authorization", "x-signature"))
    assert kept == {
        "authorization": REDACTED,  # never kept, whatever keep says
        "cookie": REDACTED,
        "proxy-authorization": REDACTED,
        "x-api-key": REDACTED,
        "x-signature": "sig",
        "content-type": "application/json",
    }
    assert kept_headers(headers, ("X-SIGNATURE",))["x-signature"] == REDACTED


def test_headers_are_bounded() -> None:
    many = [(f"x-{i}", "v" * 10_000) for i in range(300)] + [("x-0", "again")]
    kept = kept_headers(many, ())
    assert len(kept) == 100
    assert all(len(value) <= 8192 for value in kept.values())
    assert kept_headers([("A", "1"), ("a", "2")], ()) == {"a": "1, 2"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("nul\x00", "nul\ufffd"),
        ("lone\ud800", "lone?"),
        ("x" * 10, "xxxx…"),
        (42, "42"),
    ],
)
def test_bounded_text(value: object, expected: str) -> None:
    assert bounded(value, 5 if value == "x" * 10 else 100) == expected


class TestWhatIsKept:
    def test_a_refused_body_over_the_limit_is_not_kept(
        self, tmp_path: Path, receiver: authhooks.Userfront
    ) -> None:
        log = DeliveryLog(tmp_path / "l.db", keep_rejected=10, logger="tests.quiet")
        _, small = deliver(log, receiver, b"{}", {})
        large_body = b'{"x": "more than ten bytes"}'
        _, large = deliver(log, receiver, large_body, {})
        assert log.flush()
        kept, dropped = log.get(small), log.get(large)
        assert kept is not None
        assert dropped is not None
        assert (kept.kept, kept.body) == (True, b"{}")
        assert (dropped.kept, dropped.body, dropped.headers, dropped.body_size) == (
            False,
            None,
            None,
            len(large_body),
        )
        assert dropped.diagnosis == ()
        log.close()

    def test_nothing_refused_is_kept_with_zero(
        self, tmp_path: Path, receiver: authhooks.Userfront
    ) -> None:
        log = DeliveryLog(tmp_path / "l.db", keep_rejected=0, logger="tests.quiet")
        _, refused = deliver(log, receiver, b"{}", {})
        assert log.flush()
        record = log.get(refused)
        assert record is not None
        assert not record.kept
        log.close()

    def test_verified_deliveries_are_not_kept_when_told(
        self, tmp_path: Path, receiver: authhooks.Userfront
    ) -> None:
        log = DeliveryLog(tmp_path / "l.db", keep_accepted=False, logger="tests.quiet")
        request = sign()
        _, record_id = deliver(log, receiver, request.body, request.headers)
        assert log.flush()
        record = log.get(record_id)
        assert record is not None
        assert (record.kept, record.body, record.replayable) == (False, None, False)
        assert record.event_type == "user.create"
        log.close()


class TestRedactionHook:
    def test_drop_fields(self, tmp_path: Path, receiver: authhooks.Userfront) -> None:
        log = DeliveryLog(
            tmp_path / "l.db", redact=drop_fields("email", "name"), logger="tests.quiet"
        )
        payload = {
            "action": "create",
            "model": "user",
            "record": {"email": "ada@example.com", "name": "Ada", "username": "ada"},
        }
        request = sign(payload)
        _, record_id = deliver(log, receiver, request.body, request.headers)
        assert log.flush()
        record = log.get(record_id)
        assert record is not None
        assert record.body is not None
        assert b"ada@example.com" not in record.body
        assert b'"username":"ada"' in record.body
        assert record.delivery is not None
        event: Any = record.delivery.parse()  # the redacted event still parses
        assert (event.record.email, event.record.username) == (REDACTED, "ada")
        log.close()

    def test_a_body_that_is_not_json_is_left_alone(self) -> None:
        kept = Kept("p", None, "rejected", "", b"not json", None, {})
        assert drop_fields("email")(kept) == kept

    def test_the_hook_sees_redacted_headers_and_may_drop_the_request(
        self, tmp_path: Path, receiver: authhooks.Userfront
    ) -> None:
        seen: list[Kept] = []

        def redact(kept: Kept) -> Kept | None:
            seen.append(kept)
            return None if kept.outcome == "rejected" else dataclasses.replace(kept, headers={})

        log = DeliveryLog(tmp_path / "l.db", redact=redact, logger="tests.quiet")
        request = sign()
        _, accepted = deliver(log, receiver, request.body, request.headers)
        _, refused = deliver(log, receiver, b"{}", {"Authorization": "Bearer nope"})
        assert log.flush()
        assert dict(seen[0].headers)["authorization"] == REDACTED
        first, second = log.get(accepted), log.get(refused)
        assert first is not None
        assert second is not None
        assert first.headers is None or dict(first.headers) == {}
        assert (second.kept, second.body) == (False, None)
        log.close()

    def test_a_hook_that_raises_keeps_nothing(
        self, tmp_path: Path, receiver: authhooks.Userfront, caplog: pytest.LogCaptureFixture
    ) -> None:
        def broken(kept: Kept) -> Kept:
            raise ValueError(kept.provider)

        log = DeliveryLog(tmp_path / "l.db", redact=broken, logger="tests.quiet")
        request = sign()
        status, record_id = deliver(log, receiver, request.body, request.headers)
        assert log.flush()
        record = log.get(record_id)
        assert status == 204  # the delivery itself is not affected
        assert record is not None
        assert (record.outcome, record.kept, record.body) == ("handled", False, None)
        assert "redaction hook raised ValueError" in caplog.text
        log.close()


def test_a_log_refuses_a_wrong_policy(tmp_path: Path) -> None:
    for options in (
        {"on_unavailable": "ignore"},
        {"keep_rejected": -1},
        {"keep_rejected": True},
        {"queue_size": 1.5},
        {"timeout": 0},
        {"redact": "email"},
        {"retention": -1},
    ):
        with pytest.raises(authhooks.ConfigurationError):
            DeliveryLog(None, **options)  # type: ignore[arg-type]


def test_the_key_used_in_these_tests_is_real() -> None:
    request = sign()
    assert json.loads(request.body)["action"] == "create"
    assert request.headers["Authorization"] == f"Bearer {KEY}"
