"""The adversarial suite's fixtures: every target of ``_targets`` (each registered provider,
and ``Webhook`` with every scheme), so that a provider added to the registry is attacked
with no change here. What a target's check covers comes from its scheme
(``receiver.covers_body``), not from a table."""

from __future__ import annotations

import pytest

from ._targets import Target, all_targets, b64decode, is_jwt

__all__ = [
    "NAMES",
    "PROVIDER_NAMES",
    "Case",
    "b64decode",
    "case",
    "get_case",
    "header_case",
    "is_jwt",
    "json_case",
    "token_case",
]

#: One target under attack (the name the tests have always used).
Case = Target

_CASES = all_targets()
NAMES = list(_CASES)
PROVIDER_NAMES = [name for name, target in _CASES.items() if target.provider]


def _names(keep: object) -> list[str]:
    return [name for name in NAMES if keep(_CASES[name])]  # type: ignore[operator]


@pytest.fixture(params=NAMES)
def case(request: pytest.FixtureRequest) -> Case:
    """Each target in turn."""
    return _CASES[request.param]


@pytest.fixture(params=_names(lambda c: not c.token_in_body))
def json_case(request: pytest.FixtureRequest) -> Case:
    """Each target whose body is a JSON document (not a token)."""
    return _CASES[request.param]


@pytest.fixture(params=_names(lambda c: bool(c.auth_headers)))
def header_case(request: pytest.FixtureRequest) -> Case:
    """Each target that authenticates with headers (not with the body alone)."""
    return _CASES[request.param]


@pytest.fixture(params=_names(lambda c: c.token is not None))
def token_case(request: pytest.FixtureRequest) -> Case:
    """Each target whose request carries a JWT (as the body or in a header)."""
    return _CASES[request.param]


def get_case(name: str) -> Case | None:
    """The target called ``name``, or ``None``."""
    return _CASES.get(name)
