"""Fixtures of the adversarial suite: every registered provider and every scheme (see
``_cases`` and ``_targets``)."""

from __future__ import annotations

from ._cases import case, header_case, json_case, token_case

__all__ = ["case", "header_case", "json_case", "token_case"]
