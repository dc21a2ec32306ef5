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
elif kind == "gunicorn":
    from gunicorn.app.base import BaseApplication

    class Gunicorn(BaseApplication):
        def load_config(self):
            # One worker process with threads, as a small deployment runs it; a short
            # graceful stop; no access log (errors and the authhooks log go to stderr).
            options = {"bind": f"127.0.0.1:{port}", "workers": 1, "worker_class": "gthread",
                       "threads": 4, "graceful_timeout": 3, "loglevel": "warning"}
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    Gunicorn().run()
else:
    import uvicorn
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning",
                proxy_headers=False, lifespan="off", access_log=False, root_path=root_path)
"""


#: Where each running test server writes its stderr (its log), by base URL.
SERVER_LOGS: dict[str, Path] = {}


@contextmanager
def serve(
    kind: str,
    target: str,
    timeout: float = 30.0,
    env: dict[str, str] | None = None,
    *,
    root_path: str = "",
) -> Iterator[str]:
    """Serve ``module:app`` on 127.0.0.1 with waitress (``wsgi``), gunicorn (``gunicorn``, WSGI)
    or uvicorn (``asgi``, under ``root_path`` as ``uvicorn --root-path`` does); yield its base
    URL. ``env`` adds variables to the server's environment."""
    port = free_port()
    environment = {
        **os.environ,
        **(env or {}),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    log = tempfile.NamedTemporaryFile(prefix="authhooks-server-", suffix=".log")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-u", "-c", _SERVER, kind, target, str(port), root_path],
        cwd=ROOT,
        env=environment,
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


def _test_client_cannot_carry(item: pytest.Item) -> bool:
    """Django's test client always declares ``Content-Length``, so its chunked cases run only
    on the real servers; and it raises where a server answers 500 for a view that returns no
    response at all."""
    if item.path.name != "test_django.py" or getattr(item, "callspec", None) is None:
        return False
    params = item.callspec.params  # type: ignore[attr-defined]
    if params.get("call") != "test_client":
        return False
    return "chunked" in item.name or params.get("form") == "not-a-response"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the contract cases a transport cannot carry (see above)."""
    dropped = [item for item in items if _test_client_cannot_carry(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]
