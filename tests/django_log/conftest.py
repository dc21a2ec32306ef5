"""Fixtures of the Django app's tests: the test project (``tests.django_log.settings``) on a
fresh database (SQLite, or a real PostgreSQL server), migrated, with an admin user; each
run in processes of its own, since a Django project is configured once per process."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("django")

ROOT = Path(__file__).resolve().parents[2]
ADMIN = ("admin", "a-long-test-password-0123")


@dataclass
class Project:
    """The test project on one database."""

    database: str  # an SQLite path or a postgresql:// URL
    handled: Path  # where the replay handler notes event ids

    @property
    def env(self) -> dict[str, str]:
        return {
            "DJANGO_SETTINGS_MODULE": "tests.django_log.settings",
            "AUTHHOOKS_TEST_DATABASE": self.database,
            "AUTHHOOKS_TEST_HANDLED": str(self.handled),
            "AUTHHOOKS_TEST_DJANGO_STORE": "1",
        }

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``python args...`` in the project's environment."""
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**os.environ, **self.env, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``django-admin args...`` for the project."""
        return self.run("-m", "django", *args, check=check)

    def handled_ids(self) -> list[str]:
        if not self.handled.exists():
            return []
        return self.handled.read_text().split()


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: an SQLite file, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "project.db")
    from tests._postgres import new_database

    url: str = request.getfixturevalue("postgres_url")
    return new_database(url).replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def project(database: str, tmp_path: Path) -> Project:
    """The test project on ``database``, migrated, with an admin user."""
    project = Project(database, tmp_path / "handled.txt")
    project.manage("migrate", "--noinput", "-v", "0")
    created = project.run(
        "-c",
        "import django; django.setup()\n"
        "from django.contrib.auth.models import User\n"
        f"User.objects.create_superuser({ADMIN[0]!r}, 'admin@example.com', {ADMIN[1]!r})\n",
    )
    assert created.returncode == 0
    return project
