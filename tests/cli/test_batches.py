"""Okta and Auth0 through the tools that find providers in the registry: ``authhooks listen``
(Okta's verification request on the Okta listener only, batches), ``send``, ``verify``, the
demo and the pytest plugin's signers."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest

from authhooks.cli import main
from authhooks.pytest_plugin import make_webhook_receiver, sign_webhook
from tests.cli._support import listen, stop

OKTA_SECRET = "Basic YWRtaW46c3VwZXJzZWNyZXQ="
AUTH0_TOKEN = "a0-cli-test-token-0123456789abcdef"
CHALLENGE = "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg"


def _get(base: str, headers: dict[str, str]) -> tuple[int, bytes]:
    host, _, port = base.removeprefix("http://").rstrip("/").partition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", "/hooks/okta", headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.network
@pytest.mark.slow
def test_listen_okta_answers_the_verification_request_then_takes_a_batch() -> None:
    proc, lines, base = listen("okta", "--secret", OKTA_SECRET)
    try:
        status, body = _get(
            base, {"X-Okta-Verification-Challenge": CHALLENGE, "Authorization": OKTA_SECRET}
        )
        assert (status, json.loads(body)) == (200, {"verification": CHALLENGE})
        answered = lines.get(timeout=30)
        status, _ = _get(base, {"X-Okta-Verification-Challenge": CHALLENGE})
        assert status == 401
        refused = lines.get(timeout=30)
        assert _get(base, {"Authorization": OKTA_SECRET})[0] == 405
        lines.get(timeout=30)
        to = base + "hooks/okta"
        assert (
            main(["send", "okta", "user.lifecycle.create", "--to", to, "--secret", OKTA_SECRET])
            == 0
        )
        accepted = lines.get(timeout=30)
    finally:
        stop(proc)
    assert "GET /hooks/okta answered okta's verification request" in answered
    assert "GET /hooks/okta rejected (401)" in refused
    assert "POST /hooks/okta accepted: Batch of 1 event: UserLifecycleCreate" in accepted
    assert "kind='user.created'" in accepted
    assert "c3VwZXJzZWNyZXQ" not in answered + refused + accepted


@pytest.mark.network
@pytest.mark.slow
def test_listen_for_another_provider_answers_a_challenge_405() -> None:
    proc, lines, base = listen("auth0", "--secret", AUTH0_TOKEN)
    try:
        headers = {"X-Okta-Verification-Challenge": CHALLENGE, "Authorization": AUTH0_TOKEN}
        assert _get(base, headers)[0] == 405
        rejected = lines.get(timeout=30)
        to = base + "logs"
        assert main(["send", "auth0", "fp", "--to", to, "--secret", AUTH0_TOKEN]) == 0
        accepted = lines.get(timeout=30)
    finally:
        stop(proc)
    assert "GET /hooks/okta rejected (405)" in rejected
    assert "POST /logs accepted: Batch of 1 event: FailedLoginIncorrectPassword" in accepted


CAPTURES = {
    "okta": (OKTA_SECRET, "user.account.lock", "UserAccountLock"),
    "auth0": (AUTH0_TOKEN, "limit_wc", "BlockedAccount"),
}


@pytest.mark.parametrize("provider", sorted(CAPTURES))
def test_verify_a_capture_prints_each_event(
    provider: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret, event, cls = CAPTURES[provider]
    request = sign_webhook(provider, event, secret=secret)
    (tmp_path / "headers.json").write_text(json.dumps(request.headers))
    (tmp_path / "body").write_bytes(request.body)
    argv = ["verify", provider, "--headers", str(tmp_path / "headers.json"), "--secret", secret]
    assert main([*argv, str(tmp_path / "body")]) == 0
    out = capsys.readouterr().out
    assert f"verified: Batch of 1 event: {cls} type={event!r} kind='user.locked'" in out
    assert f"- {cls} type={event!r}" in out
    assert secret not in out
    assert main([*argv, "--json", str(tmp_path / "body")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["event"]["class"] == "Batch"
    assert [e["type"] for e in report["event"]["events"]] == [event]


@pytest.mark.parametrize(("provider", "secret"), [("okta", OKTA_SECRET), ("auth0", AUTH0_TOKEN)])
def test_the_plugin_signs_every_sample_and_verifies_it(provider: str, secret: str) -> None:
    from authhooks.providers import get

    receiver = make_webhook_receiver(provider, [secret])
    for event in get(provider).sample_events():
        request = sign_webhook(provider, event, secret=secret)
        (verified,) = receiver.verify(request.body, request.headers)
        assert (verified.provider, verified.type) == (provider, event)


def test_the_demo_shows_okta_and_auth0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "[okta] genuine user.session.start: accepted" in out
    assert "Batch of 1 event: UserSessionStart" in out
    assert "[okta] forged user.session.start: rejected" in out
    assert "[auth0] genuine s: accepted" in out
    assert "[auth0] forged s: rejected" in out
    assert "a0_demo_log_stream_token" not in out
    assert "b2t0YS1kZW1vLXNlY3JldC0wMTIz" not in out
