"""``authhooks verify``: verify a captured request, and explain a failure in actionable words.

The explanation (``authhooks.cli._diagnosis``) undoes the usual mistakes one at a time and
reports what made the request pass. A secret the receiver refuses as given (pasted with
spaces, quotes or its scheme word) is not a usage error here: explaining it is the point, so
the secret is tried without what was pasted around it. No secret or token is ever printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from authhooks._describe import describe_event
from authhooks.batch import Batch
from authhooks.cli import _generic
from authhooks.cli._claims import Finding, format_duration
from authhooks.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    add_credential_options,
    add_provider_argument,
    event_line,
    given_from,
    read_bytes,
    read_headers,
    split_operands,
    write_json,
)
from authhooks.cli._diagnosis import Capture, diagnose, diagnose_refused
from authhooks.cli._logopts import add_log_option, request_from_log
from authhooks.cli._paste import built_quietly
from authhooks.cli._target import Target, target_from
from authhooks.errors import ConfigurationError, WebhookError
from authhooks.events import WebhookEvent
from authhooks.receiver import Receiver

__all__ = ["Finding", "add_parser", "diagnose", "format_duration", "signature_form"]


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
            "pasted with a prefix, quotes or spaces, a timestamp off by how much and which "
            "way, a token addressed to another audience. Exits 1 on failure. PROVIDER is a "
            "registered provider, or 'generic' with --scheme for any other sender. With "
            "--from-log ID, the request is a delivery of the delivery log (PROVIDER and "
            "BODY_FILE then come from it)."
        ),
    )
    add_provider_argument(
        p, then="BODY_FILE: the exact request body ('-': stdin); both optional with --from-log"
    )
    add_credential_options(p, signing=False)
    p.add_argument(
        "--headers",
        metavar="FILE",
        help="the request headers: JSON, 'Name: value' lines or a 'curl -v' transcript",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument(
        "--from-log",
        metavar="ID",
        help="verify a delivery of the delivery log (its body and headers as kept), with the "
        "credentials given here",
    )
    add_log_option(p)
    _generic.add_options(p, signing=False)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks verify``."""
    split_operands(args)
    if args.from_log:
        body, headers = request_from_log(args)
    else:
        if args.provider is None or args.body is None:
            raise UsageError("give PROVIDER and BODY_FILE (or --from-log ID)")
        body = read_bytes(args.body)
        headers = read_headers(args.headers) if args.headers else {}
    target = target_from(args)
    given = given_from(args)
    headers_given = args.headers is not None or args.from_log is not None
    try:
        receiver, notes = built_quietly(lambda: target.make_receiver(given, None))
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    except ConfigurationError as refused:
        capture = Capture(target, body, headers, headers_given)
        explained = diagnose_refused(capture, given)
        if explained is None:
            raise UsageError(str(refused)) from None
        _report_failure(args, refused, explained)
        return EXIT_FAILED
    try:
        event: WebhookEvent | Batch[Any] = receiver.verify(body, headers)
    except WebhookError as exc:
        capture = Capture.of(target, receiver, body, headers, headers_given=headers_given)
        _report_failure(args, exc, diagnose(capture, given, exc))
        return EXIT_FAILED
    form = signature_form(receiver, body, headers)
    note = None if form is None else _form_note(target, receiver, form)
    _report_success(args, event, form, note, notes)
    return EXIT_OK


def signature_form(receiver: Receiver[Any], body: bytes, headers: Any) -> str | None:
    """Which of its accepted forms the scheme matched (``Verified.form``), for a request that
    verified; ``None`` for a scheme with one form."""
    try:
        return receiver.scheme.authenticate(body, headers).form
    except WebhookError:  # the time moved past the tolerance since: no form to tell
        return None


def _form_note(target: Target, receiver: Receiver[Any], form: str) -> str:
    accepted = sorted(getattr(receiver.scheme, "forms", ()) or ())
    among = f" (accepted: {', '.join(accepted)})" if accepted else ""
    note = f"signature form: {form}{among}."
    if not target.format_published:
        note += (
            f" {target.title} publishes no signature format: the forms accepted are authhooks' "
            f"documented assumption (see the {target.title} page of the documentation)."
        )
    return note


def _report_success(
    args: argparse.Namespace,
    event: WebhookEvent | Batch[Any],
    form: str | None,
    form_note: str | None,
    notes: list[str],
) -> None:
    described = describe_event(event)
    if args.json:
        result: dict[str, Any] = {"ok": True, "event": described}
        if form is not None:
            result["form"] = form
            result["form_note"] = form_note
        if notes:
            result["warnings"] = notes
        write_json(result)
        return
    for note in notes:
        sys.stderr.write(f"authhooks verify: warning: {note}\n")
    sys.stdout.write(f"verified: {event_line(event)}\n")
    if form_note is not None:
        sys.stdout.write(form_note + "\n")
    for each in described.get("events", [described]):
        if "events" in described:
            sys.stdout.write(f"- {each['class']} type={each['type']!r} id={each['id']}\n")
        sys.stdout.write(f"occurred_at: {each['occurred_at']}\n")
        sys.stdout.write(json.dumps(each["payload"], indent=2, ensure_ascii=False) + "\n")


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
