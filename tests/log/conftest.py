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

KEY = "uf_log_tests_key_0123456789"
#: The Supabase Auth hooks' secret of the logged test apps.
HOOK_SECRET = "v1,whsec_YXV0aGhvb2tzIHN5bmNocm9ub3VzIGFuc3dlcnMgMDE="
USER = {"action": "create", "model": "user", "record": {"email": "ada@example.com"}}


def sign(payload: Any = None, key: str = KEY) -> SignedRequest:
    """A Userfront request signed with ``key``."""
    from authhooks.testing import sign_userfront

    return sign_userfront(USER if payload is None else payload, api_key=key)


@pytest.fixture
def receiver() -> authhooks.Userfront:
    return authhooks.Userfront(api_key=KEY)


def _empty(store: Any) -> None:
    from authhooks.log.sql import DELIVERIES, STEPS

    with store.engine.begin() as connection:
        connection.execute(STEPS.delete())
        connection.execute(DELIVERIES.delete())


#: The backends the store tests run on. The Django ORM's needs a configured Django project,
#: which this process may not have: tests/django_log runs these tests again in a process of
#: their own with ``AUTHHOOKS_TEST_DJANGO_STORE=1`` (its database: ``AUTHHOOKS_TEST_DATABASE``).
STORES = ["memory", "sqlite", "postgres"]
if os.environ.get("AUTHHOOKS_TEST_DJANGO_STORE") == "1":
    STORES = ["django"]


@pytest.fixture(scope="session")
def django_project() -> None:
    """The Django test project set up, its tables migrated."""
    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.django_log.settings")
    django.setup()
    call_command("migrate", verbosity=0)


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LogStore]:
    """Each backend in turn, empty."""
    if request.param == "memory":
        yield MemoryLogStore()
        return
    if request.param == "django":
        request.getfixturevalue("django_project")
        from authhooks.django_log.models import DeliveryRecord, StepRecord
        from authhooks.django_log.store import DjangoStore

        StepRecord.objects.all().delete()
        DeliveryRecord.objects.all().delete()
        yield DjangoStore()
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
