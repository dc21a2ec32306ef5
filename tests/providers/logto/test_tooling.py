"""Logto through the tools that find providers in the registry: the pytest plugin's signers,
``authhooks send``/``listen``/``verify`` and the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from authhooks.cli import main
from authhooks.pytest_plugin import make_webhook_receiver, sign_webhook

KEY = "toolingSigningKey0123456789abcde"


@pytest.mark.parametrize("event", ["PostSignIn", "User.Created", "Identifier.Lockout"])
def test_the_plugin_signs_and_verifies(event: str) -> None:
    request = sign_webhook("logto", event, secret=KEY)
    assert set(request.headers) == {"Content-Type", "logto-signature-sha-256"}
    verified = make_webhook_receiver("logto", [KEY]).verify(request.body, request.headers)
    assert (verified.type, verified.provider) == (event, "logto")


def test_the_plugin_demo_credentials_round_trip() -> None:
    request = sign_webhook("logto")
    assert make_webhook_receiver("logto").verify(request.body, request.headers).type == (
        "PostSignIn"
    )


def test_cli_verify_reads_a_capture_and_blames_a_re_serialised_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = sign_webhook("logto", "Organization.Membership.Updated", secret=KEY)
    (tmp_path / "headers.json").write_text(json.dumps(request.headers))
    argv = ["verify", "logto", "--headers", str(tmp_path / "headers.json"), "--secret", KEY]
    (tmp_path / "body").write_bytes(request.body)
    assert main([*argv, str(tmp_path / "body")]) == 0
    assert "OrganizationMembershipUpdated" in capsys.readouterr().out
    (tmp_path / "pretty").write_bytes(json.dumps(json.loads(request.body), indent=2).encode())
    assert main([*argv, str(tmp_path / "pretty")]) == 1
    out = capsys.readouterr().out
    assert "re-serialised" in out or "re-encoded" in out
    assert KEY not in out


def test_the_demo_shows_logto(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "[logto] genuine PostSignIn: accepted" in out
    assert "[logto] forged PostSignIn: rejected" in out
    assert "lgDemoSigningKey" not in out
