"""Fixtures of the adversarial suite: every provider of the demo registry (see ``_cases``)."""

from __future__ import annotations

from ._cases import case, header_case, json_case

__all__ = ["case", "header_case", "json_case"]
