"""WorkOS through the tools that find providers in the registry: the pytest plugin's
signers, ``authhooks send``/``verify`` and the demo."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from authhooks import TimestampError
from authhooks.cli import main
from authhooks.pytest_plugin import make_webhook_receiver, sign_webhook

SECRET = "whsec_toolingSecret0123456789ab"


@pytest.mark.parametrize("event", ["user.created", "dsync.group.user_added", "vault.kek.created"])
def test_the_plugin_signs_and_verifies_with_a_whsec_secret(event: str) -> None:
    request = sign_webhook("workos", event, secret=SECRET)
    assert request.headers["WorkOS-Signature"].startswith("t=")
    assert ", v1=" in request.headers["WorkOS-Signature"]
    verified = make_webhook_receiver("workos", [SECRET]).verify(request.body, request.headers)
    assert verified.type == event
    assert verified.provider == "workos"


def test_the_plugin_demo_credentials_round_trip() -> None:
    request = sign_webhook("workos")
    assert make_webhook_receiver("workos").verify(request.body, request.headers).type == (
        "user.created"
    )


def test_cli_verify_reads_a_capture_and_explains_a_stale_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = sign_webhook("workos", "session.revoked", secret=SECRET)
    (tmp_path / "body").write_bytes(fresh.body)
    (tmp_path / "headers.json").write_text(json.dumps(fresh.headers))
    argv = ["verify", "workos", str(tmp_path / "body"), "--headers", str(tmp_path / "headers.json")]
    assert main([*argv, "--secret", SECRET]) == 0
    assert "SessionRevoked" in capsys.readouterr().out
    from authhooks.providers import get

    receiver = get("workos").factory(SECRET)
    stale = receiver.scheme.sign(fresh.body, timestamp=time.time() - 900)
    (tmp_path / "headers.json").write_text(json.dumps(stale.headers))
    assert main([*argv, "--secret", SECRET]) == 1
    out = capsys.readouterr().out
    assert TimestampError.__name__ in out
    assert "15 min" in out
    assert SECRET not in out


def test_the_demo_shows_workos(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "[workos] genuine user.created: accepted" in out
    assert "[workos] forged user.created: rejected" in out
    assert "whsec_demoWorkOSsecret" not in out


def test_the_source_addresses_are_an_allow_list_the_adapters_take() -> None:
    from authhooks import SourceNotAllowedError
    from authhooks.integrations import SourceAllowList
    from authhooks.providers.workos import SOURCE_IPS

    allowed = SourceAllowList(SOURCE_IPS)
    assert len(SOURCE_IPS) == len(set(SOURCE_IPS)) == 9
    for address in SOURCE_IPS:
        allowed.check(address, None)
    for other in ("3.217.146.167", "127.0.0.1", "::1"):
        with pytest.raises(SourceNotAllowedError):
            allowed.check(other, None)
