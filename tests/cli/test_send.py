"""``authhooks send``: sign a sample (or a file) and POST it over real HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from authhooks.cli import main
from authhooks.samples import load_sample
from tests._servers import free_port
from tests.cli._support import (
    KEY,
    Handler,
)


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


@pytest.mark.network
def test_send_akamai_with_a_key(
    akamai_key: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks import Akamai

    private, public = akamai_key
    bodies: list[bytes] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/hooks/akamai"
    receiver = Akamai(keys=public.read_text(), audience=url)
    httpd.RequestHandlerClass = type(
        "Handler", (Handler,), {"receiver": receiver, "bodies": bodies}
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


@pytest.mark.parametrize(
    ("fraction", "expected"), [(0.5, 50.0), (0.99, 99.0), (0.01, 1.0), (1.0, 100.0)]
)
def test_send_percentiles_are_nearest_rank(fraction: float, expected: float) -> None:
    from authhooks.cli._send import percentile

    assert percentile([float(n) for n in range(1, 101)], fraction) == expected
    assert percentile([7.0], fraction) == 7.0


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
