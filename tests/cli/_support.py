"""What the command-line tests share: credentials, captured requests, processes."""

from __future__ import annotations

import contextlib
import http.client
import json
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from authhooks import ConfigurationError, WebhookError
from authhooks._credentials import Given, credentials_for, known_providers
from authhooks._demo import demo_providers
from authhooks.cli import main
from authhooks.receiver import Receiver
from authhooks.samples import load_sample
from authhooks.schemes import Scheme
from authhooks.signing import SignedRequest

KEY = "uf_test_cli_key_0123456789"


SECRET = "s3cret_for_tests_0123456789abcdef"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    receiver: Receiver[Any]
    bodies: list[bytes]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.bodies.append(body)
        try:
            event = self.receiver.verify(body, dict(self.headers.items()))
        except WebhookError as exc:
            answer = json.dumps({"error": exc.reason, "detail": str(exc)}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            return
        answer = json.dumps({"received": event.type}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def capture(tmp_path: Path, body: bytes, headers: dict[str, str] | None) -> list[str]:
    (tmp_path / "body.json").write_bytes(body)
    args = [str(tmp_path / "body.json")]
    if headers is not None:
        (tmp_path / "headers.json").write_text(json.dumps(headers))
        args += ["--headers", str(tmp_path / "headers.json")]
    return args


def verify_fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main([*argv, "--json"]) == 1
    out = capsys.readouterr().out
    report: dict[str, Any] = json.loads(out)
    assert report["ok"] is False
    report["codes"] = [d["code"] for d in report["diagnosis"]]
    report["text"] = out
    return report


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    host, _, rest = url.removeprefix("http://").partition("/")
    name, _, port = host.partition(":")
    conn = http.client.HTTPConnection(name, int(port), timeout=10)
    try:
        conn.request("POST", "/" + rest, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def request(base: str, method: str, path: str) -> int:
    host, _, port = base.removeprefix("http://").rstrip("/").partition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def listen(*args: str) -> tuple[subprocess.Popen[str], queue.Queue[str], str]:
    """``authhooks listen ARGS --port 0`` in a subprocess: the process, a queue of its output
    lines (the banner already read) and its base URL."""
    argv = [sys.executable, "-u", "-m", "authhooks", "listen", *args, "--port", "0"]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in proc.stdout or ()], daemon=True
    ).start()
    try:
        first = lines.get(timeout=60)
    except queue.Empty:
        stop(proc)
        raise
    match = re.search(r"http://127\.0\.0\.1:\d+/", first)
    assert match, first
    return proc, lines, match.group(0)


def stop(proc: subprocess.Popen[str]) -> None:
    """Stop a process started by ``listen`` and close its pipes."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=30)
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()


@contextlib.contextmanager
def serving(receiver: Receiver[Any], path: str = "/hooks") -> Iterator[tuple[str, list[bytes]]]:
    """A real HTTP server on 127.0.0.1 verifying with ``receiver``: its URL and the bodies it
    received. Answers 200 with the event type, or 401/400 with the error."""
    bodies: list[bytes] = []
    handler = type("Handler", (Handler,), {"receiver": receiver, "bodies": bodies})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{path}", bodies
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def takes_a_secret(provider: str) -> bool:
    entry = credentials_for(provider)
    if entry is None:
        return False
    try:
        entry.sign({}, Given(secrets=(SECRET,)))
    except ConfigurationError:
        return False  # signs with a key pair
    return True


WITH_SECRET = [p for p in known_providers() if takes_a_secret(p)]


def signed_capture(provider: str, tmp_path: Path) -> tuple[bytes, dict[str, str]]:
    entry = credentials_for(provider)
    assert entry is not None
    demo = next(d for d in demo_providers() if d.name == provider)
    request = entry.sign(load_sample(provider, demo.event), Given(secrets=(SECRET,)))
    return request.body, request.headers


def stamped(provider: str, skew: int, tmp_path: Path) -> list[str]:
    """``verify`` arguments for a request of ``provider`` signed ``skew`` s ago (< 0: ahead)."""
    from authhooks.testing import sign_authcore, sign_frontegg

    at = int(time.time()) - skew
    if provider == "authcore":
        payload = load_sample("authcore", "user.created")
        request = sign_authcore(payload, secret=SECRET, timestamp=at)
    else:
        payload = load_sample("frontegg", "frontegg.user.created")
        request = sign_frontegg(payload, secret=SECRET, issued_at=at)
    files = capture(tmp_path, request.body, request.headers)
    return ["verify", provider, "--secret", SECRET, *files]


def closed_pipe() -> tuple[subprocess.Popen[bytes], Any]:
    """A pipe whose reader (``head -n 0``, or Python reading nothing) has already exited."""
    head = shutil.which("head")
    reader_argv = [head, "-n", "0"] if head else [sys.executable, "-c", "pass"]
    reader = subprocess.Popen(reader_argv, stdin=subprocess.PIPE)
    reader.wait(timeout=30)
    return reader, reader.stdin


def run_into_closed_pipe(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    _reader, write_end = closed_pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "authhooks", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
            env=env,
            check=False,
        )
    finally:
        write_end.close()
    return done.returncode, done.stderr.decode("utf-8", "replace")


def format_duration(seconds: float) -> str:
    from authhooks.cli._claims import format_duration as format_

    return format_(seconds)


def generic_scheme(args: list[str], secret: Any) -> Scheme:
    """The scheme that ``--scheme NAME --option value ...`` describes, built directly."""
    from authhooks import schemes

    kinds: dict[str, Any] = {
        "static-secret": schemes.StaticSecret,
        "body-hmac": schemes.BodyHmac,
        "timestamped-hmac": schemes.TimestampedHmac,
        "standard-webhooks": schemes.StandardWebhooks,
        "jwt": schemes.Jwt,
    }
    options: dict[str, Any] = {}
    for flag, value in zip(args[1::2], args[2::2], strict=True):
        name = flag.removeprefix("--").replace("-", "_")
        if name == "algorithm" and args[0] == "jwt":
            options.setdefault("algorithms", []).append(value)
        elif name == "tolerance":
            options["leeway" if args[0] == "jwt" else name] = float(value)
        else:
            options[name] = None if value == "" else value
    return kinds[args[0]](secret, **options)  # type: ignore[no-any-return]


def sign_generic(args: list[str], secret: Any, payload: Any, **options: Any) -> SignedRequest:
    """A request signed as a sender using the scheme of ``args`` (see ``generic_scheme``)."""
    return generic_scheme(args, secret).sign(payload, **options)
