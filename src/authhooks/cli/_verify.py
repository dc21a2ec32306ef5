"""``authhooks verify``: verify a captured request, and explain a failure in actionable words.

When verification fails, the request is tried again with the usual mistakes undone, and
what made it pass is reported: the body re-serialised (compact, ``json.dumps`` defaults,
``indent=2``/``4``, a trailing newline), the secret pasted with a prefix (``Bearer ``,
``whsec_``, quotes, spaces), or only the timestamp being off. No secret is ever printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from authhooks.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    add_credential_options,
    describe_event,
    event_line,
    given_from,
    read_bytes,
    read_headers,
    write_json,
)
from authhooks.errors import (
    ConfigurationError,
    InvalidHeaderError,
    MissingHeaderError,
    PayloadError,
    TimestampError,
    VerificationError,
    WebhookError,
)
from authhooks.events import WebhookEvent

if TYPE_CHECKING:
    from authhooks._credentials import Clock, Given

__all__ = ["Finding", "add_parser", "diagnose", "format_duration"]

#: Prefixes a secret is often copied with from a dashboard, a header or a config file.
SECRET_PREFIXES = ("Bearer ", "bearer ", "Basic ", "whsec_", "Token ", "token ")


def add_parser(sub: Any) -> None:
    """Register ``verify`` on the subparsers ``sub``."""
    p = sub.add_parser(
        "verify",
        help="verify a captured request and explain why it fails",
        description=(
            "Verify a captured request (BODY_FILE: the exact body bytes, '-' for stdin; "
            "--headers FILE: its headers as a JSON object or 'Name: value' lines). Prints the "
            "typed event, or explains the failure: a missing header, a re-serialised body, a "
            "secret pasted with a prefix, a timestamp off by how much. Exits 1 on failure."
        ),
    )
    p.add_argument("provider", metavar="PROVIDER")
    add_credential_options(p, signing=False)
    p.add_argument("--headers", metavar="FILE", help="the request headers")
    p.add_argument("body", metavar="BODY_FILE", help="the exact request body")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


@dataclass(frozen=True)
class Finding:
    """One thing the diagnosis established: a stable ``code`` and a sentence for the user."""

    code: str
    message: str


def format_duration(seconds: float) -> str:
    """``42`` -> ``"42 s"``, ``125`` -> ``"2 min 5 s"``, ``10920`` -> ``"3 h 2 min"``."""
    total = round(abs(seconds))
    if total < 60:
        return f"{total} s"
    if total < 3600:
        minutes, secs = divmod(total, 60)
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    minutes_total = round(total / 60)
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes else []
    return " ".join(parts)


def _body_variants(body: bytes) -> Iterator[tuple[str, bytes]]:
    """Other encodings the same JSON document is often saved or re-sent as."""
    stripped = body.rstrip(b"\r\n")
    if stripped != body:
        yield "the body without its trailing newline", stripped
    try:
        doc = json.loads(body)
    except ValueError:
        return
    encodings: list[tuple[str, dict[str, Any]]] = [
        ('compact JSON (separators=(",", ":"))', {"separators": (",", ":")}),
        ("json.dumps with its default separators", {}),
        ("json.dumps with indent=2", {"indent": 2}),
        ("json.dumps with indent=4", {"indent": 4}),
    ]
    seen = {body, stripped}
    for name, kwargs in encodings:
        for ascii_only in (False, True):
            candidate = json.dumps(doc, ensure_ascii=ascii_only, **kwargs).encode("utf-8")
            if candidate not in seen:
                seen.add(candidate)
                suffix = " and ensure_ascii=True" if ascii_only else ""
                yield name + suffix, candidate


def _secret_variants(secret: str) -> Iterator[tuple[str, str]]:
    """The secret with what is often pasted around it removed, and what was removed."""
    seen = {secret}
    candidates: list[tuple[str, str]] = []
    trimmed = secret.strip()
    if trimmed != secret:
        candidates.append(("surrounding spaces or a newline", trimmed))
    unquoted = trimmed.strip("\"'")
    if unquoted != trimmed:
        candidates.append(("quotes", unquoted))
    for prefix in SECRET_PREFIXES:
        if unquoted.startswith(prefix) and len(unquoted) > len(prefix):
            candidates.append((f"the prefix {prefix!r}", unquoted[len(prefix) :].strip()))
    for what, candidate in candidates:
        if candidate and candidate not in seen:
            seen.add(candidate)
            yield what, candidate


def _frozen_clock(skew: float) -> Clock:
    """A clock stopped at the time a request with this ``skew`` was signed."""
    signed_at = datetime.now(timezone.utc) - timedelta(seconds=skew)

    def clock() -> datetime:
        return signed_at

    return clock


def _timestamp_finding(skew: float) -> Finding:
    direction = "in the past" if skew >= 0 else "in the future"
    return Finding(
        "timestamp",
        f"the signed timestamp is {format_duration(skew)} {direction}, "
        "outside the receiver's tolerance.",
    )


def diagnose(
    provider: str,
    given: Given,
    body: bytes,
    headers: Mapping[str, str],
    error: WebhookError,
    *,
    headers_given: bool = True,
) -> list[Finding]:
    """Explain why ``error`` happened, in words a user can act on."""
    if isinstance(error, PayloadError):
        where = f" (field {error.field})" if error.field else ""
        return [
            Finding(
                "payload",
                f"the request is authentic, but its body is not a valid {provider} event"
                f"{where}: {error}. A server should answer 400.",
            )
        ]
    if not isinstance(error, VerificationError):
        return [Finding(error.reason, str(error))]
    if isinstance(error, MissingHeaderError):
        present = ", ".join(sorted(headers)) or "none"
        message = f"the request has no {error.header!r} header (headers present: {present})."
        if not headers_given:
            message += " Pass the captured request headers with --headers FILE."
        else:
            message += " A proxy or framework may have dropped it on the way."
        return [Finding("missing_header", message)]
    findings = [_timestamp_finding(error.skew)] if isinstance(error, TimestampError) else []
    found = _search(provider, given, body, headers, error)
    if found is not None:
        return findings + found
    return findings + _unexplained(provider, given.secrets, error)


def _attempt(
    provider: str,
    given: Given,
    body: bytes,
    headers: Mapping[str, str],
    clock: Clock | None,
) -> bool | TimestampError:
    from authhooks._credentials import make_receiver

    try:
        make_receiver(provider, given, clock).verify(body, headers)
    except PayloadError:
        return True  # authentic: only the payload is wrong
    except TimestampError as exc:
        return exc
    except (WebhookError, LookupError):
        return False
    return True


def _matches(
    provider: str, given: Given, body: bytes, headers: Mapping[str, str]
) -> tuple[bool, float | None]:
    """Whether the signature matches, and the skew when only the time is off."""
    outcome = _attempt(provider, given, body, headers, None)
    if not isinstance(outcome, TimestampError):
        return outcome, None
    # Verify again at the signing time: passes only if the signature itself matches.
    again = _attempt(provider, given, body, headers, _frozen_clock(outcome.skew))
    return again is True or isinstance(again, TimestampError), outcome.skew


def _search(
    provider: str,
    given: Given,
    body: bytes,
    headers: Mapping[str, str],
    error: VerificationError,
) -> list[Finding] | None:
    """Undo the usual mistakes one combination at a time; explain the first that verifies."""
    stale = isinstance(error, TimestampError)
    secrets = given.secrets
    secret_sets: list[tuple[str | None, list[str]]] = [(None, list(secrets))]
    for index, secret in enumerate(secrets):
        for what, fixed in _secret_variants(secret):
            others = [s for i, s in enumerate(secrets) if i != index]
            secret_sets.append((what, [*others, fixed]))
    bodies: list[tuple[str | None, bytes]] = [(None, body), *_body_variants(body)]
    for body_what, candidate_body in bodies:
        for secret_what, candidate_secrets in secret_sets:
            as_given = body_what is None and secret_what is None
            if as_given and not stale:
                continue  # the failing combination itself
            try:
                candidate = replace(given, secrets=tuple(candidate_secrets))
                matched, skew = _matches(provider, candidate, candidate_body, headers)
            except ConfigurationError:
                continue
            if matched:
                findings = [] if skew is None or stale else [_timestamp_finding(skew)]
                return findings + _explain(as_given, body_what, secret_what)
    return None


def _explain(as_given: bool, body_what: str | None, secret_what: str | None) -> list[Finding]:
    findings = []
    if as_given:
        findings.append(
            Finding(
                "only_timestamp",
                "the signature is valid: only the timestamp is off. A captured "
                "request ages; send a fresh one, and check the server clock (NTP).",
            )
        )
    if body_what is not None:
        findings.append(
            Finding(
                "re_serialised",
                f"the body looks re-serialised: the signature matches {body_what}, "
                "not the bytes given. Verify the raw body exactly as received "
                "(request.get_data() in Flask, request.body in Django, "
                "await request.body() in Starlette), never json.dumps(request.json).",
            )
        )
    if secret_what is not None:
        findings.append(
            Finding(
                "secret_format",
                f"the secret looks pasted with {secret_what}: the signature matches "
                "without it. Configure the secret without it.",
            )
        )
    return findings


def _unexplained(provider: str, secrets: Sequence[str], error: VerificationError) -> list[Finding]:
    findings = []
    for secret in secrets:
        for what, _fixed in _secret_variants(secret):
            findings.append(
                Finding(
                    "secret_format",
                    f"a secret has {what}; it did not match without it either, but check "
                    "that it is copied exactly.",
                )
            )
            break
    if isinstance(error, InvalidHeaderError):
        findings.append(
            Finding(
                "invalid_header",
                f"the {error.header!r} header is present but not in {provider}'s format: "
                f"{error}. Check that it was copied whole, without quotes.",
            )
        )
    elif not isinstance(error, TimestampError):
        count = len(secrets) or 1
        findings.append(
            Finding(
                "wrong_secret",
                f"the signature does not match with the {count} secret(s) tried, nor with "
                "a re-encoded body: check that the secret is this endpoint's (dashboards "
                "often have one per endpoint, and separate test and live secrets) and "
                "that the body file holds the exact bytes received.",
            )
        )
    return findings


def run(args: argparse.Namespace) -> int:
    """Run ``authhooks verify``."""
    from authhooks._credentials import make_receiver

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
