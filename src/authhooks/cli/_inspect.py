"""``authhooks inspect``: serve a local web page over the delivery log."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from authhooks.cli._common import EXIT_OK, UsageError
from authhooks.cli._logopts import add_log_option, add_replay_options, open_log, replayer_from

__all__ = ["add_parser"]


def add_parser(sub: Any) -> None:
    """Register ``inspect`` on the subparsers ``sub``."""
    p = sub.add_parser(
        "inspect",
        help="serve a local web page over the delivery log",
        description=(
            "Serve a small web page over the delivery log on 127.0.0.1: the deliveries as a "
            "filterable table; each delivery's timeline, headers (secrets redacted), body, "
            "parsed event and diagnosis; a replay button when --handler (or --dispatcher) is "
            "given. Stop it with Ctrl-C."
        ),
    )
    add_log_option(p)
    p.add_argument("--host", default="127.0.0.1", help="the address to bind (127.0.0.1)")
    p.add_argument("--port", type=int, default=8400, metavar="N", help="0 picks a free port")
    add_replay_options(p, required=False)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks inspect``."""
    try:
        from authhooks.cli._server import bind, make_server
        from authhooks.log.inspect import create_app
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    replayer = replayer_from(args, required=False)
    log = open_log(args)
    app = create_app(log, replayer=replayer, hosts=[args.host])
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        log.close()
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    sys.stdout.write(f"authhooks inspect: http://{shown}:{port}/ (Ctrl-C to stop)\n")
    sys.stdout.flush()
    try:
        make_server(app).run(sockets=[sock])
    finally:
        sock.close()
        log.close()
    return EXIT_OK
