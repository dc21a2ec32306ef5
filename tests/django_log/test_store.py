"""DjangoStore keeps the same records as every other store: the store tests of
tests/log/test_stores.py, run again on the Django ORM (on SQLite and on PostgreSQL) in a
process configured with the test project."""

from __future__ import annotations

import re

from tests.django_log.conftest import Project


def test_the_store_tests_pass_on_the_django_orm(project: Project) -> None:
    done = project.run(
        "-m",
        "pytest",
        "tests/log/test_stores.py",
        "-q",
        "-p",
        "no:cacheprovider",
        "-k",
        "django",
        check=False,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed is not None, summary
    assert int(passed.group(1)) >= 10  # every test of a store, each hostile text
    assert "skipped" not in summary
