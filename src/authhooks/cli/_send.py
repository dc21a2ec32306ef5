"""``authhooks send``: sign a sample event (or a payload file) and POST it, once or many times."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, TextIO

from authhooks.cli import _generic
from authhooks.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNREACHABLE,
    UsageError,
    add_credential_options,
    add_provider_argument,
    closest,
    given_from,
    read_bytes,
    write_json,
)
from authhooks.cli._http import Answer, Connection, check_url
from authhooks.cli._paste import built_quietly
from authhooks.cli._target import Target, target_from
from authhooks.errors import ConfigurationError
from authhooks.signing import SignedRequest

__all__ = ["add_parser", "percentile"]


def add_parser(sub: Any) -> None:
    """Register ``send`` on the subparsers ``sub``."""
    p = sub.add_parser(
        "send",
        help="sign a sample event of a provider and POST it to a URL",
        description=(
            "Build a request exactly as PROVIDER would send it for EVENT (its shipped sample, "
            "default the provider's demo event, or --data FILE), signed with --secret, and "
            "POST it to --to. Exits 0 only when every answer is 2xx. Without --secret (or "
            "$AUTHHOOKS_SECRET) the demo credentials are used, which 'authhooks listen "
            "PROVIDER' accepts. 'generic --scheme ...' signs --data FILE like any sender."
        ),
    )
    add_provider_argument(p)
    p.add_argument(
        "event",
        metavar="EVENT",
        nargs="?",
        help="the provider's event name, e.g. user.create (default: its demo event)",
    )
    p.add_argument("--to", required=True, metavar="URL", help="where to POST the request")
    add_credential_options(p, signing=True)
    p.add_argument("--data", metavar="FILE", help="send this payload file (exact bytes)")
    p.add_argument("--count", type=_positive, default=1, metavar="N", help="send N requests")
    p.add_argument(
        "--concurrency", type=_positive, default=1, metavar="C", help="C requests in flight"
    )
    p.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds per request")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    _generic.add_options(p, signing=True)
    p.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _payload(args: argparse.Namespace, target: Target) -> Any:
    """The payload to sign: ``--data``, else the provider's sample of EVENT."""
    from authhooks import providers

    if target.generic:
        if args.event is not None:
            raise UsageError(
                f"a generic sender has no samples: drop EVENT {args.event!r} and give --data FILE"
            )
        if args.data is None:
            raise UsageError("a generic sender has no samples: give --data FILE")
    if args.data is not None:
        return read_bytes(args.data)
    entry = providers.get(target.name)
    if args.event is None:
        args.event = entry.demo_event
    try:
        return entry.sample(args.event)
    except LookupError:
        known = entry.sample_events()
        hint = closest(args.event, known) + (f"; samples: {', '.join(known)}" if known else "")
        raise UsageError(
            f"no sample for {target.name} event {args.event!r}{hint} (or pass --data FILE)"
        ) from None


def _build_request(args: argparse.Namespace) -> SignedRequest:
    target = target_from(args)
    payload = _payload(args, target)
    given = given_from(args)
    try:
        request, notes = built_quietly(lambda: target.make_signer(given)(payload))
    except (LookupError, ConfigurationError) as exc:
        raise UsageError(str(exc)) from None
    for note in notes:
        sys.stderr.write(f"authhooks send: warning: {note}\n")
    return request


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of an already sorted, non-empty list."""
    rank = max(1, min(len(sorted_values), math.ceil(fraction * len(sorted_values))))
    return sorted_values[rank - 1]


class _Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total: int, out: TextIO, *, enabled: bool) -> None:
        self.total, self.out, self.enabled = total, out, enabled
        self.done = 0
        self._shown = -1

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = self.done * width // self.total
        if filled == self._shown and self.done != self.total:
            return
        self._shown = filled
        bar = "#" * filled + "-" * (width - filled)
        self.out.write(f"\r[{bar}] {self.done}/{self.total}")
        if self.done == self.total:
            self.out.write("\n")
        self.out.flush()


def _send_all(
    url: str, request: SignedRequest, count: int, concurrency: int, timeout: float
) -> tuple[list[Answer], float]:
    local = threading.local()
    connections: list[Connection] = []
    lock = threading.Lock()

    def one(_: int) -> Answer:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = Connection(url, timeout=timeout)
            local.conn = conn
            with lock:
                connections.append(conn)
        answer: Answer = conn.post(request)
        return answer

    progress = _Progress(count, sys.stderr, enabled=count > 1)
    answers: list[Answer] = []
    start = time.perf_counter()
    pool = ThreadPoolExecutor(max_workers=min(concurrency, count))
    try:
        for future in as_completed([pool.submit(one, i) for i in range(count)]):
            answers.append(future.result())
            progress.step()
    finally:
        # On an early exit (Ctrl-C, output closed), requests not yet sent are not sent.
        pool.shutdown(wait=True, cancel_futures=True)
        for conn in connections:
            conn.close()
    return answers, time.perf_counter() - start


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks send``."""
    check_url(args.to)
    request = _build_request(args)
    answers, elapsed = _send_all(args.to, request, args.count, args.concurrency, args.timeout)
    ok = sum(a.ok for a in answers)
    answered = [a for a in answers if a.status is not None]
    latencies = sorted(a.seconds for a in answered)
    statuses = Counter(str(a.status) if a.status is not None else "error" for a in answers)
    first_bad = next((a for a in answers if not a.ok), None)
    summary: dict[str, Any] = {
        "provider": args.provider,
        "event": args.event,
        "url": args.to,
        "requests": len(answers),
        "ok": ok,
        "failed": len(answers) - ok,
        "statuses": dict(sorted(statuses.items())),
        "seconds": round(elapsed, 4),
        "requests_per_second": round(len(answers) / elapsed, 1) if elapsed > 0 else None,
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50) * 1000, 2) if latencies else None,
            "p99": round(percentile(latencies, 0.99) * 1000, 2) if latencies else None,
        },
    }
    shown = first_bad if first_bad is not None else answers[0]
    summary["status"] = shown.status
    summary["response"] = _text(shown.body)
    if shown.error is not None:
        summary["error"] = shown.error
    if args.json:
        write_json(summary)
    else:
        _print_summary(summary, shown, args)
    if ok == len(answers):
        return EXIT_OK
    return EXIT_FAILED if answered else EXIT_UNREACHABLE


def _text(body: bytes) -> str:
    text = body.decode("utf-8", "replace")
    return text if len(text) <= 2000 else text[:2000] + "…"


def _print_summary(summary: dict[str, Any], shown: Answer, args: argparse.Namespace) -> None:
    out = sys.stdout
    what = args.provider if args.event is None else f"{args.provider} {args.event}"
    target = f"{what} -> POST {args.to}"
    if shown.status is None:
        out.write(f"{target}: no answer ({shown.error})\n")
    else:
        out.write(f"{target}: {shown.status} {shown.reason} ({shown.seconds * 1000:.1f} ms)\n")
        if shown.body:
            body = summary["response"]
            with contextlib.suppress(ValueError):
                body = json.dumps(json.loads(shown.body), indent=2, ensure_ascii=False)
            out.write(f"{body}\n")
    if summary["requests"] > 1:
        statuses = ", ".join(f"{n} x {s}" for s, n in summary["statuses"].items())
        lat = summary["latency_ms"]
        out.write(
            f"{summary['requests']} requests ({statuses}) in {summary['seconds']:.2f} s: "
            f"{summary['requests_per_second']} requests/s, "
            f"latency p50 {lat['p50']} ms, p99 {lat['p99']} ms\n"
        )
