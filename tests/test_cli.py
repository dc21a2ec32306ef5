from __future__ import annotations

import subprocess
import sys

import pytest

from authhooks.cli import main


def test_demo_accepts_genuine_and_rejects_forged(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "[userfront] genuine user.create: accepted" in out
    assert "[userfront] forged user.create: rejected" in out
    assert "[frontegg] genuine frontegg.user.created: accepted" in out
    assert "[frontegg] forged frontegg.user.created: rejected" in out
    assert "[akamai] genuine entityUpdated: accepted" in out
    assert "[akamai] forged entityUpdated: rejected" in out
    assert "fe_demo_connection_secret" not in out
    assert "uf_demo_webhook_key" not in out


def test_python_m_authhooks_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "authhooks", "--help"], capture_output=True, text=True, check=True
    )
    assert "demo" in out.stdout


def test_no_command_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
