"""Fixtures of the adversarial suite: every provider of the demo registry (see ``_cases``)."""

from __future__ import annotations

from ._cases import case as case
