"""``authhooks log``, ``authhooks replay`` and ``authhooks verify --from-log`` over a delivery
log on SQLite: listing and filters, one delivery's detail, replays (de-duplicated, forced,
recorded), the diagnosis of a kept request checked again with other credentials."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import authhooks
from authhooks.cli import main
from authhooks.log import DeliveryLog, Query
from authhooks.testing import sign_authcore
from tests.log._wiring import deliver
from tests.log.conftest import KEY, sign

SECRET = "authcore-cli-log-secret-0123456789"
HANDLED: list[str] = []


def handle(event: Any) -> None:
    """The replay handler the tests name (``tests.cli.test_log:handle``)."""
    HANDLED.append(event.id)


def _boom(event: Any) -> None:
    raise RuntimeError("the handler broke")


@pytest.fixture
def logged(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A log with a handled, a failed and a refused (re-serialised) delivery; the refused
    one's signature kept."""
    path = tmp_path / "deliveries.db"
    log = DeliveryLog(path, keep_signatures=True, logger="tests.quiet")
    userfront = authhooks.Userfront(api_key=KEY)
    ids = {}
    genuine = sign()
    ids["handled"] = deliver(log, userfront, genuine.body, genuine.headers)[1]
    other = sign({"action": "update", "model": "user", "record": {"email": "b@example.com"}})
    ids["failed"] = deliver(log, userfront, other.body, other.headers, _boom)[1]
    signed = sign_authcore({"type": "user.created", "id": "evt_cli"}, secret=SECRET)
    pretty = json.dumps(json.loads(signed.body), indent=2).encode()
    ids["rejected"] = deliver(log, authhooks.AuthCore(secret=SECRET), pretty, signed.headers)[1]
    assert log.flush(10)
    log.close()
    HANDLED.clear()
    return path, ids


def test_log_lists_and_filters(
    logged: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = logged
    assert main(["log", "--log", str(path), "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {item["id"] for item in listed} == set(ids.values())
    assert main(["log", "--log", str(path), "--outcome", "rejected", "--since", "1h"]) == 0
    out = capsys.readouterr().out
    assert ids["rejected"] in out
    assert ids["handled"] not in out
    assert "why: the body looks re-serialised" in out
    assert main(["log", "--log", str(path), "--provider", "userfront", "--json"]) == 0
    userfront = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert set(userfront) == {ids["handled"], ids["failed"]}


def test_log_shows_one_delivery(
    logged: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = logged
    assert main(["log", "--log", str(path), ids["handled"]]) == 0
    out = capsys.readouterr().out
    assert f"delivery {ids['handled']}" in out
    assert "[redacted]" in out
    assert KEY not in out
    assert main(["log", "--log", str(path), "0" * 26]) != 0
    assert "no delivery" in capsys.readouterr().err


def test_replay_is_deduplicated_forced_and_recorded(
    logged: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = logged
    handler = ["--handler", "tests.cli.test_log:handle"]
    assert main(["replay", "--log", str(path), ids["handled"], *handler]) == 0
    assert "duplicate" in capsys.readouterr().out
    assert HANDLED == []
    assert main(["replay", "--log", str(path), ids["handled"], "--force", *handler]) == 0
    assert len(HANDLED) == 1
    assert main(["replay", "--log", str(path), "--failed", "--json", *handler]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()[-1:]]
    assert results[-1]["original"] == ids["failed"]
    assert results[-1]["outcome"] == "handled"
    assert len(HANDLED) == 2
    # A refused request has nothing verified to replay.
    assert main(["replay", "--log", str(path), ids["rejected"], *handler]) == 1
    log = DeliveryLog(path)
    replays = log.find(Query(replays=True))
    assert sorted(r.outcome for r in replays) == ["duplicate", "handled", "handled"]
    log.close()


def test_verify_from_log_with_other_credentials(
    logged: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, ids = logged
    given = ["--log", str(path), "--secret", SECRET]
    assert main(["verify", "--from-log", ids["rejected"], *given]) == 1
    out = capsys.readouterr().out
    assert "re-serialised" in out
    wrong = ["--log", str(path), "--secret", "another-secret-0123456789abcdef"]
    assert main(["verify", "--from-log", ids["rejected"], *wrong]) == 1
    assert "re-serialised" not in capsys.readouterr().out
    # The handled delivery verifies with its key (kept body; the key header is redacted,
    # so it is given here).
    headers = path.parent / "headers.json"
    headers.write_text(json.dumps(dict(sign().headers)))
    assert main(["verify", "userfront", "--secret", KEY, "--from-log", ids["handled"],
                 "--headers", str(headers), "--log", str(path)]) == 0  # fmt: skip


def test_verify_takes_its_operands_around_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = sign()
    body = tmp_path / "body.json"
    body.write_bytes(request.body)
    headers = tmp_path / "headers.json"
    headers.write_text(json.dumps(dict(request.headers)))
    assert main(["verify", "userfront", "--secret", KEY, str(body), "--headers", str(headers)]) == 0
    assert main(["verify", "--secret", KEY, "userfront", "--headers", str(headers), str(body)]) == 0
    capsys.readouterr()
    assert main(["verify", "userfront", str(body), "extra", "--secret", KEY]) == 2
    assert "unexpected arguments: extra" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["verify", "userfront", str(body), "--no-such-option"])
