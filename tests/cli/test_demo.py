"""``authhooks demo``: a local receiver for every registered provider."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from authhooks._demo import demo_providers
from authhooks.cli import main


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
            detail = result["event_detail"]
            assert detail["provider"] == result["provider"]
            # A batch (Okta, Auth0) describes each of its events.
            events = detail["events"] if detail["class"] == "Batch" else [detail]
            assert [each["type"] for each in events] == [result["event"]]
            assert all(each["provider"] == result["provider"] for each in events)
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


@pytest.mark.network
@pytest.mark.parametrize("verbose", [[], ["-v"], ["--verbose"]])
def test_demo_prints_one_line_per_request(
    verbose: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks import providers

    assert main(["demo", *verbose]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = providers.names()  # every registered provider, from the registry
    assert {line.split("]")[0][1:] for line in lines[1:-1] if line.startswith("[")} == set(names)
    requests = [line for line in lines if line.startswith("[")]
    assert len(requests) == 2 * len(names)
    for line in requests:
        assert re.fullmatch(r"\[[a-z0-9_-]+\] (genuine|forged) \S+: (accepted|rejected) .*", line)
    typed = [line for line in lines if line.startswith("    ")]
    if verbose:  # the typed event under each accepted request
        assert len(typed) == len(names)
        assert len(lines) == 2 + 3 * len(names)
    else:
        assert typed == []
        assert len(lines) == 2 + 2 * len(names)
