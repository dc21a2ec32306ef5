"""``authhooks demo``: a local receiver for every provider, fed genuine and forged requests."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from authhooks._describe import describe_event
from authhooks.batch import Batch
from authhooks.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    event_line,
    short,
    write_json,
)
from authhooks.errors import VerificationError, WebhookError
from authhooks.events import WebhookEvent
from authhooks.receiver import Receiver
from authhooks.signing import SignedRequest

__all__ = ["add_parser"]


def add_parser(sub: Any) -> None:
    """Register ``demo`` on the subparsers ``sub``."""
    p = sub.add_parser(
        "demo",
        help="serve a receiver for every provider, send it genuine and forged requests",
        description=(
            "Start a local receiver for every registered provider on 127.0.0.1 (a free "
            "port), POST it one signed sample event per provider and one forged request "
            "each over real HTTP, and print one line per request: what was accepted and "
            "what was rejected. Exits 0 when every genuine request was accepted and every "
            "forged one rejected. Without the 'cli' extra (starlette, uvicorn) the requests "
            "are verified in this process instead."
        ),
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", help="also print each typed event in full"
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=run)


@dataclass(frozen=True)
class _Outcome:
    status: int | None
    event: WebhookEvent | Batch[Any] | None
    reason: str | None


#: Delivers one request to the receiver at a path and reports what happened.
_Deliver = Callable[[str, SignedRequest], _Outcome]


@contextmanager
def _over_http(routes: dict[str, Receiver[Any]]) -> Iterator[tuple[str, _Deliver]]:
    from authhooks.cli._http import Connection
    from authhooks.cli._server import BackgroundServer, build_app, quiet_library_log

    received: dict[str, list[WebhookEvent | Batch[Any]]] = {}
    rejections: dict[str, list[str]] = {}

    def on_event(method: str, path: str, event: WebhookEvent | Batch[Any]) -> None:
        received.setdefault(path, []).append(event)

    def on_reject(method: str, path: str, status: int, reason: str) -> None:
        rejections.setdefault(path, []).append(reason)

    app = build_app(routes, on_event, on_reject)
    with quiet_library_log(), BackgroundServer(app) as server:

        def deliver(path: str, request: SignedRequest) -> _Outcome:
            conn = Connection(server.url + path, timeout=10)
            try:
                answer = conn.post(request)
            finally:
                conn.close()
            event = received[path].pop() if answer.ok and received.get(path) else None
            reason = rejections[path].pop() if rejections.get(path) else answer.error
            return _Outcome(answer.status, event, reason)

        yield f"local receiver on {server.url}, one route per provider", deliver


@contextmanager
def _in_process(routes: dict[str, Receiver[Any]]) -> Iterator[tuple[str, _Deliver]]:
    def deliver(path: str, request: SignedRequest) -> _Outcome:
        try:
            event = routes[path].verify(request.body, request.headers)
        except WebhookError as exc:
            status = 401 if isinstance(exc, VerificationError) else 400
            return _Outcome(status, None, f"{exc} ({exc.reason})")
        return _Outcome(204, event, None)

    sys.stderr.write(
        "authhooks demo: starlette and uvicorn are not installed "
        "(pip install 'authhooks[cli]'), so requests are verified in this process, "
        "not over HTTP\n"
    )
    yield "verifying in this process, one receiver per provider", deliver


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks demo``."""
    from authhooks._demo import demo_providers
    from authhooks.samples import load_sample

    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        transport = _in_process
    else:
        transport = _over_http

    out = sys.stdout
    providers = demo_providers()
    routes = {f"/hooks/{p.name}": p.make_receiver() for p in providers}
    results: list[dict[str, Any]] = []
    with transport(routes) as (banner, deliver):
        if not args.json:
            out.write(banner + "\n")
        for provider in providers:
            payload = load_sample(provider.name, provider.event)
            for label, request in (
                ("genuine", provider.sign(payload)),
                ("forged", provider.forge(payload)),
            ):
                outcome = deliver(f"/hooks/{provider.name}", request)
                accepted = outcome.status is not None and 200 <= outcome.status < 300
                result: dict[str, Any] = {
                    "provider": provider.name,
                    "event": provider.event,
                    "request": label,
                    "status": outcome.status,
                    "accepted": accepted,
                    "as_expected": accepted if label == "genuine" else outcome.status == 401,
                }
                if outcome.event is not None:
                    result["event_detail"] = describe_event(outcome.event)
                elif outcome.reason:
                    result["reason"] = outcome.reason
                results.append(result)
                if not args.json:
                    _print(out, result, outcome.event, verbose=args.verbose)
    failures = sum(not r["as_expected"] for r in results)
    if args.json:
        write_json({"ok": failures == 0, "results": results})
    else:
        genuine = sum(1 for r in results if r["request"] == "genuine" and r["accepted"])
        forged = sum(1 for r in results if r["request"] == "forged" and not r["accepted"])
        out.write(
            f"{genuine}/{len(providers)} genuine requests accepted, "
            f"{forged}/{len(providers)} forged requests rejected\n"
        )
    return EXIT_FAILED if failures else EXIT_OK


def _print(
    out: Any, result: dict[str, Any], event: WebhookEvent | Batch[Any] | None, *, verbose: bool
) -> None:
    head = f"[{result['provider']}] {result['request']} {result['event']}"
    status = result["status"]
    if result["accepted"]:
        verdict = "accepted" if result["as_expected"] else "ACCEPTED"
        # The event's type is in the head already: the class, kind and id complete it.
        detail = f" -> {_brief(event)}" if event is not None else ""
        out.write(f"{head}: {verdict} (HTTP {status}){detail}\n")
        if verbose and event is not None:
            for each in event if isinstance(event, Batch) else (event,):
                out.write(f"    {each!r}\n")
    else:
        verdict = "rejected" if result["as_expected"] else "REJECTED"
        out.write(f"{head}: {verdict} (HTTP {status}: {result.get('reason', '')})\n")


def _brief(event: WebhookEvent | Batch[Any]) -> str:
    """The class, kind and id of ``event`` (its type is in the line already); a batch's
    count and events."""
    if isinstance(event, Batch):
        return event_line(event)
    return f"{type(event).__name__} kind={event.kind!r} id={short(event.id)}"
