"""What the delivery log keeps: a [`Record`][authhooks.log.Record] per delivery, its timeline
of [`Step`][authhooks.log.Step]s, and the [`Query`][authhooks.log.Query] that finds records.

A record is stored as one row of flat columns (the same in every backend, so that a table
written by the Django app is read by the SQL store and the command line); the helpers here
turn a row into a record and back.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from authhooks._findings import Finding
from authhooks.delivery import Delivery
from authhooks.errors import PayloadError

__all__ = [
    "COLUMNS",
    "OUTCOMES",
    "SUMMARY_COLUMNS",
    "WORKER_COLUMNS",
    "Change",
    "Finding",
    "Outcome",
    "Query",
    "Record",
    "Step",
    "record_from_row",
    "request_columns_of",
]

#: What became of a delivery, latest first: the outcome column of its record.
Outcome = Literal[
    "accepted",  # verified; the handler has not finished (handed to a queue, or running)
    "rejected",  # refused before the handler: not verified, malformed, too large, keys down
    "duplicate",  # an event already handled: acknowledged without running the handler
    "in_progress",  # an event being handled by another delivery: answered "retry later"
    "handled",  # the handler finished
    "failed",  # the handler raised or answered a failure, or the hand-off to a queue failed
    "dead_letter",  # a queue gave up on it
]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)

#: Every column of a delivery's row, in order.
COLUMNS: tuple[str, ...] = (
    "id",
    "received_at",
    "updated_at",
    "provider",
    "route",
    "client",
    "outcome",
    "status",
    "reason",
    "event_type",
    "event_id",
    "delivery_id",
    "attempts",
    "error",
    "verify_ms",
    "handler_ms",
    "total_ms",
    "body_size",
    "kept",
    "body",
    "headers",
    "parse",
    "payload",
    "diagnosis",
    "replay_of",
)
#: The columns a listing reads: all but the kept request (body, headers, payload).
SUMMARY_COLUMNS: tuple[str, ...] = tuple(
    c for c in COLUMNS if c not in ("body", "headers", "payload")
)

#: The longest text kept in each bounded column (longer text is cut).
LIMITS: dict[str, int] = {
    "provider": 64,
    "route": 255,
    "client": 64,
    "outcome": 16,
    "reason": 64,
    "event_type": 255,
    "event_id": 255,
    "delivery_id": 255,
    "replay_of": 26,
    "error": 2000,
}


@dataclass(frozen=True)
class Step:
    """One point of a delivery's timeline.

    Attributes:
        name: what happened (``arrived``, ``received``, ``verified``, ``refused``,
            ``handled``, ``failed``, ``duplicate``, ``in_progress``, ``handed_off``,
            ``handoff_failed``, ``dead_letter``, ``diagnosed``, ``replayed``...).
        at: when, in Unix seconds.
        status: the HTTP status answered at this point, when one was.
        detail: a short note (a reason code, an error's type, a replay's id).
    """

    name: str
    at: float
    status: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class Record:
    """One delivery, as the log keeps it.

    Attributes:
        id: the log's id of the delivery (26 characters, ordered by arrival time).
        received_at: when it arrived, in Unix seconds.
        updated_at: when its record last changed.
        provider: the receiver's provider (``event.provider``).
        route: the endpoint it arrived at (the de-duplication scope), when known.
        client: the client's address, when known.
        outcome: what became of it (see [`Outcome`][authhooks.log.Outcome]).
        status: the HTTP status answered, when one was.
        reason: the reason code of a refusal or failure (``invalid_signature``,
            ``handler_error``...).
        event_type: the event's ``type`` (empty when it did not parse).
        event_id: the event's ``id`` (empty when it did not parse).
        delivery_id: the sender's id of the delivery, when its scheme carries one.
        attempts: how many times the handler ran for it.
        error: the last error, as ``Type: message`` (never a secret: a refusal's message
            never holds one; a handler's is the application's own).
        verify_ms: how long reading and verifying took.
        handler_ms: how long the handler took (its last attempt).
        total_ms: from arrival to the answer.
        body_size: the size of the body received, in bytes.
        kept: whether the request (body and headers) was kept.
        body: the raw body, when kept (and loaded: listings leave it out).
        headers: the request headers, when kept and loaded; those carrying a secret are
            redacted.
        delivery: the verified delivery, to parse again (``record.delivery.parse()``) or
            replay; ``None`` for a refused request or when its payload was not kept.
        diagnosis: why a refused request did not verify, as ``authhooks verify`` explains it.
        replay_of: the id of the delivery this one replays.
        replayable: whether the handler can run again for it: it was verified and its
            event kept (listings say so without loading ``delivery``).
        steps: the timeline (loaded with one record, not with listings).
    """

    id: str
    received_at: float
    provider: str
    outcome: Outcome
    updated_at: float = 0.0
    route: str | None = None
    client: str | None = None
    status: int | None = None
    reason: str | None = None
    event_type: str = ""
    event_id: str = ""
    delivery_id: str | None = None
    attempts: int = 0
    error: str | None = None
    verify_ms: float | None = None
    handler_ms: float | None = None
    total_ms: float | None = None
    body_size: int = 0
    kept: bool = False
    body: bytes | None = None
    headers: Mapping[str, str] | None = None
    delivery: Delivery | None = None
    diagnosis: tuple[Finding, ...] = ()
    replay_of: str | None = None
    replayable: bool = False
    steps: tuple[Step, ...] = field(default=())

    def to_dict(self, *, request: bool = False) -> dict[str, Any]:
        """The record as JSON-ready data; ``request=True`` adds the kept body (as text,
        undecodable bytes replaced) and headers."""
        data: dict[str, Any] = {
            name: getattr(self, name)
            for name in COLUMNS
            if name not in ("body", "headers", "parse", "payload", "diagnosis")
        }
        data["replayable"] = self.replayable
        data["diagnosis"] = [{"code": f.code, "message": f.message} for f in self.diagnosis]
        if self.steps:
            data["steps"] = [
                {"name": s.name, "at": s.at, "status": s.status, "detail": s.detail}
                for s in self.steps
            ]
        if request:
            data["headers"] = None if self.headers is None else dict(self.headers)
            data["body"] = None if self.body is None else self.body.decode("utf-8", "replace")
        return data


@dataclass(frozen=True)
class Query:
    """Which records to list, newest first.

    Attributes:
        provider: only this provider's.
        outcomes: only these outcomes (none: any).
        since: only those received at or after this Unix time.
        until: only those received before this Unix time.
        route: only those received at this route.
        event_id: only those of this event id.
        replay_of: only the replays of this delivery.
        replays: ``False``: leave replays out; ``True``: only replays; ``None``: both.
        before: only those older than this record id (the next page of a listing).
        limit: at most this many.
    """

    provider: str | None = None
    outcomes: tuple[str, ...] = ()
    since: float | None = None
    until: float | None = None
    route: str | None = None
    event_id: str | None = None
    replay_of: str | None = None
    replays: bool | None = None
    before: str | None = None
    limit: int = 100


@dataclass
class Change:
    """What one write does to a delivery's row: the columns it sets, the attempts it adds and
    the steps it appends.

    Attributes:
        id: the delivery's id.
        fields: column values (see ``COLUMNS``).
        steps: the timeline steps to append.
        attempts: added to the attempts column.
        new: the row does not exist yet (the first write of a delivery): insert it.
        create: insert the row if it turns out to be missing (a queue's worker recording a
            delivery the log never saw).
        defaults: columns set only when the row is inserted (a worker's copy of the
            delivery).
    """

    id: str
    fields: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    attempts: int = 0
    new: bool = False
    create: bool = False
    defaults: dict[str, Any] = field(default_factory=dict)


def row_defaults(change: Change, now: float) -> dict[str, Any]:
    """The full row of a delivery created by ``change`` (unset columns at their defaults)."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        id=change.id,
        received_at=now,
        updated_at=now,
        provider="",
        outcome="accepted",
        event_type="",
        event_id="",
        attempts=0,
        body_size=0,
        kept=False,
    )
    row.update(change.defaults)
    row.update(change.fields)
    row["attempts"] = int(row["attempts"] or 0) + change.attempts
    return row


#: The columns a queue's worker writes of a delivery: when its record of an attempt reaches the
#: store before the request's own first write (the worker was faster than the web process'
#: writer), the request's write keeps them.
WORKER_COLUMNS = frozenset({"outcome", "reason", "error", "attempts", "handler_ms", "updated_at"})


def request_columns_of(change: Change, now: float) -> dict[str, Any]:
    """What a request's first write (``change.new``) sets on a row that exists already, made
    by a worker's attempt (a row without the request's ``total_ms``): the whole row but the
    worker's columns and the id."""
    row = row_defaults(change, now)
    return {k: v for k, v in row.items() if k not in WORKER_COLUMNS and k != "id"}


def record_from_row(row: Mapping[str, Any], steps: Sequence[Step] = ()) -> Record:
    """The record of a stored row (a mapping of ``COLUMNS``; the request columns may be
    absent, as in a listing)."""
    body = _bytes(row.get("body"))
    payload = _bytes(row.get("payload"))
    outcome = str(row["outcome"])
    return Record(
        id=str(row["id"]),
        received_at=float(row["received_at"]),
        updated_at=float(row.get("updated_at") or 0.0),
        provider=str(row["provider"]),
        route=row.get("route"),
        client=row.get("client"),
        outcome=outcome if outcome in OUTCOMES else "failed",
        status=row.get("status"),
        reason=row.get("reason"),
        event_type=str(row.get("event_type") or ""),
        event_id=str(row.get("event_id") or ""),
        delivery_id=row.get("delivery_id"),
        attempts=int(row.get("attempts") or 0),
        error=row.get("error"),
        verify_ms=row.get("verify_ms"),
        handler_ms=row.get("handler_ms"),
        total_ms=row.get("total_ms"),
        body_size=int(row.get("body_size") or 0),
        kept=bool(row.get("kept")),
        body=body,
        headers=_headers(row.get("headers")),
        delivery=_delivery(row, body, payload),
        diagnosis=_findings(row.get("diagnosis")),
        replay_of=row.get("replay_of"),
        replayable=bool(row.get("parse")),
        steps=tuple(steps),
    )


def _bytes(value: Any) -> bytes | None:
    if value is None:
        return None
    return bytes(value)  # a memoryview from some drivers


def _headers(value: Any) -> dict[str, str] | None:
    if not value:
        return None
    try:
        document = json.loads(value)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    return {str(k): str(v) for k, v in document.items()}


def _findings(value: Any) -> tuple[Finding, ...]:
    if not value:
        return ()
    try:
        document = json.loads(value)
    except ValueError:
        return ()
    if not isinstance(document, list):
        return ()
    return tuple(
        Finding(str(item.get("code", "")), str(item.get("message", "")))
        for item in document
        if isinstance(item, dict)
    )


def _delivery(row: Mapping[str, Any], body: bytes | None, payload: bytes | None) -> Delivery | None:
    """The stored delivery: its parse state, with the payload (``NULL``: the body itself)."""
    state = row.get("parse")
    if not state:
        return None
    try:
        document = json.loads(state)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    if payload is None:
        payload = body
    if payload is None:  # a listing: the request is not loaded
        return None

    document["payload"] = base64.b64encode(payload).decode("ascii")
    try:
        return Delivery.from_json(json.dumps(document))
    except PayloadError:
        return None


def findings_json(findings: Sequence[Finding]) -> str:
    """The diagnosis column of ``findings``."""
    return json.dumps([{"code": f.code, "message": f.message} for f in findings])
