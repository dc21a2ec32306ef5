"""The ``authhooks`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from authhooks.errors import WebhookError

__all__ = ["main"]


def _cmd_demo(args: argparse.Namespace) -> int:
    from authhooks._demo import demo_providers
    from authhooks.samples import load_sample

    out = sys.stdout
    failures = 0
    for provider in demo_providers():
        receiver = provider.make_receiver()
        payload = load_sample(provider.name, provider.event)
        request = provider.sign(payload)
        try:
            event = receiver.verify(request.body, request.headers)
        except WebhookError as exc:
            failures += 1
            out.write(f"[{provider.name}] genuine {provider.event}: REJECTED ({exc})\n")
            continue
        out.write(
            f"[{provider.name}] genuine {provider.event}: accepted -> "
            f"{type(event).__name__} type={event.type!r} kind={event.kind!r} id={event.id[:16]}\n"
        )
        out.write(f"    {event!r}\n")
        forged = provider.forge(payload)
        try:
            receiver.verify(forged.body, forged.headers)
        except WebhookError as exc:
            why = f"{type(exc).__name__}: {exc}"
            out.write(f"[{provider.name}] forged {provider.event}: rejected ({why})\n")
        else:
            failures += 1
            out.write(f"[{provider.name}] forged {provider.event}: ACCEPTED\n")
    return 1 if failures else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``authhooks`` command."""
    parser = argparse.ArgumentParser(
        prog="authhooks",
        description="Verify, send and inspect webhooks from identity and auth providers.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    demo = sub.add_parser(
        "demo", help="verify a signed sample event of every provider, and reject a forged one"
    )
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code
