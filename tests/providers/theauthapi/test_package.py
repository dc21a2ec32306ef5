from __future__ import annotations

import subprocess
import sys

import pytest

import authhooks
from authhooks.cli import main


def test_import_authhooks_does_not_load_theauthapi() -> None:
    code = (
        "import sys, authhooks\n"
        "print('authhooks.providers.theauthapi' in sys.modules)\n"
        "authhooks.TheAuthAPI(secret='s')\n"
        "print(any(m in sys.modules for m in ('jwt', 'cryptography')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_public_names() -> None:
    from authhooks.providers.theauthapi import TheAuthAPI, TheAuthAPIEvent
    from authhooks.testing import sign_theauthapi

    assert authhooks.TheAuthAPI is TheAuthAPI
    assert authhooks.TheAuthAPIEvent is TheAuthAPIEvent
    assert callable(sign_theauthapi)


def test_demo_covers_theauthapi(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "[theauthapi] genuine api-key.created: accepted" in out
    assert "[theauthapi] forged api-key.created: rejected" in out
    assert "taa_demo_webhook_key" not in out
    assert "live_access_" not in out  # the API key inside the sample stays hidden
