from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_verify_userfront_example() -> None:
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "verify_userfront.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "user.create (user.created) for a@b.c" in out.stdout
    assert "rejected:" in out.stdout
