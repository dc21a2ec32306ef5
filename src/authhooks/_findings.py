"""What a diagnosis of a refused request establishes: shared by ``authhooks verify`` and the
delivery log, which stores it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Finding"]


@dataclass(frozen=True)
class Finding:
    """One thing the diagnosis established: a stable ``code`` and a sentence for the user."""

    code: str
    message: str
