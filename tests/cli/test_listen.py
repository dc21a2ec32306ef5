"""``authhooks listen``: a local receiver printing what it accepts and rejects."""

from __future__ import annotations

import http.client
import json
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading

import pytest

from authhooks import Userfront
from authhooks.cli import main
from authhooks.samples import load_sample
from authhooks.testing import sign_userfront
from tests._servers import free_port
from tests.cli._support import (
    KEY,
    listen,
    post,
    request,
)


@pytest.mark.network
@pytest.mark.slow
@pytest.mark.parametrize("json_output", [False, True])
def test_listen_prints_events_and_rejections(json_output: bool) -> None:
    argv = [sys.executable, "-u", "-m", "authhooks", "listen", "userfront", "--secret", KEY]
    argv += ["--port", "0"] + (["--json"] if json_output else [])
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in proc.stdout or ()], daemon=True
    )
    reader.start()
    try:
        first = lines.get(timeout=60)
        match = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert match, first
        base = match.group(0)
        genuine = sign_userfront(load_sample("userfront", "user.update"), api_key=KEY)
        assert post(base + "hooks/uf", genuine.body, genuine.headers) in (200, 204)
        forged = sign_userfront(load_sample("userfront", "user.update"), api_key="uf_forged")
        assert post(base + "other", forged.body, forged.headers) == 401
        accepted, rejected = lines.get(timeout=30), lines.get(timeout=30)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    if json_output:
        assert json.loads(accepted)["event"]["type"] == "user.update"
        assert json.loads(rejected) == {
            "accepted": False,
            "method": "POST",
            "path": "/other",
            "status": 401,
            "reason": json.loads(rejected)["reason"],
        }
        assert "no accepted secret" in json.loads(rejected)["reason"]
    else:
        assert "POST /hooks/uf accepted: UserUpdated type='user.update'" in accepted
        assert "POST /other rejected (401):" in rejected
        assert "no accepted secret" in rejected
    assert KEY not in accepted + rejected


def test_listen_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["listen", "userfront", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


# -- verify diagnostics, for every provider that takes a secret from the command line ------------


@pytest.mark.network
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
def test_local_receiver_answers_other_methods_as_the_adapters_do(method: str) -> None:
    from authhooks.cli._server import BackgroundServer, build_app

    rejected: list[tuple[str, str, int, str]] = []
    accepted: list[tuple[str, str]] = []
    app = build_app(
        {"/{path:path}": Userfront(api_key=KEY)},
        lambda m, path, event: accepted.append((m, path)),
        lambda m, path, status, reason: rejected.append((m, path, status, reason)),
    )
    with BackgroundServer(app) as running:
        conn = http.client.HTTPConnection(running.host, running.port, timeout=10)
        try:
            conn.request(method, "/hooks/uf", headers={"Authorization": f"Bearer {KEY}"})
            response = conn.getresponse()
            body = response.read()
            genuine = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
            conn.request("POST", "/hooks/uf", body=genuine.body, headers=genuine.headers)
            assert conn.getresponse().status == 204
        finally:
            conn.close()
    assert response.status == 405
    assert response.getheader("Allow") == "POST"
    assert response.getheader("Content-Type") == "application/json"
    if method != "HEAD":
        assert json.loads(body)["error"] == "method_not_allowed"
    assert rejected == [(method, "/hooks/uf", 405, rejected[0][3])]
    assert "method_not_allowed" in rejected[0][3]
    assert accepted == [("POST", "/hooks/uf")]


@pytest.mark.network
@pytest.mark.slow
@pytest.mark.parametrize("json_output", [False, True])
def test_listen_logs_the_real_method(json_output: bool) -> None:
    extra = ["--json"] if json_output else []
    proc, lines, base = listen("userfront", "--secret", KEY, *extra)
    try:
        assert request(base, "GET", "/hooks/uf") == 405
        assert request(base, "DELETE", "/other") == 405
        first, second = lines.get(timeout=30), lines.get(timeout=30)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    if json_output:
        assert json.loads(first)["method"] == "GET"
        assert json.loads(second) == {
            "accepted": False,
            "method": "DELETE",
            "path": "/other",
            "status": 405,
            "reason": json.loads(second)["reason"],
        }
    else:
        assert " GET /hooks/uf rejected (405): " in first
        assert " DELETE /other rejected (405): " in second
        assert not re.search(r"\d POST /", first + second)


@pytest.mark.network
@pytest.mark.slow
def test_listen_stops_quietly_when_its_reader_goes_away() -> None:
    """``authhooks listen ... | head -n 1``: the banner is read, then the reader exits."""
    head = shutil.which("head")
    reader_argv = [head, "-n", "1"] if head else [sys.executable, "-c", "input()"]
    reader = subprocess.Popen(reader_argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert reader.stdin is not None
    assert reader.stdout is not None
    argv = [sys.executable, "-m", "authhooks", "listen", "userfront", "--secret", KEY]
    port = free_port()
    proc = subprocess.Popen(
        [*argv, "--port", str(port)], stdout=reader.stdin, stderr=subprocess.PIPE
    )
    reader.stdin.close()  # the listener holds the only write end
    try:
        banner = reader.stdout.read().decode()  # until head exits, after one line
        assert reader.wait(timeout=60) == 0
        assert f"http://127.0.0.1:{port}/" in banner
        genuine = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
        # The event is still answered 2xx: only printing it failed.
        assert post(f"http://127.0.0.1:{port}/hooks", genuine.body, genuine.headers) == 204
        code = proc.wait(timeout=30)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for stream in (proc.stderr, reader.stdout):
            if stream:
                stream.close()
    assert (code, err) == (141, "")


@pytest.mark.network
def test_local_receiver_answers_a_synchronous_hook_with_the_events_answer() -> None:
    """A synchronous hook (Supabase Auth's) pointed at ``listen`` gets the event's success
    answer, so that the provider's flow goes on: the claims as sent, not a bare 204."""
    from authhooks import Supabase
    from authhooks.cli._server import BackgroundServer, build_app

    supabase = Supabase("v1,whsec_dGhlIHNlY3JldCBvZiB0aGUgdGVzdHM=")
    accepted: list[str] = []
    app = build_app(
        {"/supabase": supabase, "/userfront": Userfront(api_key=KEY)},
        lambda m, path, event: accepted.append(event.type),
        lambda m, path, status, reason: None,
    )
    claims = load_sample("supabase", "customize-access-token")["claims"]
    expected = {
        "customize-access-token": {"claims": claims},
        "password-verification": {"decision": "continue"},
        "mfa-verification": {"decision": "continue"},
        "send-email": {},
        "before-user-created": {},
    }
    with BackgroundServer(app) as running:
        conn = http.client.HTTPConnection(running.host, running.port, timeout=10)
        try:
            for hook, answer in expected.items():
                signed = supabase.scheme.sign(load_sample("supabase", hook))
                conn.request("POST", "/supabase", body=signed.body, headers=signed.headers)
                response = conn.getresponse()
                assert (response.status, json.loads(response.read())) == (200, answer), hook
                assert response.getheader("Content-Type") == "application/json", hook
            genuine = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
            conn.request("POST", "/userfront", body=genuine.body, headers=genuine.headers)
            response = conn.getresponse()
            assert (response.status, response.read()) == (204, b"")
        finally:
            conn.close()
    assert accepted == [*expected, "user.create"]
