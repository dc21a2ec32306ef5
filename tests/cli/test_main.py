"""The command itself: help, version, exit codes, unknown names, a closed output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import authhooks.providers
from authhooks.cli import main
from authhooks.samples import load_sample
from authhooks.testing import sign_userfront
from tests.cli._support import (
    KEY,
    capture,
    run_into_closed_pipe,
)


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


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import authhooks

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"authhooks {authhooks.__version__}\n"


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
    assert "known: " + ", ".join(authhooks.providers.names()) in err
    if suggestion is None:
        assert "did you mean" not in err
    else:
        assert f"did you mean {suggestion}?" in err
    assert "no sample" not in err


@pytest.mark.slow
@pytest.mark.parametrize("json_output", [False, True])
def test_verify_into_a_closed_pipe_exits_quietly(json_output: bool, tmp_path: Path) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = capture(tmp_path, request.body, request.headers)
    argv = ["verify", "userfront", "--secret", KEY, *files] + (["--json"] if json_output else [])
    code, err = run_into_closed_pipe(argv)
    assert (code, err) == (141, "")


@pytest.mark.slow
def test_failed_verify_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    files = capture(tmp_path, b"{}", {"Authorization": "Bearer nope"})
    assert run_into_closed_pipe(["verify", "userfront", "--secret", KEY, *files]) == (141, "")


@pytest.mark.network
@pytest.mark.slow
def test_send_into_a_closed_pipe_exits_quietly(server: tuple[str, list[bytes]]) -> None:
    url, bodies = server
    env = {**os.environ, "AUTHHOOKS_SECRET": KEY}
    code, err = run_into_closed_pipe(["send", "userfront", "user.create", "--to", url], env)
    assert (code, err) == (141, "")
    assert len(bodies) == 1  # the request was sent; only its report could not be printed


@pytest.mark.network
@pytest.mark.slow
def test_demo_into_a_closed_pipe_exits_quietly() -> None:
    assert run_into_closed_pipe(["demo"]) == (141, "")


def test_a_closed_output_in_process_returns_141(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = capture(tmp_path, request.body, request.headers)
    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["verify", "userfront", "--secret", KEY, *files]) == 141
