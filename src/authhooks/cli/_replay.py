"""``authhooks replay``: run the handler again for logged deliveries."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from authhooks.cli._common import EXIT_FAILED, EXIT_OK, UsageError, write_json
from authhooks.cli._logopts import (
    add_log_option,
    add_replay_options,
    open_log,
    parse_since,
    replayer_from,
    terminal,
)

if TYPE_CHECKING:
    from authhooks.log import Record

__all__ = ["add_parser"]


def add_parser(sub: Any) -> None:
    """Register ``replay`` on the subparsers ``sub``."""
    p = sub.add_parser(
        "replay",
        help="run the handler again for logged deliveries",
        description=(
            "Run the handler again for the chosen deliveries of the delivery log (IDs, or "
            "--failed/--since/--provider), without verifying them again: the log says they "
            "were verified on arrival. A replay is de-duplicated like any delivery: an event "
            "already handled is a duplicate unless --force. Each replay is recorded in the "
            "log (replay_of the original). Exits 1 when a replay fails or cannot run."
        ),
    )
    add_log_option(p)
    p.add_argument("ids", metavar="ID", nargs="*", help="the deliveries to replay")
    p.add_argument(
        "--failed", action="store_true", help="the deliveries that failed or were dead-lettered"
    )
    p.add_argument("--since", metavar="WHEN", help="received since then: 15m, 2h, 7d, ISO date")
    p.add_argument("--provider", metavar="NAME", help="this provider's deliveries")
    p.add_argument("--limit", type=int, default=1000, metavar="N", help="at most N (1000)")
    p.add_argument("--force", action="store_true", help="run even events already handled")
    p.add_argument("--json", action="store_true", help="one JSON object per replay")
    add_replay_options(p, required=True)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks replay``."""
    from authhooks.log import Query

    if not args.ids and not (args.failed or args.since or args.provider):
        raise UsageError("choose the deliveries: IDs, --failed, --since or --provider")
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    replayer = replayer_from(args, required=True)
    if replayer is None:  # pragma: no cover (required)
        raise UsageError("give --handler")
    log = open_log(args)
    try:
        targets: list[str | Record] = list(args.ids)
        if args.failed or args.since or args.provider:
            query = Query(
                provider=args.provider,
                outcomes=("failed", "dead_letter") if args.failed else (),
                since=None if args.since is None else parse_since(args.since),
                replays=False,
                limit=args.limit,
            )
            chosen = [r for r in log.find(query) if r.replayable and r.id not in args.ids]
            targets += reversed(chosen)  # in the order they arrived
        if not targets:
            sys.stderr.write("no delivery to replay\n")
            return EXIT_OK
        results = replayer.replay(log, targets, force=args.force)
    finally:
        log.close()
    for result in results:
        if args.json:
            write_json(
                {
                    "original": result.original,
                    "id": result.id,
                    "outcome": result.outcome,
                    "detail": result.detail,
                }
            )
        else:
            detail = f": {result.detail}" if result.detail else ""
            replay = f" as {result.id}" if result.id else ""
            sys.stdout.write(
                terminal(f"{result.original}{replay}: {result.outcome}{detail}") + "\n"
            )
    return EXIT_OK if all(result.ok for result in results) else EXIT_FAILED
