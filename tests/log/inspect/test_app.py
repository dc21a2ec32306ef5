"""The page's defences, over HTTP on the real server: it answers only its own host names
(DNS rebinding), a replay needs the page's token and its own origin (cross-site requests),
every answer forbids scripts and framing."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

import authhooks
from authhooks.log import DeliveryLog
from tests.log._wiring import deliver
from tests.log.conftest import KEY, sign
from tests.log.inspect.conftest import Page

pytestmark = pytest.mark.network


@pytest.fixture
def served(tmp_path: Path, serve_inspect: Callable[[Path], Page]) -> tuple[Page, str]:
    log = DeliveryLog(tmp_path / "d.db", logger="tests.quiet")
    request = sign()
    _, record_id = deliver(log, authhooks.Userfront(api_key=KEY), request.body, request.headers)
    log.close()
    return serve_inspect(tmp_path / "d.db"), record_id


def _token(client: httpx.Client, url: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', client.get(url).text)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.:80"])
def test_another_host_name_is_refused(served: tuple[Page, str], host: str) -> None:
    page, _ = served
    answer = httpx.get(page.url + "/", headers={"Host": host})
    assert answer.status_code == 421
    assert "deliveries" not in answer.text


def test_every_answer_forbids_scripts_and_framing(served: tuple[Page, str]) -> None:
    page, record_id = served
    for path in ("/", f"/deliveries/{record_id}", "/style.css", "/deliveries/none"):
        answer = httpx.get(page.url + path)
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "script-src" not in policy  # none allowed: default-src 'none'
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize(
    ("token", "origin", "status"),
    [
        ("", None, 403),  # no token
        ("wrong", None, 403),  # another page's token
        (None, "http://evil.example", 403),  # the right token, from another site
        (None, "null", 403),  # an opaque origin
    ],
)
def test_a_replay_needs_the_token_and_the_origin(
    served: tuple[Page, str], token: str | None, origin: str | None, status: int
) -> None:
    page, record_id = served
    with httpx.Client(base_url=page.url) as client:
        given = _token(client, f"/deliveries/{record_id}") if token is None else token
        headers = {} if origin is None else {"Origin": origin}
        answer = client.post(
            f"/deliveries/{record_id}/replay", data={"token": given}, headers=headers
        )
        assert answer.status_code == status
    assert page.handled_ids() == []


def test_a_replay_with_the_token_from_the_page_runs(served: tuple[Page, str]) -> None:
    page, record_id = served
    with httpx.Client(base_url=page.url) as client:
        token = _token(client, f"/deliveries/{record_id}")
        answer = client.post(
            f"/deliveries/{record_id}/replay",
            data={"token": token, "force": "1"},
            headers={"Origin": page.url},
        )
        assert answer.status_code == 303
        assert answer.headers["location"].endswith("?replay=handled")
    assert len(page.handled_ids()) == 1
