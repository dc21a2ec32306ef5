"""The behaviour every adapter shares, run against each framework's test client and a server."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from authhooks.samples import load_sample
from tests.integrations.apps._shared import PROVIDERS, SMALL_LIMIT, summary
from tests.integrations.conftest import SERVER_LOGS

USERFRONT_DEMO = PROVIDERS["userfront"]
OKTA_DEMO = PROVIDERS["okta"]
#: A challenge as Okta sends it (Okta's support article on the verification request).
CHALLENGE = "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg"
FRONTEGG_IP = "99.81.198.187"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Call:
    """How a test reaches the app: ``send(method, path, body, headers, chunked)``."""

    send: Callable[[str, str, bytes, dict[str, str], bool], Reply]
    in_process: bool
    notes: dict[str, Any] = field(default_factory=dict)

    def __call__(
        self,
        path: str,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        method: str = "POST",
        chunked: bool = False,
    ) -> Reply:
        return self.send(method, path, body, dict(headers or {}), chunked)


def signed(payload: Any = None) -> tuple[bytes, dict[str, str]]:
    request = USERFRONT_DEMO.sign(
        load_sample("userfront", "user.create") if payload is None else payload
    )
    return request.body, request.headers


def unique_signed() -> tuple[bytes, dict[str, str]]:
    """A genuine Userfront delivery of an event no other delivery carries (a new id)."""
    payload = load_sample("userfront", "user.create")
    payload["record"]["userUuid"] = str(uuid.uuid4())
    return signed(payload)


def check_fail_once(call: Call, path: str, status: int) -> None:
    """A fail-once route (``tests/integrations/apps/_failures.py``) answers ``status`` to the
    first delivery; the provider's retry must run the handler again, exactly once."""
    body, headers = unique_signed()
    first = call(path, body, headers)
    assert first.status == status, first.body
    retry = call(path, body, headers)
    assert (retry.status, retry.json()) == (200, {"runs": 2})
    again = call(path, body, headers)
    assert (again.status, again.json()) == (200, {"status": "duplicate"})


def okta_authorization() -> str:
    """The authentication header value Okta's demo receiver accepts."""
    return OKTA_DEMO.sign(b"{}").headers["Authorization"]


def okta_batch(*messages: str) -> tuple[bytes, dict[str, str], list[str]]:
    """A genuine Okta delivery of new events, one per message (``"fail"``: its handler
    fails on its first run, see ``apps/_batches.py``), and the events' ids."""
    from authhooks.providers.okta import okta_delivery

    template = load_sample("okta", "user.session.start")["data"]["events"][0]
    events = [{**template, "uuid": str(uuid.uuid4()), "displayMessage": m} for m in messages]
    request = OKTA_DEMO.sign(okta_delivery(events, event_id=str(uuid.uuid4())))
    return request.body, dict(request.headers), [event["uuid"] for event in events]


def check_batch_retry(call: Call, path: str) -> None:
    """A batch route (``apps/_batches.py``) with de-duplication: one event of three fails, the
    delivery is answered once with a failure; the provider's retry runs that event only; the
    delivery after that is a duplicate; a later delivery that batches a handled event with a
    new one runs the new one only."""
    body, headers, ids = okta_batch("ok", "fail", "ok")
    first = call(path, body, headers)
    assert first.status == 500, first.body
    retry = call(path, body, headers)
    assert (retry.status, retry.json()) == (200, {"ran": {ids[1]: 2}})
    again = call(path, body, headers)
    assert (again.status, again.json()) == (200, {"status": "duplicate"})
    from authhooks.providers.okta import okta_delivery

    document = json.loads(body)
    fresh = {**document["data"]["events"][0], "uuid": str(uuid.uuid4())}
    document["data"]["events"] = [document["data"]["events"][2], fresh]
    later = OKTA_DEMO.sign(okta_delivery(document["data"]["events"]))
    reply = call(path, later.body, dict(later.headers))
    assert (reply.status, reply.json()) == (200, {"ran": {fresh["uuid"]: 1}})


def check_no_content(call: Call) -> None:
    """The adapter's own empty answers: 204, no body, and so no ``Content-Type``."""
    body, headers = signed()
    for path in ("/empty", "/both", "/teapot", "/custom"):
        reply = call(path, body, headers)
        assert (reply.status, reply.body) == (204, b""), path
        assert "content-type" not in reply.headers, path


def assert_error(reply: Reply, status: int, error: str | None = None) -> dict[str, str]:
    assert reply.status == status, reply.body
    assert reply.headers["content-type"].startswith("application/json")
    document = reply.json()
    # The reason code only: the message (header names, limits, a store's address) is logged.
    assert set(document) == {"error"}
    if error is not None:
        assert document["error"] == error
    assert b"uf_demo_webhook_key" not in reply.body
    return document  # type: ignore[no-any-return]


def _flip(text: str) -> str:
    """``text`` with one character, two thirds in, replaced by another of its kind."""
    index = len(text) * 2 // 3
    while not text[index].isalnum():
        index += 1
    char = text[index]
    swapped = {"0": "1", "a": "b", "A": "B"}.get(char)
    if swapped is None:
        swapped = "0" if char.isdigit() else ("a" if char.islower() else "A")
    return text[:index] + swapped + text[index + 1 :]


def chunks(body: bytes, size: int = 16) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


class Contract:
    """Subclasses provide a ``call`` fixture; each test runs once per way of calling."""

    @pytest.mark.parametrize("name", sorted(PROVIDERS))
    def test_valid_event_of_every_provider(self, call: Call, name: str) -> None:
        provider = PROVIDERS[name]
        request = provider.sign(load_sample(name, provider.event))
        reply = call(f"/hooks/{name}", request.body, request.headers)
        assert reply.status == 200, reply.body
        expected = provider.make_receiver().verify(request.body, request.headers)
        assert reply.json() == json.loads(summary(expected))

    @pytest.mark.parametrize("name", sorted(PROVIDERS))
    def test_forged_request_is_refused(self, call: Call, name: str) -> None:
        provider = PROVIDERS[name]
        request = provider.forge(load_sample(name, provider.event))
        assert_error(call(f"/hooks/{name}", request.body, request.headers), 401)

    @pytest.mark.parametrize("name", sorted(PROVIDERS))
    def test_tampered_request_is_refused(self, call: Call, name: str) -> None:
        provider = PROVIDERS[name]
        request = provider.sign(load_sample(name, provider.event))
        body, headers = request.body, dict(request.headers)
        credentials = [h for h in headers if h.lower() not in {"content-type", "user-agent"}]
        if credentials:  # the credentials travel in a header: alter one character of each
            for header in credentials:
                headers[header] = _flip(headers[header])
        else:  # the body carries its own signature (a signed token)
            body = _flip(body.decode("ascii")).encode("ascii")
        assert_error(call(f"/hooks/{name}", body, headers), 401)

    def test_missing_header(self, call: Call) -> None:
        body, _ = signed()
        reply = call("/hooks/userfront", body, {"Content-Type": "application/json"})
        assert_error(reply, 401, "missing_header")

    def test_declared_oversize(self, call: Call) -> None:
        body, headers = signed(b"x" * (SMALL_LIMIT + 1))
        assert_error(call("/small", body, headers), 413, "body_too_large")

    def test_chunked_oversize(self, call: Call) -> None:
        body, headers = signed(b"x" * (SMALL_LIMIT * 4))
        assert_error(call("/small", body, headers, chunked=True), 413, "body_too_large")

    @pytest.mark.parametrize("size", [SMALL_LIMIT + 1, 4 * SMALL_LIMIT, 16 * SMALL_LIMIT])
    def test_declared_over_the_receivers_smaller_limit(self, call: Call, size: int) -> None:
        # /tight: the adapter allows 16 * SMALL_LIMIT, its receiver SMALL_LIMIT; the smaller
        # applies, in the adapter: an oversize body reaching the receiver would answer 500.
        body, headers = signed(b"x" * size)
        assert_error(call("/tight", body, headers), 413, "body_too_large")

    @pytest.mark.parametrize("size", [SMALL_LIMIT + 1, 4 * SMALL_LIMIT, 16 * SMALL_LIMIT])
    def test_chunked_over_the_receivers_smaller_limit(self, call: Call, size: int) -> None:
        body, headers = signed(b"x" * size)
        assert_error(call("/tight", body, headers, chunked=True), 413, "body_too_large")

    @pytest.mark.parametrize("route", ["small", "tight"])
    @pytest.mark.parametrize("size", [SMALL_LIMIT - 1, SMALL_LIMIT])
    def test_a_body_within_the_limit_is_verified(self, call: Call, route: str, size: int) -> None:
        # Read whole, verified, then refused as a payload: not for its size, by either side.
        body, headers = signed(b"x" * size)
        assert_error(call(f"/{route}", body, headers), 400, "invalid_payload")

    def test_chunked_valid(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/echo/chunked", body, headers, chunked=True)
        assert reply.status == 200
        assert reply.body == body

    @pytest.mark.parametrize("name", sorted(PROVIDERS))
    def test_chunked_valid_event_of_every_provider(self, call: Call, name: str) -> None:
        provider = PROVIDERS[name]
        request = provider.sign(load_sample(name, provider.event))
        reply = call(f"/hooks/{name}", request.body, request.headers, chunked=True)
        assert reply.status == 200, reply.body
        expected = provider.make_receiver().verify(request.body, request.headers)
        assert reply.json() == json.loads(summary(expected))

    def test_body_still_readable_downstream(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/echo/tag-1", body, headers)
        assert reply.status == 200
        assert reply.body == body
        assert reply.headers["x-tag"] == "tag-1"

    @pytest.mark.parametrize("method", ["GET", "PUT"])
    def test_wrong_method_answered_by_the_adapter(self, call: Call, method: str) -> None:
        reply = call("/both", method=method)
        assert_error(reply, 405, "method_not_allowed")
        assert reply.headers["allow"] == "POST"

    def test_wrong_method_on_a_post_only_route(self, call: Call) -> None:
        reply = call("/hooks/userfront", method="GET")
        assert reply.status == 405
        assert "POST" in reply.headers["allow"]

    def test_non_utf8_body(self, call: Call) -> None:
        body, headers = signed(b'{"action": "create", "x": "\xff\xfe"}')
        assert_error(call("/hooks/userfront", body, headers), 400)

    def test_invalid_json(self, call: Call) -> None:
        body, headers = signed(b'{"action": ')
        assert_error(call("/hooks/userfront", body, headers), 400)

    def test_keys_unavailable(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/keys", body, headers)
        assert_error(reply, 503, "keys_unavailable")
        assert reply.headers["retry-after"] == "12"

    def test_handler_raises(self, call: Call) -> None:
        body, headers = signed()
        assert call("/raise", body, headers).status == 500

    def test_handler_returns_none(self, call: Call) -> None:
        body, headers = signed()
        reply = call("/empty", body, headers)
        assert reply.status == 204
        assert reply.body == b""

    def test_on_error_returns_a_framework_response(self, call: Call) -> None:
        body, _ = signed()
        reply = call("/custom", body, {"Content-Type": "application/json"})
        assert reply.status == 400
        assert reply.body == b"refused: missing_header"
        assert reply.headers["x-custom"] == "1"

    def test_on_error_changes_the_status_mapping(self, call: Call) -> None:
        body, _ = signed()
        reply = call("/teapot", body, {"Content-Type": "application/json"})
        assert reply.status == 418
        assert reply.json() == {"error": "teapot", "detail": "missing_header"}

    def test_on_error_is_not_called_for_genuine_requests(self, call: Call) -> None:
        body, headers = signed()
        assert call("/teapot", body, headers).status == 204

    def test_allow_list_admits_the_peer(self, call: Call) -> None:
        body, headers = signed()
        assert call("/allow", body, headers).status == 200

    def test_allow_list_refuses_other_sources(self, call: Call) -> None:
        body, headers = signed()
        assert_error(call("/deny", body, headers), 403, "source_not_allowed")

    def test_forwarded_for_ignored_without_a_trusted_proxy(self, call: Call) -> None:
        body, headers = signed()
        headers["X-Forwarded-For"] = FRONTEGG_IP
        assert_error(call("/deny", body, headers), 403, "source_not_allowed")

    @pytest.mark.parametrize(
        ("forwarded", "status"),
        [
            (FRONTEGG_IP, 200),
            (f"{FRONTEGG_IP}, 127.0.0.1", 200),
            (f"{FRONTEGG_IP}, 8.8.8.8", 403),
            ("8.8.8.8", 403),
            ("not-an-address", 403),
            (None, 403),
        ],
    )
    def test_forwarded_for_from_a_trusted_proxy(
        self, call: Call, forwarded: str | None, status: int
    ) -> None:
        body, headers = signed()
        if forwarded is not None:
            headers["X-Forwarded-For"] = forwarded
        assert call("/proxied", body, headers).status == status

    # -- Okta's one-time verification request, on the Okta route only -------------------------

    def test_okta_verification_request_is_answered(self, call: Call) -> None:
        headers = {"X-Okta-Verification-Challenge": CHALLENGE}
        reply = call(
            "/okta", headers={**headers, "Authorization": okta_authorization()}, method="GET"
        )
        assert reply.status == 200, reply.body
        assert reply.headers["content-type"].startswith("application/json")
        assert reply.json() == {"verification": CHALLENGE}

    @pytest.mark.parametrize(
        ("value", "authorization", "error"),
        [
            (CHALLENGE, None, "missing_header"),
            (CHALLENGE, "Basic bm90OnRoZS1zZWNyZXQ=", "invalid_signature"),
            ("two words", "okta", "invalid_header"),
            ("x" * 513, "okta", "invalid_header"),
        ],
    )
    def test_okta_verification_request_refused(
        self, call: Call, value: str, authorization: str | None, error: str
    ) -> None:
        headers = {"X-Okta-Verification-Challenge": value}
        if authorization is not None:
            headers["Authorization"] = (
                okta_authorization() if authorization == "okta" else authorization
            )
        document = assert_error(call("/okta", headers=headers, method="GET"), 401, error)
        assert value not in json.dumps(document)

    def test_a_get_without_a_challenge_on_the_okta_route_is_405(self, call: Call) -> None:
        reply = call("/okta", headers={"Authorization": okta_authorization()}, method="GET")
        assert_error(reply, 405, "method_not_allowed")
        assert reply.headers["allow"] == "POST"

    def test_other_routes_do_not_answer_a_challenge(self, call: Call) -> None:
        headers = {"X-Okta-Verification-Challenge": CHALLENGE, "Authorization": "x"}
        assert_error(call("/both", headers=headers, method="GET"), 405, "method_not_allowed")
        assert call("/okta", headers=headers, method="PUT").status == 405

    def test_the_okta_route_takes_a_batch(self, call: Call) -> None:
        body, headers, ids = okta_batch("one", "two")
        reply = call("/okta", body, headers)
        assert reply.status == 200, reply.body
        types = ["user.session.start", "user.session.start"]
        assert reply.json() == {"provider": "okta", "types": types, "ids": ids}

    def test_refusals_are_logged_without_the_secret(
        self, call: Call, caplog: pytest.LogCaptureFixture
    ) -> None:
        body, headers = signed()
        headers["Authorization"] = "Bearer uf_demo_webhook_key_but_wrong"
        if not call.in_process:
            # A real server logs in its own process: read what it wrote to its stderr.
            log: Path = call.notes["log"]
            assert call("/hooks/userfront", body, headers).status == 401
            deadline = time.monotonic() + 5
            while "invalid_signature" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.05)
            text = log.read_text()
            assert "invalid_signature" in text
            assert "uf_demo_webhook_key" not in text
            return
        with caplog.at_level(logging.WARNING, logger="authhooks"):
            assert call("/hooks/userfront", body, headers).status == 401
        records = [r for r in caplog.records if r.name == "authhooks"]
        assert len(records) == 1
        assert "invalid_signature" in records[0].getMessage()
        assert "uf_demo_webhook_key" not in caplog.text


@contextmanager
def http_call(base_url: str) -> Iterator[Call]:
    """A :class:`Call` over real HTTP to the server at ``base_url``, one connection a request
    (a server may close a connection after a handler failed)."""
    import httpx

    limits = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=base_url, timeout=10, limits=limits) as client:
        notes = {"log": SERVER_LOGS.get(base_url), "url": base_url}
        yield Call(_sender(client), in_process=False, notes=notes)


def _sender(client: Any) -> Callable[[str, str, bytes, dict[str, str], bool], Reply]:

    def send(method: str, path: str, body: bytes, headers: dict[str, str], chunked: bool) -> Reply:
        content: Any = chunks(body) if chunked else (body or None)
        reply = client.request(method, path, content=content, headers=headers)
        return Reply(
            reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, reply.content
        )

    return send


EXAMPLE_KEY = "uf_example_app_key_0123456789"


def check_example(kind: str, target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve an app of ``examples/`` on 127.0.0.1 and send it a genuine and a forged event."""
    from authhooks.testing import sign_userfront
    from tests.integrations.conftest import serve

    monkeypatch.setenv("USERFRONT_WEBHOOK_KEY", EXAMPLE_KEY)
    payload = load_sample("userfront", "user.create")
    genuine = sign_userfront(payload, api_key=EXAMPLE_KEY)
    forged = sign_userfront(payload, api_key="uf_not_the_key")
    path = "/hooks/userfront"
    with serve(kind, target) as url, http_call(url) as call:
        assert call(path, genuine.body, genuine.headers).status == 204
        assert_error(call(path, forged.body, forged.headers), 401, "invalid_signature")
        assert call(path, method="GET").status == 405
