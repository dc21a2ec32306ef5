"""Fixtures of the delivery log's tests: a receiver and its signer, and the stores (memory,
SQLite, a real PostgreSQL server)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import authhooks
from authhooks.log import DeliveryLog, LogStore, MemoryLogStore
from authhooks.signing import SignedRequest
from tests._postgres import PostgresMissing, postgres_server

KEY = "uf_log_tests_key_0123456789"
USER = {"action": "create", "model": "user", "record": {"email": "ada@example.com"}}


def sign(payload: Any = None, key: str = KEY) -> SignedRequest:
    """A Userfront request signed with ``key``."""
    from authhooks.testing import sign_userfront

    return sign_userfront(USER if payload is None else payload, api_key=key)


@pytest.fixture
def receiver() -> authhooks.Userfront:
    return authhooks.Userfront(api_key=KEY)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for the session (skipped without PostgreSQL, unless required)."""
    try:
        with postgres_server() as url:
            yield url
    except PostgresMissing as exc:
        if os.environ.get("AUTHHOOKS_REQUIRE_POSTGRES") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))


def _empty(store: Any) -> None:
    from authhooks.log.sql import DELIVERIES, STEPS

    with store.engine.begin() as connection:
        connection.execute(STEPS.delete())
        connection.execute(DELIVERIES.delete())


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LogStore]:
    """Each backend in turn, empty."""
    if request.param == "memory":
        yield MemoryLogStore()
        return
    from authhooks.log.sql import SqlStore

    if request.param == "sqlite":
        sql = SqlStore(tmp_path / "log.db")
    else:
        sql = SqlStore(request.getfixturevalue("postgres_url"))
        _empty(sql)
    yield sql
    sql.close()


@pytest.fixture
def log(tmp_path: Path) -> Iterator[DeliveryLog]:
    """A log on SQLite in a temporary directory."""
    log = DeliveryLog(tmp_path / "deliveries.db")
    yield log
    log.close()
