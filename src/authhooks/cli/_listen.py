"""``authhooks listen``: a local receiver that prints each verified event and each rejection."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from authhooks.cli._common import (
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_credential_options,
    describe_event,
    event_line,
    given_from,
    write_json,
)
from authhooks.errors import ConfigurationError
from authhooks.events import WebhookEvent

__all__ = ["add_parser"]


def add_parser(sub: Any) -> None:
    """Register ``listen`` on the subparsers ``sub``."""
    p = sub.add_parser(
        "listen",
        help="run a local receiver that prints every event it verifies or rejects",
        description=(
            "Serve a receiver for PROVIDER (uvicorn, Starlette adapter) that accepts POSTs on "
            "any path, prints each verified event and each rejected request with the reason. "
            "Without --secret (or $AUTHHOOKS_SECRET) it accepts the demo credentials, as "
            "'authhooks send' uses them. Stop it with Ctrl-C."
        ),
    )
    p.add_argument("provider", metavar="PROVIDER")
    add_credential_options(p, signing=False)
    p.add_argument("--port", type=int, default=8000, metavar="N", help="0 picks a free port")
    p.add_argument("--host", default="127.0.0.1", help="the address to bind (127.0.0.1)")
    p.add_argument("--json", action="store_true", help="print one JSON object per request")
    p.set_defaults(func=run)


def _now() -> str:
    return datetime.now().strftime("%H:%M:%S")


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks listen`` until interrupted."""
    from authhooks._credentials import make_receiver
    from authhooks.cli._server import bind, build_app, quiet_library_log, serve_forever

    given = given_from(args)
    try:
        receiver = make_receiver(args.provider, given)
    except (LookupError, ConfigurationError) as exc:
        raise UsageError(str(exc)) from None
    out = sys.stdout

    def on_event(path: str, event: WebhookEvent) -> None:
        if args.json:
            write_json({"accepted": True, "path": path, "event": describe_event(event)}, out)
            return
        out.write(f"{_now()} POST {path} accepted: {event_line(event)}\n")
        out.flush()

    def on_reject(path: str, status: int, reason: str) -> None:
        if args.json:
            write_json({"accepted": False, "path": path, "status": status, "reason": reason}, out)
            return
        out.write(f"{_now()} POST {path} rejected ({status}): {reason}\n")
        out.flush()

    app = build_app({"/{path:path}": receiver}, on_event, on_reject)
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        sys.stderr.write(f"authhooks: cannot listen on {args.host}:{args.port}: {exc}\n")
        return EXIT_USAGE
    host, port = sock.getsockname()[:2]
    creds = "the demo credentials" if given.empty else "the given credentials"
    message = (
        f"listening for {args.provider} webhooks on http://{host}:{port}/ "
        f"(accepting {creds}; Ctrl-C to stop)"
    )
    if args.json:
        write_json({"listening": f"http://{host}:{port}/", "provider": args.provider}, out)
    else:
        out.write(message + "\n")
        out.flush()
    try:
        with quiet_library_log():
            serve_forever(app, sock)
    finally:
        sock.close()
    return EXIT_OK
