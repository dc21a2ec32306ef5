from __future__ import annotations

import subprocess
import sys

import pytest

import authhooks
from authhooks.cli import main


def test_import_authhooks_does_not_load_authcore() -> None:
    code = (
        "import sys, authhooks\n"
        "print(','.join(m for m in ('authhooks.providers.authcore', 'jwt', 'cryptography')"
        " if m in sys.modules))\n"
        "authhooks.AuthCore(secret='s')\n"
        "print(','.join(m for m in ('jwt', 'cryptography') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["", ""]


def test_public_names() -> None:
    from authhooks.providers.authcore import AuthCore, AuthCoreEvent
    from authhooks.testing import sign_authcore

    assert authhooks.AuthCore is AuthCore
    assert authhooks.AuthCoreEvent is AuthCoreEvent
    assert callable(sign_authcore)
    assert AuthCore.verify_ignoring_timestamp.__doc__


def test_demo_covers_authcore(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "[authcore] genuine user.created: accepted" in out
    assert "[authcore] forged user.created: rejected" in out
    assert "whsec_demo_authcore" not in out
