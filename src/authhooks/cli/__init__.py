"""The ``authhooks`` command line: ``send``, ``verify``, ``listen``, ``demo``, and over the
delivery log ``log``, ``replay`` and ``inspect``.

``PROVIDER`` is a registered provider, or ``generic`` with ``--scheme`` and the scheme's
options for any other sender.

Exit codes: 0 success; 1 the webhook was rejected, did not verify, or the server answered
non-2xx; 2 a usage error (unknown provider or event, unreadable file, options that do not
fit); 3 no answer at all; 141 the output was closed before it was all written (piped into
``head``), quietly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from authhooks.cli import _demo, _inspect, _listen, _log, _replay, _send, _verify
from authhooks.cli._common import EXIT_OUTPUT_CLOSED, EXIT_USAGE, UsageError, output_closed

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``authhooks`` command."""
    parser = argparse.ArgumentParser(
        prog="authhooks",
        description="Verify, send and inspect webhooks from identity and auth providers.",
        epilog="Run 'authhooks COMMAND --help' for the options of a command.",
    )
    from authhooks import __version__

    parser.add_argument("--version", action="version", version=f"authhooks {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _demo.add_parser(sub)
    _send.add_parser(sub)
    _verify.add_parser(sub)
    _listen.add_parser(sub)
    _log.add_parser(sub)
    _replay.add_parser(sub)
    _inspect.add_parser(sub)
    return parser


def _is_option(argument: str) -> bool:
    return argument.startswith("-") and argument != "-"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    operands = getattr(args, "operands", None)
    if extras and operands is not None and not any(_is_option(extra) for extra in extras):
        # Operands that options stand between (``verify PROVIDER --secret S BODY_FILE``):
        # argparse gathers a positional of several values from one run of arguments only.
        operands.extend(extras)
    elif extras:
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    try:
        try:
            code: int = args.func(args)
        except UsageError as exc:
            sys.stderr.write(f"authhooks {args.command}: error: {exc}\n")
            return EXIT_USAGE
        except KeyboardInterrupt:
            return 130
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is seen below
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as the Python docs recommend.
        output_closed()
        return EXIT_OUTPUT_CLOSED
    return code
