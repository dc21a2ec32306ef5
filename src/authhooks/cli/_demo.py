"""``authhooks demo``: a local receiver for every provider, fed genuine and forged requests."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from authhooks.cli._common import EXIT_FAILED, EXIT_OK, describe_event, event_line, write_json
from authhooks.events import WebhookEvent

__all__ = ["add_parser"]


def add_parser(sub: Any) -> None:
    """Register ``demo`` on the subparsers ``sub``."""
    p = sub.add_parser(
        "demo",
        help="serve a receiver for every provider, send it genuine and forged requests",
        description=(
            "Start a local receiver for every provider on 127.0.0.1 (a free port), POST it one "
            "signed sample event per provider and one forged request each over real HTTP, "
            "and print what was accepted and rejected. Exits 0 when every genuine request was "
            "accepted and every forged one rejected."
        ),
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks demo``."""
    from authhooks._demo import demo_providers
    from authhooks.cli._http import Connection
    from authhooks.cli._server import BackgroundServer, build_app, quiet_library_log
    from authhooks.samples import load_sample

    out = sys.stdout
    providers = demo_providers()
    received: dict[str, list[WebhookEvent]] = {}
    rejections: dict[str, list[str]] = {}

    def on_event(path: str, event: WebhookEvent) -> None:
        received.setdefault(path, []).append(event)

    def on_reject(path: str, status: int, reason: str) -> None:
        rejections.setdefault(path, []).append(reason)

    routes = {f"/hooks/{p.name}": p.make_receiver() for p in providers}
    results: list[dict[str, Any]] = []
    failures = 0
    app = build_app(routes, on_event, on_reject)
    with quiet_library_log(), BackgroundServer(app) as server:
        if not args.json:
            out.write(f"local receiver on {server.url}, one route per provider\n")
        for provider in providers:
            path = f"/hooks/{provider.name}"
            conn = Connection(server.url + path, timeout=10)
            payload = load_sample(provider.name, provider.event)
            try:
                for label, request in (
                    ("genuine", provider.sign(payload)),
                    ("forged", provider.forge(payload)),
                ):
                    answer = conn.post(request)
                    result: dict[str, Any] = {
                        "provider": provider.name,
                        "event": provider.event,
                        "request": label,
                        "status": answer.status,
                        "accepted": answer.ok,
                    }
                    expected = answer.ok if label == "genuine" else answer.status == 401
                    result["as_expected"] = expected
                    failures += not expected
                    event = received[path].pop() if answer.ok and received.get(path) else None
                    reason = rejections[path].pop() if rejections.get(path) else answer.error
                    if event is not None:
                        result["event_detail"] = describe_event(event)
                    elif reason:
                        result["reason"] = reason
                    results.append(result)
                    if not args.json:
                        _print(out, result, event)
            finally:
                conn.close()
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


def _print(out: Any, result: dict[str, Any], event: WebhookEvent | None) -> None:
    head = f"[{result['provider']}] {result['request']} {result['event']}"
    status = result["status"]
    if result["accepted"]:
        verdict = "accepted" if result["as_expected"] else "ACCEPTED"
        detail = f" -> {event_line(event)}" if event is not None else ""
        out.write(f"{head}: {verdict} (HTTP {status}){detail}\n")
        if event is not None:
            out.write(f"    {event!r}\n")
    else:
        verdict = "rejected" if result["as_expected"] else "REJECTED"
        out.write(f"{head}: {verdict} (HTTP {status}: {result.get('reason', '')})\n")
