"""What the subcommands share: exit codes, input files, and how an event is shown."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from authhooks.events import WebhookEvent

if TYPE_CHECKING:
    from authhooks._credentials import Given

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_UNREACHABLE",
    "EXIT_USAGE",
    "SECRET_ENV",
    "UsageError",
    "add_credential_options",
    "describe_event",
    "event_line",
    "given_from",
    "read_bytes",
    "read_headers",
    "write_json",
]

EXIT_OK = 0
#: The webhook was rejected, verification failed, or the server answered non-2xx.
EXIT_FAILED = 1
#: Bad arguments: unknown provider or event, unreadable file.
EXIT_USAGE = 2
#: No HTTP answer at all (connection refused, timeout).
EXIT_UNREACHABLE = 3

#: Environment variable read when ``--secret`` is not given (keeps secrets out of shell history).
SECRET_ENV = "AUTHHOOKS_SECRET"  # noqa: S105 (a variable name)


class UsageError(Exception):
    """A mistake in the command line or its input files (exit code 2)."""


def add_credential_options(parser: argparse.ArgumentParser, *, signing: bool) -> None:
    """Add ``--secret`` (and the key options of providers signing with a key pair)."""
    if signing:
        parser.add_argument("--secret", metavar="SECRET", help="the secret to sign with")
    else:
        parser.add_argument(
            "--secret",
            action="append",
            metavar="SECRET",
            help="an accepted secret (repeat for several; default: $AUTHHOOKS_SECRET)",
        )
    what = "a PEM private key" if signing else "a PEM public key or a JWKS (JSON)"
    parser.add_argument("--key", metavar="FILE", help=f"key-pair providers (akamai): {what}")
    parser.add_argument(
        "--audience",
        metavar="URL",
        help="key-pair providers: the audience, the listener URL"
        + (" (default: --to)" if signing else ""),
    )
    if signing:
        parser.add_argument("--kid", metavar="ID", help="key-pair providers: the key id")


def given_from(args: argparse.Namespace) -> Given:
    """The credentials given on the command line (``$AUTHHOOKS_SECRET`` for a missing secret)."""
    from authhooks._credentials import Given

    secret = args.secret
    given = [secret] if isinstance(secret, str) else secret
    return Given(
        secrets=tuple(secrets_from(given)),
        key=None if args.key is None else read_bytes(args.key),
        key_id=getattr(args, "kid", None),
        audience=args.audience or getattr(args, "to", None),
    )


def secrets_from(given: list[str] | None) -> list[str]:
    """The secrets given with ``--secret``, else the one in ``$AUTHHOOKS_SECRET``, else none."""
    if given:
        return list(given)
    from_env = os.environ.get(SECRET_ENV, "")
    return [from_env] if from_env else []


def read_bytes(path: str) -> bytes:
    """The exact bytes of ``path`` (``-``: standard input)."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_headers(path: str) -> dict[str, str]:
    """Headers from ``path``: a JSON object, or ``Name: value`` lines as printed by ``curl -v``."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    if text.lstrip().startswith(("{", "[")):
        try:
            obj = json.loads(text)
        except ValueError as exc:
            raise UsageError(f"{path} is not valid JSON: {exc}") from None
        if not isinstance(obj, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in obj.items()
        ):
            raise UsageError(f"{path} must be a JSON object of header names to string values")
        return dict(obj)
    headers: dict[str, str] = {}
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if line.startswith(("> ", "< ")):
            line = line[2:]
        if not line or line.startswith(("POST ", "HTTP/")):
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise UsageError(f"{path}, line {number}: expected 'Name: value'")
        headers[name.strip()] = value.strip()
    return headers


def describe_event(event: WebhookEvent) -> dict[str, Any]:
    """The core attributes of ``event`` and its typed payload, as JSON-ready data."""
    occurred = event.occurred_at
    return {
        "provider": event.provider,
        "class": type(event).__name__,
        "type": event.type,
        "kind": event.kind,
        "id": event.id,
        "occurred_at": None if occurred is None else occurred.isoformat(),
        "payload": event.model_dump(mode="json", by_alias=True, exclude_none=True),
    }


def event_line(event: WebhookEvent) -> str:
    """One line naming ``event``: class, type, kind and a shortened id."""
    return f"{type(event).__name__} type={event.type!r} kind={event.kind!r} id={_short(event.id)}"


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_json(obj: Any, out: TextIO | None = None) -> None:
    """Write ``obj`` as one line of JSON."""
    stream = out if out is not None else sys.stdout
    stream.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    stream.flush()
