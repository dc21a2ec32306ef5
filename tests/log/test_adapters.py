"""``log=`` on every adapter, over HTTP on real servers (waitress, uvicorn), on SQLite, a
real PostgreSQL server and the Django ORM: each request recorded once (handled, rejected,
duplicate, in progress, failed) with the status actually sent (``on_error``'s own
included), the client address after the trusted proxy, the durations, the request with its
secret redacted; and one structured log record per delivery, never with a secret or a
body."""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

import authhooks
from authhooks.log import REDACTED, Query, Record
from authhooks.log.sql import SqlStore
from tests.integrations.conftest import serve
from tests.log.conftest import HOOK_SECRET, KEY, sign

pytestmark = pytest.mark.network

#: name: (server kind, app, path prefix)
ADAPTERS = {
    "flask": ("wsgi", "tests.log.apps.flask_app:app", "/flask"),
    "django": ("wsgi", "tests.django_log.wsgi:app", "/django"),
    "django-async": ("asgi", "tests.django_log.asgi:app", "/django-async"),
    "starlette-endpoint": ("asgi", "tests.log.apps.starlette_app:app", "/endpoint"),
    "starlette-middleware": ("asgi", "tests.log.apps.starlette_app:app", "/middleware"),
    "fastapi": ("asgi", "tests.log.apps.fastapi_app:app", "/fastapi"),
    "fastapi-webhookroute": ("asgi", "tests.log.apps.fastapi_app:app", "/webhookroute"),
}
CASES = [(name, backend) for name in ADAPTERS for backend in ("sqlite", "postgres")]
CASES += [("django", "django-orm"), ("django-async", "django-orm")]

FORGED = {"Authorization": f"Bearer {KEY}-forged", "Content-Type": "application/json"}


def _payload(n: int, marker: str) -> dict[str, Any]:
    return {
        "action": "create",
        "model": "user",
        "record": {"userId": n, "email": f"{marker}-{n}@example.com"},
    }


def _hook_call() -> tuple[bytes, dict[str, str]]:
    """A genuine call of Supabase's custom access token hook."""
    from authhooks.samples import load_sample

    sample = load_sample("supabase", "customize-access-token")
    request = authhooks.Supabase(HOOK_SECRET).scheme.sign(sample)
    return request.body, dict(request.headers)


def _deliver_all(client: httpx.Client, prefix: str, marker: str) -> list[tuple[str, str, int]]:
    """Send each case; return what each should be recorded as: (kind, outcome, status)."""
    sent: list[tuple[str, str, int]] = []
    count = iter(range(1000))

    def post(kind: str, headers: dict[str, str] | None = None, *, forged: bool = False) -> int:
        request = sign(_payload(next(count), marker))
        given = {**(FORGED if forged else request.headers), **(headers or {})}
        return client.post(f"{prefix}/{kind}", content=request.body, headers=given).status_code

    def expect(kind: str, outcome: str, status: int, answered: int) -> None:
        assert answered == status, (kind, outcome)
        sent.append((kind, outcome, status))

    expect("ok", "handled", 204, post("ok"))
    expect("ok", "rejected", 401, post("ok", forged=True))
    expect("ok", "rejected", 405, client.get(f"{prefix}/ok").status_code)
    expect("fail", "failed", 500, post("fail"))
    expect("status", "failed", 503, post("status"))
    expect("custom", "rejected", 418, post("custom", forged=True))  # on_error's status
    twice = sign(_payload(next(count), marker))
    expect("dedup", "handled", 204, client.post(f"{prefix}/dedup", content=twice.body,
                                                headers=twice.headers).status_code)  # fmt: skip
    expect("dedup", "duplicate", 200, client.post(f"{prefix}/dedup", content=twice.body,
                                                  headers=twice.headers).status_code)  # fmt: skip
    expect("proxy", "handled", 204, post("proxy", {"X-Forwarded-For": "203.0.113.9"}))
    expect("proxy", "rejected", 403, post("proxy"))

    # Supabase Auth hooks: the handler's answer, or the failure answer when it raises (200:
    # Supabase passes the error it holds on to the user); a failure all the same.
    for hook, outcome, status in (("hook", "handled", 200), ("hookfail", "failed", 200)):
        body, headers = _hook_call()
        answered = client.post(f"{prefix}/{hook}", content=body, headers=headers)
        expect(hook, outcome, status, answered.status_code)
        if hook == "hook":
            assert answered.json()["claims"]["sub"]

    # The same event twice at once: one runs, the other is told to retry.
    slow = sign(_payload(next(count), marker))
    answers: list[int] = []

    def send() -> None:
        answered = client.post(f"{prefix}/slow", content=slow.body, headers=slow.headers)
        answers.append(answered.status_code)

    first = threading.Thread(target=send)
    first.start()
    time.sleep(0.2)
    send()
    first.join()
    assert sorted(answers) == [204, 503]
    sent += [("slow", "handled", 204), ("slow", "in_progress", 503)]
    return sent


def _records(store: SqlStore, count: int) -> list[Record]:
    """The records, once the server's writer has written ``count`` of them."""
    deadline = time.monotonic() + 20
    while True:
        found = store.find(Query(limit=1000))
        done = [r for r in found if r.outcome != "accepted"]
        if len(done) >= count or time.monotonic() > deadline:
            return [r for record in done if (r := store.get(record.id)) is not None]
        time.sleep(0.1)


@pytest.mark.parametrize(("adapter", "backend"), CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_every_delivery_is_recorded(
    adapter: str, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    kind, target, prefix = ADAPTERS[adapter]
    project = tmp_path / "project.db"
    if backend == "sqlite":
        log_spec = store_url = str(tmp_path / "deliveries.db")
    elif backend == "postgres":
        from tests._postgres import new_database

        store_url = new_database(request.getfixturevalue("postgres_url"))
        log_spec = store_url.replace("postgresql+psycopg://", "postgresql://")
    else:  # the Django ORM, in the project's database
        from tests.django_log.conftest import Project

        Project(str(project), tmp_path / "handled").manage("migrate", "--noinput", "-v", "0")
        log_spec, store_url = "django", str(project)
    records_file = tmp_path / "records.jsonl"
    env = {
        "AUTHHOOKS_TEST_LOG": log_spec,
        "AUTHHOOKS_TEST_RECORDS": str(records_file),
        "AUTHHOOKS_TEST_DATABASE": str(project),
        "DJANGO_SETTINGS_MODULE": "tests.django_log.settings",
    }
    marker = f"m{os.getpid()}x{time.monotonic_ns()}"
    # A connection per request: a server closes one whose app raised.
    fresh = httpx.Limits(max_keepalive_connections=0)
    with (
        serve(kind, target, env=env) as url,
        httpx.Client(base_url=url, timeout=30, limits=fresh) as client,
    ):
        sent = _deliver_all(client, prefix, marker)
        store = SqlStore(store_url, create=False)
        records = _records(store, len(sent))
    store.close()
    _check_records(records, sent, adapter, prefix)
    _check_log_lines(records_file.read_text(), records, sent, marker)


def _check_records(
    records: list[Record], sent: list[tuple[str, str, int]], adapter: str, prefix: str
) -> None:
    """Each request recorded once, as answered."""
    found = Counter(((r.route or "").rsplit("/", 1)[-1], r.outcome, r.status) for r in records)
    assert found == Counter(sent)
    for record in records:
        hook = (record.route or "").rsplit("/", 1)[-1] in ("hook", "hookfail")
        assert record.provider == ("supabase" if hook else "userfront")
        assert (record.route or "").lstrip("/").startswith(prefix.lstrip("/") + "/")
        via_proxy = record.route is not None and record.route.endswith("proxy")
        if via_proxy and record.outcome == "handled":
            assert record.client == "203.0.113.9"  # X-Forwarded-For, from the trusted proxy
        else:
            assert record.client == "127.0.0.1"
        assert record.total_ms is not None
        assert record.total_ms > 0
        names = [step.name for step in record.steps]
        assert names[0] == "arrived"
        if record.outcome in ("handled", "failed"):
            assert record.verify_ms is not None
            assert record.handler_ms is not None
            assert record.event_type == ("customize-access-token" if hook else "user.create")
            assert record.body is not None  # kept, to replay it
            assert record.headers is not None
            secret_header = "webhook-signature" if hook else "authorization"
            assert record.headers[secret_header] == REDACTED
    reasons = {
        (r.route or "").rsplit("/", 1)[-1]: r.reason for r in records if r.outcome == "failed"
    }
    assert reasons["fail"] == "handler_error"
    assert reasons["hookfail"] == "handler_error"
    if adapter != "fastapi":  # a plain route's dependency sees the raised HTTPException only
        assert reasons["status"] == "failure_status"
    rejected = [r for r in records if r.outcome == "rejected"]
    assert {r.reason for r in rejected} == {
        "invalid_credentials" if any(r.reason == "invalid_credentials" for r in rejected)
        else "invalid_signature", "method_not_allowed", "source_not_allowed",
    }  # fmt: skip


def _check_log_lines(
    text: str, records: list[Record], sent: list[tuple[str, str, int]], marker: str
) -> None:
    """One structured log record per delivery: the same outcomes and statuses; no secret,
    no body."""
    lines = [json.loads(line) for line in text.splitlines()]
    assert Counter((line["outcome"], line["status"]) for line in lines) == Counter(
        (outcome, status) for _, outcome, status in sent
    )
    assert {line["log_id"] for line in lines} == {r.id for r in records}
    for line in lines:
        assert line["provider"] in ("userfront", "supabase")
        assert line["duration_ms"] is not None
        assert line["client"] in ("127.0.0.1", "203.0.113.9")
        assert line["message"].startswith(f"webhook request {line['provider']} ")
    assert KEY not in text
    assert marker not in text  # the bodies' e-mail addresses
