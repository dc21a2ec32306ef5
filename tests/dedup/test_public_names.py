"""The package's public names: all under ``authhooks.dedup``, none pulling in a backend."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import authhooks.dedup

PUBLIC = {
    "DEFAULT_PROCESSING_TIMEOUT",
    "DEFAULT_RETENTION",
    "DedupStore",
    "DjangoCacheStore",
    "Duplicate",
    "MemoryStore",
    "RedisStore",
    "arun_once",
    "run_once",
}


def test_every_public_name_is_imported_from_the_package() -> None:
    assert set(authhooks.dedup.__all__) == PUBLIC
    for name in PUBLIC:
        value = getattr(authhooks.dedup, name)
        module = getattr(value, "__module__", "authhooks.dedup")
        assert module.startswith("authhooks.dedup"), name


@pytest.mark.parametrize(
    ("module", "name"),
    [("memory", "MemoryStore"), ("redis", "RedisStore"), ("django_cache", "DjangoCacheStore")],
)
def test_one_module_per_store(module: str, name: str) -> None:
    store = getattr(authhooks.dedup, name)
    assert store is getattr(importlib.import_module(f"authhooks.dedup.{module}"), name)
    assert issubclass(store, authhooks.dedup.DedupStore)


def test_importing_the_stores_imports_no_backend() -> None:
    code = (
        "import sys, authhooks.dedup\n"
        "from authhooks.dedup import DjangoCacheStore, MemoryStore, RedisStore\n"
        "print(sorted(m for m in ('redis', 'django') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
