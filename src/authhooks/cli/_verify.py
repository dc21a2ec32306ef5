"""``authhooks verify``: verify a captured request, and explain a failure in actionable words.

The explanation (``authhooks.cli._diagnosis``) undoes the usual mistakes one at a time and
reports what made the request pass. No secret or token is ever printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from authhooks.cli._claims import Finding, format_duration
from authhooks.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    add_credential_options,
    check_provider,
    describe_event,
    event_line,
    given_from,
    read_bytes,
    read_headers,
    write_json,
)
from authhooks.cli._diagnosis import diagnose
from authhooks.errors import ConfigurationError, WebhookError
from authhooks.events import WebhookEvent

__all__ = ["Finding", "add_parser", "diagnose", "format_duration"]


def add_parser(sub: Any) -> None:
    """Register ``verify`` on the subparsers ``sub``."""
    p = sub.add_parser(
        "verify",
        help="verify a captured request and explain why it fails",
        description=(
            "Verify a captured request (BODY_FILE: the exact body bytes, '-' for stdin; "
            "--headers FILE: its headers as a JSON object, 'Name: value' lines, or the "
            "output of 'curl -v', whose request headers are taken). Prints the typed event, "
            "or explains the failure: a missing header, a re-serialised body, a secret "
            "pasted with a prefix, a timestamp off by how much and which way, a token "
            "addressed to another audience. Exits 1 on failure."
        ),
    )
    p.add_argument("provider", metavar="PROVIDER")
    add_credential_options(p, signing=False)
    p.add_argument(
        "--headers",
        metavar="FILE",
        help="the request headers: JSON, 'Name: value' lines or a 'curl -v' transcript",
    )
    p.add_argument("body", metavar="BODY_FILE", help="the exact request body")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks verify``."""
    from authhooks._credentials import make_receiver

    check_provider(args.provider)
    body = read_bytes(args.body)
    headers = read_headers(args.headers) if args.headers else {}
    given = given_from(args)
    try:
        receiver = make_receiver(args.provider, given)
    except (LookupError, ConfigurationError) as exc:
        raise UsageError(str(exc)) from None
    try:
        event: WebhookEvent = receiver.verify(body, headers)
    except WebhookError as exc:
        findings = diagnose(
            args.provider, given, body, headers, exc, headers_given=args.headers is not None
        )
        _report_failure(args, exc, findings)
        return EXIT_FAILED
    if args.json:
        write_json({"ok": True, "event": describe_event(event)})
    else:
        described = describe_event(event)
        sys.stdout.write(f"verified: {event_line(event)}\n")
        sys.stdout.write(f"occurred_at: {described['occurred_at']}\n")
        sys.stdout.write(json.dumps(described["payload"], indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _report_failure(args: argparse.Namespace, exc: WebhookError, findings: list[Finding]) -> None:
    if args.json:
        write_json(
            {
                "ok": False,
                "error": {
                    "type": type(exc).__name__,
                    "reason": exc.reason,
                    "header": exc.header,
                    "message": str(exc),
                },
                "diagnosis": [{"code": f.code, "message": f.message} for f in findings],
            }
        )
        return
    out = sys.stdout
    out.write(f"NOT verified: {type(exc).__name__}: {exc}\n")
    for finding in findings:
        out.write(f"  - {finding.message}\n")
