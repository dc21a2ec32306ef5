"""``authhooks log``: list and filter the deliveries of the delivery log, or show one."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from authhooks._describe import describe_event
from authhooks.cli._common import EXIT_OK, UsageError, short, write_json
from authhooks.cli._logopts import add_log_option, open_log, parse_since, read_record, terminal
from authhooks.errors import WebhookError

if TYPE_CHECKING:
    from authhooks.log import Record

__all__ = ["add_parser", "outcome_of"]

_BODY_SHOWN = 4096


def add_parser(sub: Any) -> None:
    """Register ``log`` on the subparsers ``sub``."""
    from authhooks.log import OUTCOMES

    p = sub.add_parser(
        "log",
        help="list the deliveries of the delivery log, or show one",
        description=(
            "List the deliveries recorded by a DeliveryLog, newest first, with why each "
            "refused one did not verify; or, given an ID, show that delivery: its timeline, "
            "headers (secrets redacted), body, parsed event and diagnosis."
        ),
    )
    add_log_option(p)
    p.add_argument("id", metavar="ID", nargs="?", help="show this delivery")
    p.add_argument("--provider", metavar="NAME", help="only this provider's deliveries")
    p.add_argument(
        "--outcome",
        action="append",
        metavar="OUTCOME",
        help=f"only these outcomes (repeat for several): {', '.join(OUTCOMES)}",
    )
    p.add_argument("--since", metavar="WHEN", help="only since then: 15m, 2h, 7d, or an ISO date")
    p.add_argument("--route", metavar="ROUTE", help="only those received at this route")
    p.add_argument("--event-id", metavar="ID", help="only the deliveries of this event")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (50)")
    p.add_argument("--body", action="store_true", help="with ID: the whole body")
    p.add_argument("--json", action="store_true", help="one JSON object per delivery")
    p.set_defaults(func=run)


def outcome_of(text: str) -> str:
    """The outcome ``text`` names (``in-progress`` and ``in_progress`` alike)."""
    from authhooks.log import OUTCOMES

    outcome = text.strip().lower().replace("-", "_")
    if outcome not in OUTCOMES:
        raise UsageError(f"unknown outcome {terminal(text)!r}; known: {', '.join(OUTCOMES)}")
    return outcome


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks log``."""
    from authhooks.log import Query

    log = open_log(args)
    try:
        if args.id:
            _show(args, read_record(log, args.id))
            return EXIT_OK
        if args.limit < 1:
            raise UsageError("--limit must be 1 or more")
        query = Query(
            provider=args.provider,
            outcomes=tuple(outcome_of(o) for o in args.outcome or ()),
            since=None if args.since is None else parse_since(args.since),
            route=args.route,
            event_id=args.event_id,
            limit=args.limit,
        )
        try:
            records = log.find(query)
        except Exception as exc:
            raise UsageError(f"cannot read the delivery log: {type(exc).__name__}") from None
        for record in records:
            if args.json:
                write_json(record.to_dict())
            else:
                _line(record)
        if not records and not args.json:
            sys.stderr.write("no delivery matches\n")
        return EXIT_OK
    finally:
        log.close()


def when(at: float) -> str:
    """A Unix time as local date and time, to the second."""
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S")


def _line(record: Record) -> None:
    status = "-" if record.status is None else str(record.status)
    ms = "-" if record.total_ms is None else f"{record.total_ms:.1f}ms"
    event = f"{record.event_type or '-'} {short(record.event_id) if record.event_id else ''}"
    replay = f" (replay of {record.replay_of})" if record.replay_of else ""
    sys.stdout.write(
        terminal(
            f"{record.id}  {when(record.received_at)}  {record.provider:<11} "
            f"{record.outcome:<11} {status:>3} {record.reason or '':<18} {event.strip()} "
            f"{record.route or ''} {ms}{replay}"
        ).rstrip()
        + "\n"
    )
    if record.outcome == "rejected" and record.diagnosis:
        sys.stdout.write(f"    why: {terminal(record.diagnosis[0].message)}\n")


def _show(args: argparse.Namespace, record: Record) -> None:
    event = _event(record)
    if args.json:
        data = record.to_dict(request=True)
        data["event"] = event
        write_json(data)
        return
    out = sys.stdout
    fields = [
        ("received", when(record.received_at)),
        ("provider", record.provider),
        ("route", record.route),
        ("client", record.client),
        ("outcome", record.outcome),
        ("status", record.status),
        ("reason", record.reason),
        ("error", record.error),
        ("event", f"{record.event_type} {record.event_id}".strip() or None),
        ("delivery id", record.delivery_id),
        ("attempts", record.attempts),
        ("replay of", record.replay_of),
    ]
    out.write(f"delivery {record.id}\n")
    for name, value in fields:
        if value is not None:
            out.write(f"  {name + ':':<13}{terminal(value)}\n")
    durations = [
        f"{name} {value:.1f} ms"
        for name, value in (
            ("verify", record.verify_ms),
            ("handler", record.handler_ms),
            ("total", record.total_ms),
        )
        if value is not None
    ]
    if durations:
        out.write(f"  {'durations:':<13}{', '.join(durations)}\n")
    out.write("timeline:\n")
    for step in record.steps:
        offset = (step.at - record.received_at) * 1000
        status = "" if step.status is None else f" {step.status}"
        out.write(f"  +{offset:9.1f} ms  {terminal(step.name)}{status} {terminal(step.detail)}\n")
    if record.diagnosis:
        out.write("diagnosis:\n")
        for finding in record.diagnosis:
            out.write(f"  - {terminal(finding.message)}\n")
    _request(args, record)
    if event is not None:
        out.write("event:\n")
        text = json.dumps(event, indent=2, ensure_ascii=False, default=str)
        out.write(terminal(text, lines=True) + "\n")


def _request(args: argparse.Namespace, record: Record) -> None:
    out = sys.stdout
    if not record.kept:
        out.write(f"request: not kept ({record.body_size} bytes)\n")
        return
    out.write("headers (secrets redacted):\n")
    for name, value in (record.headers or {}).items():
        out.write(f"  {terminal(name)}: {terminal(value)}\n")
    body = record.body or b""
    shown = body if args.body else body[:_BODY_SHOWN]
    out.write(f"body ({len(body)} bytes):\n")
    out.write(terminal(shown.decode("utf-8", "replace"), lines=True) + "\n")
    if len(shown) < len(body):
        out.write(f"… {len(body) - len(shown)} more bytes (--body shows them all)\n")


def _event(record: Record) -> dict[str, Any] | None:
    if record.delivery is None:
        return None
    try:
        return describe_event(record.delivery.parse())
    except WebhookError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
