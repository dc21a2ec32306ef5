"""Each engine behind its extra: importing ``authhooks`` and ``authhooks.dispatch`` needs no
engine, and an engine that is not installed is named with the extra that brings it."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

ENGINES = {
    # name in authhooks.dispatch: (its module, the modules that make it absent, the extra)
    "Celery": ("authhooks.dispatch.celery", ["celery"], "authhooks[celery]"),
    "celery_task": ("authhooks.dispatch.celery", ["celery"], "authhooks[celery]"),
    "RQ": ("authhooks.dispatch.rq", ["rq"], "authhooks[rq]"),
    "rq_job": ("authhooks.dispatch.rq", ["rq"], "authhooks[rq]"),
    "Dramatiq": ("authhooks.dispatch.dramatiq", ["dramatiq"], "authhooks[dramatiq]"),
    "dramatiq_actor": ("authhooks.dispatch.dramatiq", ["dramatiq"], "authhooks[dramatiq]"),
}


def _absent(modules: list[str]) -> str:
    """Python code making ``modules`` unimportable, as if they were not installed."""
    return "".join(f"import sys; sys.modules[{name!r}] = None\n" for name in modules)


def test_the_package_imports_no_engine() -> None:
    code = (
        "import sys, authhooks, authhooks.dispatch\n"
        "from authhooks.dispatch import Inline, Outcome, QueueDispatcher\n"
        "loaded = {'celery', 'rq', 'dramatiq', 'kombu'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", list(ENGINES))
def test_a_missing_engine_names_its_extra(name: str) -> None:
    module, modules, extra = ENGINES[name]
    for access in (
        f"import {module}",
        f"from authhooks.dispatch import {name}",
        f"import authhooks.dispatch; authhooks.dispatch.{name}",
    ):
        done = subprocess.run(
            [sys.executable, "-c", _absent(modules) + access],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, access
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith("ImportError: "), last
        assert extra in last, last


@pytest.mark.parametrize("name", ["Nope", "Worker", "_ENGINES_"])
def test_an_unknown_name_is_an_attribute_error(name: str) -> None:
    dispatch = importlib.import_module("authhooks.dispatch")
    with pytest.raises(AttributeError, match=name):
        getattr(dispatch, name)
