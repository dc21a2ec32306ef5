"""The test project's handlers: the replay handler appends each event's id to the file
``AUTHHOOKS_TEST_HANDLED`` names."""

from __future__ import annotations

import os
from typing import Any


def replayed(event: Any) -> None:
    """Note ``event`` as handled."""
    with open(os.environ["AUTHHOOKS_TEST_HANDLED"], "a", encoding="utf-8") as handled:
        handled.write(f"{event.id}\n")
