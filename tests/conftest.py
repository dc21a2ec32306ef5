from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests._postgres import PostgresMissing, postgres_server

#: The throw-away key pairs of ``tests._keys`` serve every folder's tests as fixtures.
pytest_plugins = ["pytester", "tests._keys"]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for the session (skipped without PostgreSQL, unless
    ``AUTHHOOKS_REQUIRE_POSTGRES=1``)."""
    try:
        with postgres_server() as url:
            yield url
    except PostgresMissing as exc:
        if os.environ.get("AUTHHOOKS_REQUIRE_POSTGRES") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
