"""A throw-away PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` from the machine's
PostgreSQL (Debian's ``postgresql`` package: ``/usr/lib/postgresql/<version>/bin``), in a
temporary directory, on 127.0.0.1.

PostgreSQL refuses to run as root: as root, the server runs as the unprivileged ``nobody``
user. Without PostgreSQL the tests that need it are skipped, unless
``AUTHHOOKS_REQUIRE_POSTGRES=1`` (CI sets it), which makes them fail instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests._servers import free_port

__all__ = ["PostgresMissing", "binaries", "new_database", "postgres_server"]


class PostgresMissing(Exception):
    """No PostgreSQL server binaries on this machine."""


def binaries() -> Path:
    """The directory of ``initdb``, ``pg_ctl`` and ``postgres``: ``$AUTHHOOKS_PG_BIN``, else
    the newest ``/usr/lib/postgresql/*/bin``, else ``pg_config --bindir``."""
    given = os.environ.get("AUTHHOOKS_PG_BIN")
    candidates = [Path(given)] if given else []
    found = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(
        (Path(p) for p in found), key=lambda p: int(p.parent.name.split(".")[0]), reverse=True
    )
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(out.stdout.strip()))
    for candidate in candidates:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    raise PostgresMissing(
        "PostgreSQL is not installed (apt-get install postgresql, or set AUTHHOOKS_PG_BIN)"
    )


def _as_user() -> dict[str, Any]:
    """Run as ``nobody`` when this process is root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a PostgreSQL server in a temporary directory; yield its SQLAlchemy URL."""
    bindir = binaries()
    who = _as_user()
    root = Path(tempfile.mkdtemp(prefix="authhooks-pg-"))
    data = root / "data"
    port = free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PGTZ": "UTC"}
    if who:
        os.chown(root, who["user"], who["group"])
    try:
        subprocess.run(
            [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--no-sync", "--no-instructions"],
            check=True, capture_output=True, cwd=root, env=env, **who,
        )  # fmt: skip
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40"
        )
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"),
             "-o", options, "-w", "-t", "30", "start"],
            check=True, capture_output=True, cwd=root, env=env, **who,
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        log = root / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(
            f"PostgreSQL did not start: {exc.stderr.decode(errors='replace')[-2000:]}{detail}"
        ) from None
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False, capture_output=True, cwd=root, env=env, **who,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def new_database(url: str) -> str:
    """Create an empty database on the server of ``url``; return its URL."""
    import uuid

    import sqlalchemy as sa

    name = f"authhooks_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return url.rsplit("/", 1)[0] + "/" + name
