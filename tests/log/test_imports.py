"""The delivery log, its page and its Django admin stand on their own: importing them loads
no part of the command line (which would cost its start-up and tie the layers together)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.extras


@pytest.mark.parametrize(
    "module", ["authhooks.log", "authhooks.log.inspect", "authhooks.log.inspect._pages"]
)
def test_importing_the_log_loads_no_command_line(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('authhooks.cli'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
