from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from authhooks import ConfigurationError, Userfront, WebhookError
from authhooks._demo import demo_providers
from authhooks.cli import main
from authhooks.samples import load_sample
from authhooks.testing import sign_userfront
from tests._servers import free_port

KEY = "uf_test_cli_key_0123456789"


# -- a real HTTP server on 127.0.0.1 that verifies with a Userfront receiver -------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    receiver: Userfront
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


@pytest.fixture
def server() -> Iterator[tuple[str, list[bytes]]]:
    bodies: list[bytes] = []
    handler = type("Handler", (_Handler,), {"receiver": Userfront(api_key=KEY), "bodies": bodies})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/hooks/userfront", bodies
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


# -- help and the command itself ---------------------------------------------------------------


def test_python_m_authhooks_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "authhooks", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for command in ("demo", "send", "verify", "listen"):
        assert re.search(rf"^\s+{command}\s", out.stdout, re.MULTILINE), command


def test_subprocess_send_verifies_against_real_server(server: tuple[str, list[bytes]]) -> None:
    url, bodies = server
    env = {**os.environ, "AUTHHOOKS_SECRET": KEY}
    done = subprocess.run(
        [sys.executable, "-m", "authhooks", "send", "userfront", "user.delete", "--to", url],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "200 OK" in done.stdout
    assert KEY not in done.stdout + done.stderr
    assert json.loads(bodies[0])["action"] == "delete"


@pytest.mark.parametrize("command", ["demo", "send", "verify", "listen"])
def test_each_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "--json" in capsys.readouterr().out


def test_no_command_is_an_error() -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


# -- demo ----------------------------------------------------------------------------------------


@pytest.mark.network
def test_demo_accepts_genuine_and_rejects_forged(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"local receiver on http://127\.0\.0\.1:\d+", out)
    for provider in demo_providers():
        head = f"[{provider.name}]"
        assert f"{head} genuine {provider.event}: accepted (HTTP 2" in out
        assert f"{head} forged {provider.event}: rejected (HTTP 401" in out
    n = len(demo_providers())
    assert f"{n}/{n} genuine requests accepted, {n}/{n} forged requests rejected" in out
    assert "uf_demo_webhook_key" not in out
    assert "fe_demo_connection_secret" not in out


@pytest.mark.network
def test_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    names = {p.name for p in demo_providers()}
    assert {r["provider"] for r in report["results"]} == names
    for result in report["results"]:
        assert result["as_expected"] is True
        if result["request"] == "genuine":
            assert result["event_detail"]["provider"] == result["provider"]
            assert result["event_detail"]["type"] == result["event"]
        else:
            assert result["status"] == 401
            assert result["reason"]


@pytest.mark.network
@pytest.mark.slow
def test_demo_end_to_end_in_a_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "authhooks", "demo"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "forged requests rejected" in done.stdout


# -- send ----------------------------------------------------------------------------------------


@pytest.mark.network
def test_send_one(server: tuple[str, list[bytes]], capsys: pytest.CaptureFixture[str]) -> None:
    url, bodies = server
    assert main(["send", "userfront", "user.create", "--to", url, "--secret", KEY]) == 0
    out = capsys.readouterr().out
    assert f"userfront user.create -> POST {url}: 200 OK" in out
    assert '"received": "user.create"' in out
    assert json.loads(bodies[0]) == load_sample("userfront", "user.create")


@pytest.mark.network
def test_send_count_concurrency_json(
    server: tuple[str, list[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, bodies = server
    argv = ["send", "userfront", "tenant.update", "--to", url, "--secret", KEY]
    assert main([*argv, "--count", "40", "--concurrency", "4", "--json"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["requests"] == 40
    assert summary["ok"] == 40
    assert summary["statuses"] == {"200": 40}
    assert summary["requests_per_second"] > 0
    assert 0 < summary["latency_ms"]["p50"] <= summary["latency_ms"]["p99"]
    assert len(bodies) == 40
    assert "40/40" in captured.err  # the progress bar
    assert KEY not in captured.out + captured.err


@pytest.mark.network
def test_send_count_human_summary(
    server: tuple[str, list[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = server
    argv = ["send", "userfront", "user.update", "--to", url, "--secret", KEY, "--count", "5"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert re.search(r"5 requests \(5 x 200\) in [\d.]+ s: [\d.]+ requests/s", out)
    assert re.search(r"latency p50 [\d.]+ ms, p99 [\d.]+ ms", out)


@pytest.mark.network
def test_send_rejected_exits_1(
    server: tuple[str, list[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = server
    assert main(["send", "userfront", "user.create", "--to", url, "--secret", "wrong-key"]) == 1
    out = capsys.readouterr().out
    assert "401 Unauthorized" in out
    assert "holds no accepted secret" in out
    assert "wrong-key" not in out


@pytest.mark.network
def test_send_data_file_is_sent_byte_for_byte(
    server: tuple[str, list[bytes]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, bodies = server
    raw = b'{ "action": "update",\n  "model": "user", "record": {"email": "\xc3\xa9@x.io"} }'
    data = tmp_path / "payload.json"
    data.write_bytes(raw)
    argv = ["send", "userfront", "user.update", "--to", url, "--secret", KEY, "--data", str(data)]
    assert main([*argv, "--json"]) == 0
    assert bodies == [raw]
    assert json.loads(capsys.readouterr().out)["status"] == 200


@pytest.mark.network
def test_send_secret_from_environment(
    server: tuple[str, list[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = server
    monkeypatch.setenv("AUTHHOOKS_SECRET", KEY)
    assert main(["send", "userfront", "user.create", "--to", url]) == 0


@pytest.mark.network
def test_send_unreachable_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    assert main(["send", "userfront", "user.create", "--to", url, "--json"]) == 3
    summary = json.loads(capsys.readouterr().out)
    assert summary["statuses"] == {"error": 1}
    assert "Connection" in summary["error"] or "refused" in summary["error"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["send", "userfront", "user.exploded", "--to", "http://127.0.0.1:9/"], "no sample"),
        (["send", "nobody", "user.create", "--to", "http://127.0.0.1:9/"], "unknown provider"),
        (["send", "userfront", "user.create", "--to", "ftp://x/"], "http:// or https://"),
        (
            ["send", "userfront", "user.create", "--to", "http://127.0.0.1:9/", "--data", "/nope"],
            "cannot read",
        ),
    ],
)
def test_send_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_send_count_must_be_positive() -> None:
    with pytest.raises(SystemExit) as info:
        main(["send", "userfront", "user.create", "--to", "http://127.0.0.1:9/", "--count", "0"])
    assert info.value.code == 2


# -- verify --------------------------------------------------------------------------------------


def _capture(tmp_path: Path, body: bytes, headers: dict[str, str] | None) -> list[str]:
    (tmp_path / "body.json").write_bytes(body)
    args = [str(tmp_path / "body.json")]
    if headers is not None:
        (tmp_path / "headers.json").write_text(json.dumps(headers))
        args += ["--headers", str(tmp_path / "headers.json")]
    return args


def test_verify_prints_the_typed_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = _capture(tmp_path, request.body, request.headers)
    assert main(["verify", "userfront", "--secret", KEY, *files]) == 0
    out = capsys.readouterr().out
    assert "verified: UserCreated type='user.create' kind='user.created'" in out
    assert '"email": "ada@example.com"' in out
    assert KEY not in out


def test_verify_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = sign_userfront(load_sample("userfront", "tenant.delete"), api_key=KEY)
    files = _capture(tmp_path, request.body, request.headers)
    assert (
        main(["verify", "userfront", "--secret", "old-key", "--secret", KEY, *files, "--json"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["event"]["class"] == "TenantDeleted"
    assert report["event"]["kind"] == "tenant.deleted"


def test_verify_headers_as_curl_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    (tmp_path / "body.json").write_bytes(request.body)
    (tmp_path / "headers.txt").write_text(
        f"> POST /hooks HTTP/1.1\n> Content-Type: application/json\n> Authorization: Bearer {KEY}\n"
    )
    argv = ["verify", "userfront", "--secret", KEY, "--headers", str(tmp_path / "headers.txt")]
    assert main([*argv, str(tmp_path / "body.json")]) == 0


def _verify_fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main([*argv, "--json"]) == 1
    out = capsys.readouterr().out
    report: dict[str, Any] = json.loads(out)
    assert report["ok"] is False
    report["codes"] = [d["code"] for d in report["diagnosis"]]
    report["text"] = out
    return report


def test_verify_missing_header_without_headers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _capture(tmp_path, b'{"action":"create","model":"user"}', None)
    report = _verify_fails(["verify", "userfront", "--secret", KEY, *files], capsys)
    assert report["error"]["header"] == "Authorization"
    assert report["codes"] == ["missing_header"]
    assert "'Authorization'" in report["text"]
    assert "--headers FILE" in report["text"]


def test_verify_missing_header_names_the_headers_present(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _capture(tmp_path, b"{}", {"Content-Type": "application/json", "X-Forwarded-For": "1"})
    report = _verify_fails(["verify", "userfront", "--secret", KEY, *files], capsys)
    assert report["codes"] == ["missing_header"]
    assert "Content-Type, X-Forwarded-For" in report["text"]
    assert "proxy" in report["text"]


@pytest.mark.parametrize(
    ("pasted", "what"),
    [
        (f"Bearer {KEY}", "the prefix 'Bearer '"),
        (f"{KEY}\n", "surrounding spaces or a newline"),
        (f'"{KEY}"', "quotes"),
    ],
)
def test_verify_secret_pasted_with_a_prefix(
    pasted: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = _capture(tmp_path, request.body, request.headers)
    report = _verify_fails(["verify", "userfront", "--secret", pasted, *files], capsys)
    assert report["codes"] == ["secret_format"]
    assert what in report["text"]
    assert KEY not in report["text"]


def test_verify_wrong_secret(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = _capture(tmp_path, request.body, request.headers)
    report = _verify_fails(["verify", "userfront", "--secret", "uf_other", *files], capsys)
    assert report["error"]["reason"] == "invalid_signature"
    assert report["codes"] == ["wrong_secret"]
    assert "uf_other" not in report["text"]
    assert KEY not in report["text"]


def test_verify_wrong_secret_that_also_has_a_prefix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = _capture(tmp_path, request.body, request.headers)
    report = _verify_fails(["verify", "userfront", "--secret", "whsec_nope", *files], capsys)
    assert report["codes"] == ["secret_format", "wrong_secret"]
    assert "the prefix 'whsec_'" in report["text"]


def test_verify_malformed_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _capture(tmp_path, b"{}", {"Authorization": f"Basic {KEY}"})
    report = _verify_fails(["verify", "userfront", "--secret", KEY, *files], capsys)
    assert report["error"]["reason"] == "invalid_header"
    assert "invalid_header" in report["codes"]


def test_verify_authentic_but_invalid_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = sign_userfront(b'{"model": "user", "action": "create", "record": 7}', api_key=KEY)
    files = _capture(tmp_path, request.body, request.headers)
    report = _verify_fails(["verify", "userfront", "--secret", KEY, *files], capsys)
    assert report["codes"] == ["payload"]
    assert "authentic" in report["text"]
    assert "400" in report["text"]


def test_verify_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _capture(tmp_path, b"{}", {})
    assert main(["verify", "userfront", "--secret", KEY, *files]) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT verified: MissingHeaderError:")
    assert "\n  - the request has no 'Authorization' header" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [("[1, 2]", "JSON object"), ("{nope", "not valid JSON"), ("no colon here", "Name: value")],
)
def test_verify_bad_headers_file(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "h").write_text(content)
    (tmp_path / "b").write_bytes(b"{}")
    argv = ["verify", "userfront", "--secret", KEY, "--headers", str(tmp_path / "h")]
    assert main([*argv, str(tmp_path / "b")]) == 2
    assert message in capsys.readouterr().err


def test_verify_unknown_provider(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b").write_bytes(b"{}")
    assert main(["verify", "nobody", "--secret", "x", str(tmp_path / "b")]) == 2
    assert "unknown provider 'nobody'" in capsys.readouterr().err


# -- listen --------------------------------------------------------------------------------------


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
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
        assert _post(base + "hooks/uf", genuine.body, genuine.headers) in (200, 204)
        forged = sign_userfront(load_sample("userfront", "user.update"), api_key="uf_forged")
        assert _post(base + "other", forged.body, forged.headers) == 401
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
        assert "no accepted key" in json.loads(rejected)["reason"]
    else:
        assert "POST /hooks/uf accepted: UserUpdated type='user.update'" in accepted
        assert "POST /other rejected (401):" in rejected
        assert "no accepted key" in rejected
    assert KEY not in accepted + rejected


def test_listen_port_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["listen", "userfront", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


# -- verify diagnostics, for every provider that takes a secret from the command line ------------

from authhooks._credentials import Given, credentials_for, known_providers  # noqa: E402

SECRET = "s3cret_for_tests_0123456789abcdef"


def _takes_a_secret(provider: str) -> bool:
    entry = credentials_for(provider)
    if entry is None:
        return False
    try:
        entry.sign({}, Given(secrets=(SECRET,)))
    except ConfigurationError:
        return False  # signs with a key pair
    return True


_WITH_SECRET = [p for p in known_providers() if _takes_a_secret(p)]


def _signed_capture(provider: str, tmp_path: Path) -> tuple[bytes, dict[str, str]]:
    entry = credentials_for(provider)
    assert entry is not None
    demo = next(d for d in demo_providers() if d.name == provider)
    request = entry.sign(load_sample(provider, demo.event), Given(secrets=(SECRET,)))
    return request.body, request.headers


@pytest.mark.parametrize("provider", _WITH_SECRET)
@pytest.mark.parametrize("indent", [None, 2, 4])
def test_verify_recognises_a_re_serialised_body(
    provider: str, indent: int | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = _signed_capture(provider, tmp_path)
    pretty = json.dumps(json.loads(body), indent=indent).encode()
    assert pretty != body
    entry = credentials_for(provider)
    assert entry is not None
    receiver = entry.make_receiver(Given(secrets=(SECRET,)), None)
    try:
        receiver.verify(pretty, headers)
    except WebhookError:
        covers_body = True
    else:
        covers_body = False
    argv = ["verify", provider, "--secret", SECRET, *_capture(tmp_path, pretty, headers)]
    if not covers_body:
        # The provider's check does not cover the body: nothing to diagnose.
        assert main(argv) == 0
        return
    report = _verify_fails(argv, capsys)
    assert report["codes"] == ["re_serialised"]
    assert "re-serialised" in report["text"]
    assert SECRET not in report["text"]


@pytest.mark.parametrize("provider", _WITH_SECRET)
@pytest.mark.parametrize("prefix", ["Bearer ", "whsec_"])
def test_verify_recognises_a_prefixed_secret(
    provider: str, prefix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = _signed_capture(provider, tmp_path)
    argv = ["verify", provider, "--secret", prefix + SECRET, *_capture(tmp_path, body, headers)]
    report = _verify_fails(argv, capsys)
    assert report["codes"] == ["secret_format"]
    assert f"the prefix {prefix!r}" in report["text"]
    assert SECRET not in report["text"]


def test_verify_trailing_newline_added_by_an_editor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    candidates = [p for p in _WITH_SECRET if p != "userfront"]
    if not candidates:
        pytest.skip("no provider signing the body takes a secret from the command line")
    body, headers = _signed_capture(candidates[0], tmp_path)
    argv = ["verify", candidates[0], "--secret", SECRET, *_capture(tmp_path, body + b"\n", headers)]
    report = _verify_fails(argv, capsys)
    assert report["codes"] == ["re_serialised"]
    assert "without its trailing newline" in report["text"]


# -- verify: how far the timestamp is off (AuthCore signs one) -----------------------------------


@pytest.mark.parametrize(
    ("age", "words", "zone"),
    [
        (3 * 3600 + 120, "3 h 2 min in the past", True),
        (-7200, "2 h in the future", True),
        (2 * 86400 + 3600, "2 d 1 h in the past", False),
        (3600 + 1200, "1 h 20 min in the past", False),
    ],
)
def test_verify_reports_how_far_the_timestamp_is_off(
    age: int, words: str, zone: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import sign_authcore

    stamp = int(time.time()) - age
    request = sign_authcore(load_sample("authcore", "user.created"), secret=SECRET, timestamp=stamp)
    files = _capture(tmp_path, request.body, request.headers)
    report = _verify_fails(["verify", "authcore", "--secret", SECRET, *files], capsys)
    assert report["error"]["reason"] == "timestamp_out_of_tolerance"
    # A skew within the tolerance of a whole number of hours also suggests a time zone.
    expected = (
        ["timestamp", "time_zone", "only_timestamp"] if zone else ["timestamp", "only_timestamp"]
    )
    assert report["codes"] == expected
    assert words in report["text"]
    assert "the signature is valid" in report["text"]


def test_verify_stale_and_re_serialised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from authhooks.testing import sign_authcore

    stamp = int(time.time()) - 7200
    request = sign_authcore(load_sample("authcore", "user.created"), secret=SECRET, timestamp=stamp)
    pretty = json.dumps(json.loads(request.body), indent=4).encode()
    files = _capture(tmp_path, pretty, request.headers)
    report = _verify_fails(["verify", "authcore", "--secret", SECRET, *files], capsys)
    assert report["codes"] == ["timestamp", "time_zone", "re_serialised"]
    assert "matches compact JSON" in report["text"]
    assert "2 h in the past" in report["text"]


def test_verify_stale_with_the_wrong_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import sign_authcore

    stamp = int(time.time()) - 7200
    request = sign_authcore(load_sample("authcore", "user.created"), secret=SECRET, timestamp=stamp)
    files = _capture(tmp_path, request.body, request.headers)
    report = _verify_fails(["verify", "authcore", "--secret", "other", *files], capsys)
    # AuthCore checks the signature before the time: the secret is what is wrong.
    assert report["codes"] == ["wrong_secret"]


@pytest.mark.parametrize("indent", [2, 4])
def test_verify_names_the_encoding_the_signature_matches(
    indent: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import sign_authcore

    sent = json.dumps(load_sample("authcore", "user.created"), indent=indent).encode()
    request = sign_authcore(sent, secret=SECRET)
    compact = json.dumps(json.loads(sent), separators=(",", ":")).encode()
    files = _capture(tmp_path, compact, request.headers)
    report = _verify_fails(["verify", "authcore", "--secret", SECRET, *files], capsys)
    assert report["codes"] == ["re_serialised"]
    assert f"matches json.dumps with indent={indent}" in report["text"]


def test_demo_without_the_cli_extra_verifies_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed
    assert main(["demo"]) == 0
    captured = capsys.readouterr()
    assert "pip install 'authhooks[cli]'" in captured.err
    assert captured.out.startswith("verifying in this process")
    for provider in demo_providers():
        assert f"[{provider.name}] genuine {provider.event}: accepted (HTTP 204)" in captured.out
        assert f"[{provider.name}] forged {provider.event}: rejected (HTTP 401" in captured.out


# -- akamai: a key pair instead of a secret ------------------------------------------------------


@pytest.fixture
def akamai_key(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = tmp_path / "akamai.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = tmp_path / "akamai.pub.pem"
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


@pytest.mark.network
def test_send_akamai_with_a_key(
    akamai_key: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks import Akamai

    private, public = akamai_key
    bodies: list[bytes] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/hooks/akamai"
    receiver = Akamai(keys=public.read_text(), audience=url)
    httpd.RequestHandlerClass = type(
        "Handler", (_Handler,), {"receiver": receiver, "bodies": bodies}
    )
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        argv = ["send", "akamai", "entityCreated", "--to", url, "--key", str(private)]
        assert main([*argv, "--json"]) == 0  # the audience defaults to --to
        assert json.loads(capsys.readouterr().out)["response"] == '{"received": "entityCreated"}'
        other = ["--audience", "https://elsewhere.example/hooks"]
        assert main([*argv, *other]) == 1
        assert "aud" in capsys.readouterr().out
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
    assert bodies[0].count(b".") == 2  # a compact JWS, not JSON


@pytest.mark.parametrize("which", ["public", "private", "jwks"])
def test_verify_akamai_with_a_key(
    which: str,
    akamai_key: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from authhooks.testing import AkamaiTestKeys, sign_akamai

    private, public = akamai_key
    keys = AkamaiTestKeys.from_pem(private.read_bytes(), kid="k1")
    audience = "https://hooks.example.com/akamai"
    request = sign_akamai(load_sample("akamai", "entityDeleted"), keys=keys, audience=audience)
    files = _capture(tmp_path, request.body, request.headers)
    key_file = {"public": public, "private": private, "jwks": tmp_path / "jwks.json"}[which]
    (tmp_path / "jwks.json").write_text(json.dumps(keys.jwks))
    argv = ["verify", "akamai", "--key", str(key_file), "--audience", audience, *files]
    assert main(argv) == 0
    assert "verified: EntityDeleted type='entityDeleted'" in capsys.readouterr().out


def test_verify_akamai_explains_a_stale_token(
    akamai_key: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import AkamaiTestKeys, sign_akamai

    private, _ = akamai_key
    keys = AkamaiTestKeys.from_pem(private.read_bytes(), kid="k1")
    audience = "https://hooks.example.com/akamai"
    claims = load_sample("akamai", "entityCreated")
    # Older than Akamai's retry horizon (26 h): a day-old token is a genuine retry.
    issued_at = int(time.time()) - 2 * 86400 - 3600
    request = sign_akamai(claims, keys=keys, audience=audience, issued_at=issued_at)
    files = _capture(tmp_path, request.body, request.headers)
    argv = ["verify", "akamai", "--key", str(private), "--audience", audience, *files]
    report = _verify_fails(argv, capsys)
    assert report["codes"] == ["timestamp", "only_timestamp"]
    assert "2 d 1 h in the past, beyond the 1 d 2 h the receiver allows" in report["text"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "--audience"),
        (["--audience", "https://x.example/"], None),
    ],
)
def test_verify_akamai_usage_errors(
    extra: list[str],
    message: str | None,
    akamai_key: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    private, _ = akamai_key
    (tmp_path / "bad.pem").write_text(
        "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n"
    )
    (tmp_path / "b").write_bytes(b"x.y.z")
    key = str(private) if message else str(tmp_path / "bad.pem")
    assert main(["verify", "akamai", "--key", key, *extra, str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    assert (message or "not an unencrypted RSA PEM private key") in err


@pytest.mark.parametrize("json_output", [False, True])
def test_verify_never_prints_an_api_key_from_the_payload(
    json_output: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import sign_theauthapi

    payload = load_sample("theauthapi", "api-key.created")
    request = sign_theauthapi(payload, secret=SECRET)
    files = _capture(tmp_path, request.body, request.headers)
    argv = ["verify", "theauthapi", "--secret", SECRET, *files] + (
        ["--json"] if json_output else []
    )
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "ApiKeyCreated" in out
    assert payload["data"]["key"] not in out
    assert SECRET not in out


@pytest.mark.parametrize(
    ("fraction", "expected"), [(0.5, 50.0), (0.99, 99.0), (0.01, 1.0), (1.0, 100.0)]
)
def test_send_percentiles_are_nearest_rank(fraction: float, expected: float) -> None:
    from authhooks.cli._send import percentile

    assert percentile([float(n) for n in range(1, 101)], fraction) == expected
    assert percentile([7.0], fraction) == 7.0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import authhooks

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"authhooks {authhooks.__version__}\n"


# -- verify --headers: JSON, 'Name: value' lines, a curl -v transcript ---------------------------


def _verify_with_headers(
    tmp_path: Path, text: str, *, newline: str = "\n", body: bytes | None = None
) -> int:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    (tmp_path / "body.json").write_bytes(request.body if body is None else body)
    (tmp_path / "headers.txt").write_bytes(text.replace("\n", newline).encode())
    argv = ["verify", "userfront", "--secret", KEY, "--headers", str(tmp_path / "headers.txt")]
    return main([*argv, str(tmp_path / "body.json")])


CURL_V = f"""\
*   Trying 127.0.0.1:8000...
* Connected to 127.0.0.1 (127.0.0.1) port 8000 (#0)
> POST /hooks/userfront HTTP/1.1
> Host: 127.0.0.1:8000
> User-Agent: curl/7.88.1
> Accept: */*
> Authorization: Bearer {KEY}
> Content-Type: application/json
> Content-Length: 42
>{" "}
}} [42 bytes data]
< HTTP/1.1 401 Unauthorized
< content-type: application/json
< content-length: 95
<{" "}
{{ [95 bytes data]
* Connection #0 to host 127.0.0.1 left intact
{{"error": "invalid_signature", "detail": "header 'Authorization' holds no accepted key"}}
"""

CURL_V_HTTP2 = f"""\
* ALPN: offers h2,http/1.1
* [HTTP/2] [1] OPENED stream for https://hooks.example.com/hooks/userfront
* [HTTP/2] [1] [:method: POST]
* [HTTP/2] [1] [authorization: Bearer {KEY}]
> POST /hooks/userfront HTTP/2
> host: hooks.example.com
> authorization: Bearer {KEY}
> content-type: application/json
>
< HTTP/2 204
< date: Mon, 01 Jan 2024 00:00:00 GMT
<
* Connection #0 to host hooks.example.com left intact
"""


@pytest.mark.parametrize(
    ("text", "newline"),
    [
        (CURL_V, "\n"),
        (CURL_V, "\r\n"),  # curl writes CRLF after each header line
        (CURL_V_HTTP2, "\n"),
        # The response body curl printed quotes a '> ' line: not a request header.
        (CURL_V + "> Authorization: Bearer forged\n", "\n"),
        (f"> Authorization: Bearer {KEY}\n> Content-Type: application/json\n", "\n"),
        (f"POST /hooks HTTP/1.1\nAuthorization: Bearer {KEY}\n\nContent-Type: text/x\n", "\n"),
        (f":method: POST\n:path: /hooks\nauthorization: Bearer {KEY}\n", "\n"),  # devtools
        (f"Authorization: Bearer {KEY}\nauthorization: Bearer {KEY}\n", "\n"),  # same value
        (json.dumps({"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}), ""),
    ],
    ids=[
        "curl-v",
        "curl-v-crlf",
        "curl-v-http2",
        "curl-v-quoting-body",
        "curl-lines-alone",
        "request-line-and-blank-lines",
        "pseudo-headers",
        "repeated-same-value",
        "json",
    ],
)
def test_verify_reads_headers_as_captured(
    text: str, newline: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _verify_with_headers(tmp_path, text, newline=newline or "\n") == 0
    assert "verified: UserCreated" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            f"Authorization: Bearer {KEY}\nAuthorization: Bearer uf_other\n",
            "'Authorization' is given twice with different values (line 1 and line 2)",
        ),
        (
            f"> POST /h HTTP/1.1\n> Authorization: Bearer {KEY}\n> authorization: Bearer x\n>\n",
            "given twice with different values (line 2 and line 3)",
        ),
        (
            '{"Authorization": "Bearer a", "authorization": "Bearer b"}',
            "given twice with different values",
        ),
        ('{"Authorization": "Bearer a", "Authorization": "Bearer b"}', "given twice"),
        (
            f"> POST /h HTTP/1.1\n> Authorization: Bearer {KEY}\n>\n< HTTP/1.1 307 Moved\n<\n"
            f"> POST /elsewhere HTTP/1.1\n> Authorization: Bearer {KEY}\n>\n",
            "line 6: the transcript holds several requests",
        ),
        ("< HTTP/1.1 401 Unauthorized\n< content-type: text/plain\n", "no request headers"),
        ("* Trying 127.0.0.1...\n* Connected\n", "no request headers"),
        (f"Authorization Bearer {KEY}\n", "line 1: expected 'Name: value'"),
        (f"Content-Type: a\nbad header: {KEY}\n", "line 2: expected 'Name: value'"),
        (f"> POST /h HTTP/1.1\n> {KEY}\n>\n", "line 2: expected 'Name: value'"),
        ('{"Authorization": 5}', "string values"),
        (f'{{"Authorization: Bearer {KEY}": ""}}', "key number 1 is not a header name"),
        ("[1, 2]", "JSON object"),
        ("{nope", "not valid JSON"),
    ],
)
def test_verify_refuses_ambiguous_or_unreadable_headers(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _verify_with_headers(tmp_path, text) == 2
    err = capsys.readouterr().err
    assert message in err
    assert KEY not in err  # the offending line is named, never echoed


@pytest.mark.network
def test_verify_reads_a_real_curl_v_transcript(
    server: tuple[str, list[bytes]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    url, bodies = server
    request = sign_userfront(load_sample("userfront", "user.update"), api_key=KEY)
    (tmp_path / "body.json").write_bytes(request.body)
    headers = [arg for name, value in request.headers.items() for arg in ("-H", f"{name}: {value}")]
    done = subprocess.run(
        [curl, "-v", "-sS", "--data-binary", f"@{tmp_path / 'body.json'}", *headers, url],
        capture_output=True,
        timeout=30,
        check=True,
    )
    transcript = done.stderr + done.stdout  # as 'curl -v URL > out.txt 2>&1' saves it
    for part in (b"\n* ", b"> POST ", b"> \r\n", b"< HTTP/1."):  # a whole transcript
        assert part in transcript
    (tmp_path / "curl.txt").write_bytes(transcript)
    argv = ["verify", "userfront", "--secret", KEY, "--headers", str(tmp_path / "curl.txt")]
    assert main([*argv, str(tmp_path / "body.json")]) == 0
    assert "verified: UserUpdated" in capsys.readouterr().out
    assert bodies == [request.body]


# -- a reader that goes away: '| head' ------------------------------------------------------------


def _closed_pipe() -> tuple[subprocess.Popen[bytes], Any]:
    """A pipe whose reader (``head -n 0``, or Python reading nothing) has already exited."""
    head = shutil.which("head")
    reader_argv = [head, "-n", "0"] if head else [sys.executable, "-c", "pass"]
    reader = subprocess.Popen(reader_argv, stdin=subprocess.PIPE)
    reader.wait(timeout=30)
    return reader, reader.stdin


def _run_into_closed_pipe(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    _reader, write_end = _closed_pipe()
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


@pytest.mark.slow
@pytest.mark.parametrize("json_output", [False, True])
def test_verify_into_a_closed_pipe_exits_quietly(json_output: bool, tmp_path: Path) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = _capture(tmp_path, request.body, request.headers)
    argv = ["verify", "userfront", "--secret", KEY, *files] + (["--json"] if json_output else [])
    code, err = _run_into_closed_pipe(argv)
    assert (code, err) == (141, "")


@pytest.mark.slow
def test_failed_verify_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    files = _capture(tmp_path, b"{}", {"Authorization": "Bearer nope"})
    assert _run_into_closed_pipe(["verify", "userfront", "--secret", KEY, *files]) == (141, "")


@pytest.mark.network
@pytest.mark.slow
def test_send_into_a_closed_pipe_exits_quietly(server: tuple[str, list[bytes]]) -> None:
    url, bodies = server
    env = {**os.environ, "AUTHHOOKS_SECRET": KEY}
    code, err = _run_into_closed_pipe(["send", "userfront", "user.create", "--to", url], env)
    assert (code, err) == (141, "")
    assert len(bodies) == 1  # the request was sent; only its report could not be printed


@pytest.mark.network
@pytest.mark.slow
def test_demo_into_a_closed_pipe_exits_quietly() -> None:
    assert _run_into_closed_pipe(["demo"]) == (141, "")


def test_a_closed_output_in_process_returns_141(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = _capture(tmp_path, request.body, request.headers)
    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["verify", "userfront", "--secret", KEY, *files]) == 141


# -- listen: the real method, 405 as the adapters answer it, a reader that goes away ---------------


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


def _listen(*extra: str) -> tuple[subprocess.Popen[str], queue.Queue[str], str]:
    argv = [sys.executable, "-u", "-m", "authhooks", "listen", "userfront", "--secret", KEY]
    proc = subprocess.Popen(
        [*argv, "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in proc.stdout or ()], daemon=True
    ).start()
    first = lines.get(timeout=60)
    match = re.search(r"http://127\.0\.0\.1:\d+/", first)
    assert match, first
    return proc, lines, match.group(0)


def _request(base: str, method: str, path: str) -> int:
    host, _, port = base.removeprefix("http://").rstrip("/").partition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.network
@pytest.mark.slow
@pytest.mark.parametrize("json_output", [False, True])
def test_listen_logs_the_real_method(json_output: bool) -> None:
    proc, lines, base = _listen(*(["--json"] if json_output else []))
    try:
        assert _request(base, "GET", "/hooks/uf") == 405
        assert _request(base, "DELETE", "/other") == 405
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
        assert _post(f"http://127.0.0.1:{port}/hooks", genuine.body, genuine.headers) == 204
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


# -- a misspelt provider or event names the known ones -------------------------------------------


@pytest.mark.parametrize(
    ("command", "provider", "suggestion"),
    [
        ("send", "userfornt", "'userfront'"),
        ("send", "AuthCore", "'authcore'"),
        ("send", "akamia", "'akamai'"),
        ("verify", "frontteg", "'frontegg'"),
        ("listen", "theauthap", "'theauthapi'"),
        ("send", "nobody", None),
    ],
)
def test_an_unknown_provider_names_the_known_ones(
    command: str,
    provider: str,
    suggestion: str | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "b").write_bytes(b"{}")
    argv = {
        "send": ["send", provider, "user.create", "--to", "http://127.0.0.1:9/"],
        "verify": ["verify", provider, "--secret", "x", str(tmp_path / "b")],
        "listen": ["listen", provider, "--port", "0"],
    }[command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"unknown provider {provider!r}" in err
    assert f"known: {', '.join(known_providers())}" in err
    if suggestion is None:
        assert "did you mean" not in err
    else:
        assert f"did you mean {suggestion}?" in err
    assert "no sample" not in err


@pytest.mark.parametrize(
    ("provider", "event", "suggestion"),
    [
        ("userfront", "user.crate", "'user.create'"),
        ("authcore", "user.create", "'user.created'"),
        ("akamai", "entitycreated", "'entityCreated'"),
        ("userfront", "nothing.like.it", None),
    ],
)
def test_an_unknown_event_names_the_samples(
    provider: str, event: str, suggestion: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["send", provider, event, "--to", "http://127.0.0.1:9/"]) == 2
    err = capsys.readouterr().err
    assert f"no sample for {provider} event {event!r}" in err
    assert "samples: " in err
    assert ("did you mean" in err) is (suggestion is not None)
    if suggestion is not None:
        assert f"did you mean {suggestion}?" in err


# -- verify: blame only what the check covers; which way, how far, against what expected -------

#: Bearer keys and Frontegg's header token authenticate the sender only; AuthCore's HMAC and
#: Akamai's token (the body itself) cover the body.
BODY_COVERED = {
    "userfront": False,
    "theauthapi": False,
    "frontegg": False,
    "authcore": True,
    "akamai": True,
    "supabase": True,
}


def test_which_providers_checks_cover_the_body() -> None:
    from authhooks.cli._diagnosis import covers_body

    assert {p: covers_body(p) for p in known_providers()} == BODY_COVERED


@pytest.mark.parametrize("provider", [p for p in _WITH_SECRET if not BODY_COVERED[p]])
@pytest.mark.parametrize("secret", ["uf_other_0123456789", "Bearer uf_other_0123456789"])
@pytest.mark.parametrize("indent", [None, 2])
def test_verify_never_blames_the_body_when_the_check_does_not_cover_it(
    provider: str,
    secret: str,
    indent: int | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body, headers = _signed_capture(provider, tmp_path)
    pretty = json.dumps(json.loads(body), indent=indent).encode() + b"\n"
    argv = ["verify", provider, "--secret", secret, *_capture(tmp_path, pretty, headers)]
    report = _verify_fails(argv, capsys)
    assert "re_serialised" not in report["codes"]
    assert "wrong_secret" in report["codes"]
    for words in ("re-serialised", "re-encoded", "exact bytes"):
        assert words not in report["text"]
    assert "match none of the 1 secret(s) tried" in report["text"]


@pytest.mark.parametrize("provider", [p for p in _WITH_SECRET if BODY_COVERED[p]])
def test_verify_still_considers_the_body_when_the_check_covers_it(
    provider: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = _signed_capture(provider, tmp_path)
    argv = ["verify", provider, "--secret", "other", *_capture(tmp_path, body, headers)]
    report = _verify_fails(argv, capsys)
    assert report["codes"] == ["wrong_secret"]
    assert "nor with a re-encoded body" in report["text"]


def _stamped(provider: str, skew: int, tmp_path: Path) -> list[str]:
    """``verify`` arguments for a request of ``provider`` signed ``skew`` s ago (< 0: ahead)."""
    from authhooks.testing import sign_authcore, sign_frontegg

    at = int(time.time()) - skew
    if provider == "authcore":
        payload = load_sample("authcore", "user.created")
        request = sign_authcore(payload, secret=SECRET, timestamp=at)
    else:
        payload = load_sample("frontegg", "frontegg.user.created")
        request = sign_frontegg(payload, secret=SECRET, issued_at=at)
    files = _capture(tmp_path, request.body, request.headers)
    return ["verify", provider, "--secret", SECRET, *files]


@pytest.mark.parametrize(
    ("provider", "skew"), [("authcore", -600), ("authcore", -40_000), ("frontegg", -600)]
)
def test_verify_a_future_timestamp_is_not_called_an_old_capture(
    provider: str, skew: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _verify_fails(_stamped(provider, skew, tmp_path), capsys)
    assert report["codes"][-1] == "only_timestamp"
    assert "in the future" in report["text"]
    assert "not a matter of age" in report["text"]
    assert "ages" not in report["text"]
    assert "in the past" not in report["text"]


@pytest.mark.parametrize(("provider", "skew"), [("authcore", 600), ("authcore", 40_000)])
def test_verify_a_past_timestamp_is_an_old_capture(
    provider: str, skew: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _verify_fails(_stamped(provider, skew, tmp_path), capsys)
    assert "in the past" in report["text"]
    assert "A captured request ages" in report["text"]
    assert "in the future" not in report["text"]


@pytest.mark.parametrize("hours", [1, 2, 5, 9, 13, 26, -1, -3, -8, -14])
@pytest.mark.parametrize("off", [-100, 0, 100])
def test_verify_names_a_whole_hour_skew_a_time_zone_mistake(
    hours: int, off: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _verify_fails(_stamped("authcore", hours * 3600 + off, tmp_path), capsys)
    assert "time_zone" in report["codes"]
    assert (
        f"off by {abs(hours)} h: a time-zone mistake on the sender or this machine?"
        in (report["text"])
    )
    assert ("captured about" in report["text"]) is (hours > 0)  # a past skew may be age


@pytest.mark.parametrize(
    "skew", [600, 2 * 3600 + 1200, -(5 * 3600 + 1800), 27 * 3600, 3 * 86400, -1200]
)
def test_verify_does_not_suggest_a_time_zone_otherwise(
    skew: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _verify_fails(_stamped("authcore", skew, tmp_path), capsys)
    assert report["codes"][0] == "timestamp"
    assert "time_zone" not in report["codes"]
    assert "time-zone" not in report["text"]


@pytest.mark.parametrize("hours", [2, -3])
def test_verify_names_a_whole_hour_skew_of_a_frontegg_token(
    hours: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _verify_fails(_stamped("frontegg", hours * 3600, tmp_path), capsys)
    assert f"off by {abs(hours)} h" in report["text"]


@pytest.mark.parametrize(
    ("issued", "expired", "zone"),
    [
        (2 * 3600, "1 h 55 min", True),
        (400, "1 min 4[01] s", False),  # a second may pass while the test runs
        (30 * 3600, "1 d 5 h 55 min", False),
    ],
)
def test_verify_says_how_long_ago_a_frontegg_token_expired(
    issued: int, expired: str, zone: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _stamped("frontegg", issued, tmp_path)
    token = json.loads((tmp_path / "headers.json").read_text())["x-webhook-secret"]
    report = _verify_fails(argv, capsys)
    assert report["error"]["reason"] == "timestamp_out_of_tolerance"
    text = report["text"]
    assert re.search(f"the token expired {expired} ago \\(exp 20", text), text
    assert "beyond the receiver's leeway of 30 s" in text
    issued_words = re.escape(format_duration(issued)).replace("40\\ s", "4[01]\\ s")
    assert re.search(f"it was issued {issued_words} ago and was valid for 5 min", text), text
    assert ("time_zone" in report["codes"]) is zone
    assert report["codes"][-1] == "only_timestamp"
    assert token not in text
    assert token.split(".")[1] not in text
    assert SECRET not in text


def format_duration(seconds: float) -> str:
    from authhooks.cli._claims import format_duration as format_

    return format_(seconds)


@pytest.mark.parametrize(
    ("aud", "hint"),
    [
        ("https://hooks.example.com/akamai/", "they differ only in a trailing slash"),
        ("http://hooks.example.com/akamai", "they differ only in the scheme (http or https)"),
        ("https://HOOKS.example.com/akamai", "they differ only in upper and lower case"),
        (["https://a.example/x", "https://b.example/y"], None),
        ("https://other.example/hooks", None),
    ],
)
def test_verify_akamai_audience_says_what_was_received_and_expected(
    aud: str | list[str],
    hint: str | None,
    akamai_key: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from authhooks.testing import AkamaiTestKeys, sign_akamai

    private, public = akamai_key
    keys = AkamaiTestKeys.from_pem(private.read_bytes(), kid="k1")
    configured = "https://hooks.example.com/akamai"
    request = sign_akamai(load_sample("akamai", "entityUpdated"), keys=keys, audience=aud)
    files = _capture(tmp_path, request.body, request.headers)
    argv = ["verify", "akamai", "--key", str(public), "--audience", configured, *files]
    report = _verify_fails(argv, capsys)
    assert report["error"]["reason"] == "invalid_audience"
    assert report["codes"] == ["audience"]
    text = report["text"]
    for received in [aud] if isinstance(aud, str) else aud:
        assert repr(received) in text
    assert f"not to the configured audience {configured!r}" in text
    assert (hint in text) if hint else ("differ only" not in text)
    assert "secret(s)" not in text
    assert request.body.decode() not in text
    assert request.body.decode().split(".")[1] not in text


@pytest.mark.parametrize(("ahead", "zone"), [(600, False), (2 * 3600, True)])
def test_verify_akamai_token_from_the_future(
    ahead: int,
    zone: bool,
    akamai_key: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from authhooks.testing import AkamaiTestKeys, sign_akamai

    private, _ = akamai_key
    keys = AkamaiTestKeys.from_pem(private.read_bytes(), kid="k1")
    audience = "https://hooks.example.com/akamai"
    issued_at = int(time.time()) + ahead
    request = sign_akamai(
        load_sample("akamai", "entityCreated"), keys=keys, audience=audience, issued_at=issued_at
    )
    files = _capture(tmp_path, request.body, request.headers)
    argv = ["verify", "akamai", "--key", str(private), "--audience", audience, *files]
    report = _verify_fails(argv, capsys)
    shown = {600: "(9 min 5[89] s|10 min)", 7200: "2 h"}[ahead]  # seconds pass while it runs
    assert re.search(f"{shown} in the future, beyond the 5 min the receiver allows", report["text"])
    assert ("time_zone" in report["codes"]) is zone
    assert "not a matter of age" in report["text"]
