"""Fixtures of the adapter tests: a de-duplication store and real servers on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests._servers import free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parents[2]

_SERVER = """
import importlib, sys
kind, target, port, root_path = sys.argv[1:]
module, _, name = target.partition(":")
app = getattr(importlib.import_module(module), name)
if kind == "wsgi":
    import waitress
    # waitress drops X-Forwarded-* by default: keep them, the adapters decide whom to trust.
    waitress.serve(app, host="127.0.0.1", port=int(port), threads=4, _quiet=True,
                   clear_untrusted_proxy_headers=False)
else:
    import uvicorn
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning",
                proxy_headers=False, lifespan="off", access_log=False, root_path=root_path)
"""


#: Where each running test server writes its stderr (its log), by base URL.
SERVER_LOGS: dict[str, Path] = {}


@contextmanager
def serve(kind: str, target: str, timeout: float = 30.0, *, root_path: str = "") -> Iterator[str]:
    """Serve ``module:app`` with waitress (``wsgi``) or uvicorn (``asgi``, under ``root_path``
    as ``uvicorn --root-path`` does); yield its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    log = tempfile.NamedTemporaryFile(prefix="authhooks-server-", suffix=".log")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-u", "-c", _SERVER, kind, target, str(port), root_path],
        cwd=ROOT,
        env=env,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    SERVER_LOGS[url] = Path(log.name)
    try:
        wait_for_port(port, process, timeout)
        yield url
    finally:
        SERVER_LOGS.pop(url, None)
        log.close()
        stop(process)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the contract cases a transport cannot carry: Django's test client always
    declares ``Content-Length``, so its chunked cases run only on the real server."""
    dropped = [
        item
        for item in items
        if "chunked" in item.name
        and item.path.name == "test_django.py"
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("call") == "test_client"
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]
