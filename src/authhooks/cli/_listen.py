"""``authhooks listen``: a local receiver that prints each verified event and each rejection."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from authhooks._describe import describe_event
from authhooks.batch import Batch
from authhooks.cli import _generic
from authhooks.cli._common import (
    EXIT_OK,
    EXIT_OUTPUT_CLOSED,
    EXIT_USAGE,
    UsageError,
    add_credential_options,
    add_provider_argument,
    event_line,
    given_from,
    output_closed,
    write_json,
)
from authhooks.cli._paste import built_quietly
from authhooks.cli._target import target_from
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
            "any path, prints each verified event and each rejected request with its method "
            "and the reason (any method but POST is answered 405, as the adapters do, except a "
            "sender's verification request, such as Okta's GET, which is answered). "
            "Without --secret (or $AUTHHOOKS_SECRET) it accepts the demo credentials, as "
            "'authhooks send' uses them. 'generic --scheme ...' serves any sender. Stop it "
            "with Ctrl-C."
        ),
    )
    add_provider_argument(p)
    add_credential_options(p, signing=False)
    _generic.add_options(p, signing=False)
    p.add_argument("--port", type=int, default=8000, metavar="N", help="0 picks a free port")
    p.add_argument("--host", default="127.0.0.1", help="the address to bind (127.0.0.1)")
    p.add_argument("--json", action="store_true", help="print one JSON object per request")
    p.set_defaults(func=run)


def _now() -> str:
    return datetime.now().strftime("%H:%M:%S")


class _Output:
    """Writes the log lines; when the reader goes away (``| head``), stops the server."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.closed = False
        self.server: Any = None

    def line(self, text: str, obj: dict[str, Any]) -> None:
        if self.closed:
            return
        try:
            if self.as_json:
                write_json(obj, sys.stdout)
            else:
                sys.stdout.write(text + "\n")
                sys.stdout.flush()
        except BrokenPipeError:
            self.closed = True
            output_closed()
            if self.server is not None:
                self.server.should_exit = True


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks listen`` until interrupted."""
    from authhooks.cli._server import (
        bind,
        build_app,
        make_server,
        quiet_library_log,
        serve_forever,
    )

    target = target_from(args)
    given = given_from(args)
    try:
        receiver, notes = built_quietly(lambda: target.make_receiver(given, None))
    except (LookupError, ConfigurationError) as exc:
        raise UsageError(str(exc)) from None
    for note in notes:
        sys.stderr.write(f"authhooks listen: warning: {note}\n")
    out = _Output(args.json)

    def on_event(method: str, path: str, event: WebhookEvent | Batch[Any]) -> None:
        out.line(
            f"{_now()} {method} {path} accepted: {event_line(event)}",
            {"accepted": True, "method": method, "path": path, "event": describe_event(event)},
        )

    def on_reject(method: str, path: str, status: int, reason: str) -> None:
        out.line(
            f"{_now()} {method} {path} rejected ({status}): {reason}",
            {"accepted": False, "method": method, "path": path, "status": status, "reason": reason},
        )

    def on_challenge(method: str, path: str) -> None:
        out.line(
            f"{_now()} {method} {path} answered {receiver.provider}'s verification request",
            {"accepted": True, "method": method, "path": path, "verification": True},
        )

    app = build_app({"/{path:path}": receiver}, on_event, on_reject, on_challenge)
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        sys.stderr.write(f"authhooks: cannot listen on {args.host}:{args.port}: {exc}\n")
        return EXIT_USAGE
    try:
        host, port = sock.getsockname()[:2]
        creds = "the demo credentials" if given.empty and target.demo else "the given credentials"
        sender = f"{receiver.provider} ({args.scheme})" if target.generic else args.provider
        out.line(
            f"listening for {sender} webhooks on http://{host}:{port}/ "
            f"(accepting {creds}; Ctrl-C to stop)",
            {"listening": f"http://{host}:{port}/", "provider": receiver.provider},
        )
        if out.closed:
            return EXIT_OUTPUT_CLOSED
        out.server = make_server(app)
        with quiet_library_log():
            serve_forever(app, sock, out.server)
    finally:
        sock.close()
    return EXIT_OUTPUT_CLOSED if out.closed else EXIT_OK
