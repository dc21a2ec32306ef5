"""Every store keeps the same records: inserts, updates, steps, filters, pages, purges, and
hostile text, on memory, SQLite and a real PostgreSQL server."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

import authhooks
from authhooks.log import Change, DeliveryLog, LogStore, Query, Step
from authhooks.log._log import new_id
from tests.log._wiring import deliver
from tests.log.conftest import KEY, sign


def _new(record_id: str, at: float, **fields: object) -> Change:
    base: dict[str, object] = {
        "received_at": at,
        "updated_at": at,
        "provider": "userfront",
        "outcome": "handled",
        "event_type": "user.create",
        "event_id": "ev_1",
        "total_ms": 1.0,  # a request's first write
    }
    base.update(fields)
    return Change(record_id, base, [Step("arrived", at)], new=True)


def test_insert_update_and_steps(store: LogStore) -> None:
    now = time.time()
    record_id = new_id(now)
    store.apply([_new(record_id, now, outcome="accepted", body=b"\x00\xffraw", kept=True)])
    store.apply(
        [
            Change(
                record_id,
                {"outcome": "failed", "status": 500, "error": "E: x"},
                [Step("failed", now + 0.01, 500, "handler_error")],
                attempts=1,
            ),
            Change(record_id, {"outcome": "handled"}, [Step("handled", now + 0.02)], attempts=1),
        ]
    )
    record = store.get(record_id)
    assert record is not None
    assert (record.outcome, record.status, record.attempts) == ("handled", 500, 2)
    assert record.body == b"\x00\xffraw"
    assert [s.name for s in record.steps] == ["arrived", "failed", "handled"]
    assert record.steps[1] == Step("failed", pytest.approx(now + 0.01), 500, "handler_error")
    assert store.get("0" * 26) is None


def test_an_update_of_a_missing_row_creates_it_only_when_asked(store: LogStore) -> None:
    now = time.time()
    kept, skipped = new_id(now), new_id(now)
    fields = {"received_at": now, "provider": "clerk", "outcome": "handled", "updated_at": now}
    store.apply(
        [
            Change(kept, dict(fields), create=True, defaults={"parse": None}, attempts=1),
            Change(skipped, dict(fields)),
        ]
    )
    record = store.get(kept)
    assert record is not None
    assert (record.provider, record.attempts) == ("clerk", 1)
    assert store.get(skipped) is None


def test_a_batch_is_all_or_nothing(store: LogStore) -> None:
    now = time.time()
    record_id = new_id(now)
    store.apply([_new(record_id, now)])
    with pytest.raises(Exception):  # noqa: B017, PT011 (each backend raises its own error)
        store.apply([_new(new_id(now), now), _new(record_id, now)])  # the second exists
    assert len(store.find(Query())) == 1


def test_filters_order_and_pages(store: LogStore) -> None:
    now = time.time()
    rows = [
        ("userfront", "handled", "/a", "ev_1", None, now - 500),
        ("userfront", "failed", "/a", "ev_2", None, now - 400),
        ("clerk", "rejected", "/b", "", None, now - 300),
        ("clerk", "handled", "/b", "ev_3", None, now - 200),
        ("userfront", "handled", "/a", "ev_2", "r", now - 100),
    ]
    ids = []
    for provider, outcome, route, event_id, replay, at in rows:
        record_id = new_id(at)
        ids.append(record_id)
        replay_of = ids[1] if replay else None
        store.apply(
            [
                _new(
                    record_id,
                    at,
                    provider=provider,
                    outcome=outcome,
                    route=route,
                    event_id=event_id,
                    replay_of=replay_of,
                )
            ]
        )

    def found(**filters: object) -> list[int]:
        return [ids.index(r.id) for r in store.find(Query(**filters))]  # type: ignore[arg-type]

    assert found() == [4, 3, 2, 1, 0]
    assert found(provider="clerk") == [3, 2]
    assert found(outcomes=("failed", "rejected")) == [2, 1]
    assert found(since=now - 250) == [4, 3]
    assert found(until=now - 250) == [2, 1, 0]
    assert found(route="/a") == [4, 1, 0]
    assert found(event_id="ev_2") == [4, 1]
    assert found(replay_of=ids[1]) == [4]
    assert found(replays=False) == [3, 2, 1, 0]
    assert found(replays=True) == [4]
    assert found(limit=2) == [4, 3]
    assert found(limit=2, before=ids[3]) == [2, 1]
    assert sorted(store.providers()) == ["clerk", "userfront"]
    listed = store.find(Query(limit=1))[0]
    assert listed.body is None  # listings leave the request out
    assert listed.steps == ()


def test_purge(store: LogStore) -> None:
    now = time.time()
    old, recent = new_id(now - 1000), new_id(now)
    store.apply([_new(old, now - 1000), _new(recent, now)])
    assert store.purge(now - 500) == 1
    assert store.get(old) is None
    assert store.get(recent) is not None
    assert store.purge(now - 500) == 0


HOSTILE = [
    "nul\x00byte",
    "lone \ud800 surrogate",
    "<script>alert(1)</script>",
    "emoji \U0001f600 and \u202e bidi",
    "x" * 5000,
    "'; DROP TABLE authhooks_delivery; --",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_from_a_client_is_stored(
    store: LogStore, receiver: authhooks.Userfront, text: str
) -> None:
    log = DeliveryLog(store, logger="tests.quiet")
    payload = {"action": "create", "model": "user", "record": {"name": text, "username": text}}
    body = json.dumps(payload).encode()  # JSON escapes the NUL and the surrogate
    request = sign(body)
    headers = {**request.headers, "X-Hostile": text.encode("utf-8", "replace").decode()[:100]}
    _, accepted = deliver(log, receiver, request.body, headers, route=text, client=text)
    _, refused = deliver(log, receiver, body, {"X-Hostile": "a\x00b"}, route=text)
    assert log.flush()
    assert log.stats.failed == 0
    for record_id in (accepted, refused):
        record = store.get(record_id)
        assert record is not None
        assert record.route is not None
        assert "\x00" not in record.route
        assert len(record.route) <= 255
    record = store.get(accepted)
    assert record is not None
    assert record.body == request.body
    if "\ud800" in text:  # not valid JSON text for the parser: authentic, but malformed
        assert (record.outcome, record.reason) == ("rejected", "invalid_payload")
        return
    assert record.outcome == "handled"
    assert record.delivery is not None
    assert record.delivery.parse() == receiver.verify(request.body, request.headers)
    assert len(record.event_type) <= 255


def test_two_logs_share_one_sqlite_file(tmp_path: Path, receiver: authhooks.Userfront) -> None:
    """Several processes (here: two logs, each with its writer) write the same file."""
    first = DeliveryLog(tmp_path / "shared.db", logger="tests.quiet")
    second = DeliveryLog(tmp_path / "shared.db", logger="tests.quiet")
    request = sign()

    def send(log: DeliveryLog) -> None:
        for _ in range(50):
            deliver(log, receiver, request.body, request.headers)

    threads = [threading.Thread(target=send, args=(log,)) for log in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert first.flush()
    assert second.flush()
    assert len(first.find(limit=1000)) == 100
    assert first.stats.failed == second.stats.failed == 0
    first.close()
    second.close()


def test_a_path_and_a_url_name_the_same_database(tmp_path: Path) -> None:
    from authhooks.log.sql import SqlStore, database_url

    path = tmp_path / "x.db"
    assert database_url(path) == f"sqlite:///{path}"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///:memory:") == "sqlite:///:memory:"
    with pytest.raises(authhooks.ConfigurationError):
        database_url("")
    memory = SqlStore("sqlite:///:memory:")
    memory.apply([_new(new_id(), time.time())])
    assert len(memory.find(Query())) == 1


def test_the_key_is_never_in_the_database_file(tmp_path: Path) -> None:
    receiver = authhooks.Userfront(api_key=KEY)
    log = DeliveryLog(tmp_path / "k.db", keep_signatures=True, logger="tests.quiet")
    request = sign()
    deliver(log, receiver, request.body, request.headers)
    deliver(log, receiver, request.body, {"Authorization": f"Bearer {KEY}-wrong"})
    log.close()
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert KEY.encode() not in data


def test_a_workers_attempt_stored_before_the_request_keeps_its_outcome(store: LogStore) -> None:
    # The worker's record of its attempt reached the store before the web process' writer
    # wrote the request: the request's columns join the row, the worker's outcome stays.
    now = time.time()
    record_id = new_id(now)
    worker = {"received_at": now, "provider": "userfront", "outcome": "handled"}
    store.apply([Change(record_id, {**worker, "updated_at": now + 1}, create=True, attempts=1)])
    request = _new(record_id, now, outcome="accepted", status=202, total_ms=1.5, client="10.0.0.9")
    store.apply([request])
    record = store.get(record_id)
    assert record is not None
    assert (record.outcome, record.status, record.attempts) == ("handled", 202, 1)
    assert record.client == "10.0.0.9"
    assert len(store.find(Query())) == 1
    with pytest.raises(Exception):  # noqa: B017, PT011 (a request's row is written once)
        store.apply([_new(record_id, now, total_ms=2.0)])
