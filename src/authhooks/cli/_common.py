"""What the subcommands share: exit codes, input files, and how an event is shown."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from authhooks.batch import Batch
from authhooks.events import WebhookEvent

if TYPE_CHECKING:
    from authhooks._credentials import Given

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_OUTPUT_CLOSED",
    "EXIT_UNREACHABLE",
    "EXIT_USAGE",
    "GENERIC",
    "SECRET_ENV",
    "UsageError",
    "add_credential_options",
    "add_provider_argument",
    "check_provider",
    "closest",
    "event_line",
    "given_from",
    "output_closed",
    "read_bytes",
    "read_headers",
    "short",
    "split_operands",
    "write_json",
]

EXIT_OK = 0
#: The webhook was rejected, verification failed, or the server answered non-2xx.
EXIT_FAILED = 1
#: Bad arguments: unknown provider or event, unreadable file.
EXIT_USAGE = 2
#: No HTTP answer at all (connection refused, timeout).
EXIT_UNREACHABLE = 3
#: The output was closed before it was all written (``| head``): 128 + SIGPIPE, as a shell shows.
EXIT_OUTPUT_CLOSED = 141

#: The PROVIDER argument naming a sender authhooks has no models for.
GENERIC = "generic"

#: Environment variable read when ``--secret`` is not given (keeps secrets out of shell history).
SECRET_ENV = "AUTHHOOKS_SECRET"  # noqa: S105 (a variable name)


class UsageError(Exception):
    """A mistake in the command line or its input files (exit code 2)."""


def output_closed() -> None:
    """Point standard output and error at the null device once a reader has gone away.

    The remaining writes, and Python's own flush at exit, then succeed silently instead of
    printing a ``BrokenPipeError`` traceback (the recipe of the Python docs on ``SIGPIPE``).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            # Not a real file (a test's capture): nothing will flush it at exit.
            with contextlib.suppress(AttributeError, OSError, ValueError):
                os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)


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
    from authhooks import providers

    with_keys = ", ".join(p.name for p in providers.all() if p.credentials == "keys")
    which = f"key-pair providers ({with_keys}) and generic jwt" if with_keys else "generic jwt"
    what = "a PEM private key" if signing else "a PEM public key or a JWKS (JSON)"
    parser.add_argument("--key", metavar="FILE", help=f"{which}: {what}")
    parser.add_argument(
        "--audience",
        metavar="URL",
        help=f"{which}: the token's audience, the listener URL"
        + (" (default for a provider: --to)" if signing else ""),
    )
    if signing:
        parser.add_argument("--kid", metavar="ID", help=f"{which}: the key id")


def add_provider_argument(parser: argparse.ArgumentParser, *, then: str | None = None) -> None:
    """Add the ``PROVIDER`` argument, naming the registered providers in its help.

    With ``then`` (the help of a ``BODY_FILE`` that follows it), both are optional and
    gathered in ``args.operands`` (argparse cannot split two optional positionals that options
    stand between): [`split_operands`][authhooks.cli._common.split_operands] sets
    ``args.provider`` and ``args.body``.
    """
    from authhooks import providers

    choices = f"{', '.join(providers.names())}, or {GENERIC} (with --scheme) for any other sender"
    if then is None:
        parser.add_argument("provider", metavar="PROVIDER", help=choices)
        return
    parser.add_argument(
        "operands", metavar="PROVIDER BODY_FILE", nargs="*", help=f"PROVIDER: {choices}; {then}"
    )


def split_operands(args: argparse.Namespace) -> None:
    """Set ``args.provider`` and ``args.body`` from ``args.operands`` (``None`` when left
    out); more than two is a usage error."""
    operands = list(args.operands or ())
    if len(operands) > 2:
        from authhooks.cli._logopts import terminal

        raise UsageError(f"unexpected arguments: {' '.join(map(terminal, operands[2:]))}")
    args.provider = operands[0] if operands else None
    args.body = operands[1] if len(operands) > 1 else None


def closest(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice closest to a misspelt ``word``, else ``""``."""
    import difflib

    lowered = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[match[0]]!r}?)" if match else ""


def check_provider(provider: str) -> None:
    """Refuse an unknown ``provider``, naming the known ones and the closest to it."""
    from authhooks._credentials import known_providers

    known = known_providers()
    if provider not in known:
        raise UsageError(
            f"unknown provider {provider!r}{closest(provider, known)}; known: {', '.join(known)} "
            f"(or {GENERIC} --scheme ... for any other sender)"
        )


def given_from(args: argparse.Namespace) -> Given:
    """The credentials given on the command line (``$AUTHHOOKS_SECRET`` for a missing secret)."""
    from authhooks._credentials import Given

    secret = args.secret
    given = [secret] if isinstance(secret, str) else secret
    return Given(
        secrets=tuple(secrets_from(given)),
        key=None if args.key is None else read_bytes(args.key),
        key_id=getattr(args, "kid", None),
        # A provider's tokens are addressed to where they are sent; a generic sender's only
        # when --audience says so (a receiver refuses an audience it does not expect).
        audience=args.audience or (getattr(args, "to", None) if args.provider != GENERIC else None),
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
    """Headers from ``path``: a JSON object, ``Name: value`` lines, or a ``curl -v`` transcript."""
    from authhooks.cli._capture import HeadersFileError, parse_headers

    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None
    try:
        return parse_headers(text)
    except HeadersFileError as exc:
        raise UsageError(f"{path}: {exc}") from None


def event_line(event: WebhookEvent | Batch[Any]) -> str:
    """One line naming ``event``: class, type, kind and a shortened id; for a batch, its
    number of events and each one's (the first 3)."""
    if isinstance(event, Batch):
        shown = "; ".join(event_line(each) for each in event.events[:3])
        more = f"; and {len(event) - 3} more" if len(event) > 3 else ""
        plural = "" if len(event) == 1 else "s"
        return f"Batch of {len(event)} event{plural}: {shown}{more}"
    return f"{type(event).__name__} type={event.type!r} kind={event.kind!r} id={short(event.id)}"


def short(text: str, width: int = 24) -> str:
    """``text``, cut to ``width`` characters with an ellipsis when longer."""
    return text if len(text) <= width else text[: width - 1] + "…"


def write_json(obj: Any, out: TextIO | None = None) -> None:
    """Write ``obj`` as one line of JSON."""
    stream = out if out is not None else sys.stdout
    stream.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    stream.flush()
