"""What the delivery-log commands share: ``--log``, ``--since``, the replay targets, and
text from the log made safe for a terminal."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from authhooks.cli._common import UsageError
from authhooks.errors import ConfigurationError

if TYPE_CHECKING:
    from authhooks.log import DeliveryLog, Record, Replayer

__all__ = [
    "LOG_ENV",
    "add_log_option",
    "add_replay_options",
    "open_log",
    "parse_since",
    "read_record",
    "replayer_from",
    "request_from_log",
    "terminal",
]

#: Environment variable read when ``--log`` is not given.
LOG_ENV = "AUTHHOOKS_LOG"

_RELATIVE = re.compile(r"([0-9]{1,9})([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
# C0 and C1 control characters but newline and tab, DEL, and the Unicode bidi overrides: a
# body is whatever a client sent, and a terminal obeys escape sequences.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal(text: object, *, lines: bool = False) -> str:
    """``text`` safe to print: control characters shown as ``\\xNN`` escapes (newlines and
    tabs kept only with ``lines=True``)."""
    value = str(text)
    if not lines:
        value = value.replace("\n", "\\n").replace("\t", "\\t")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def add_log_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--log``: where the delivery log is."""
    parser.add_argument(
        "--log",
        metavar="PATH_OR_URL",
        help=(
            "the delivery log: an SQLite file, a database URL (postgresql://...), or "
            f"'django' (with DJANGO_SETTINGS_MODULE); default: ${LOG_ENV}"
        ),
    )


def open_log(args: argparse.Namespace) -> DeliveryLog:
    """The delivery log ``--log`` (or ``$AUTHHOOKS_LOG``) names, for reading and replays."""
    spec = getattr(args, "log", None) or os.environ.get(LOG_ENV, "")
    if not spec:
        raise UsageError(f"give --log PATH_OR_URL (or set {LOG_ENV})")
    if spec == "django":
        _setup_django()
    elif "://" not in spec and not os.path.exists(spec):
        raise UsageError(f"no delivery log at {spec}")
    from authhooks.log import DeliveryLog

    quiet = logging.Logger("authhooks.cli.deliveries")  # the command prints its own lines
    quiet.addHandler(logging.NullHandler())
    try:
        return DeliveryLog(spec, diagnose=False, logger=quiet)
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    except Exception as exc:  # a database that cannot be reached: say so, no traceback
        raise UsageError(f"cannot open the delivery log: {type(exc).__name__}: {exc}") from None


def _setup_django() -> None:
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        raise UsageError("--log django needs DJANGO_SETTINGS_MODULE")
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()


def read_record(log: DeliveryLog, record_id: str) -> Record:
    """The record ``record_id``, or a usage error naming it."""
    try:
        record = log.get(record_id)
    except Exception as exc:
        raise UsageError(f"cannot read the delivery log: {type(exc).__name__}: {exc}") from None
    if record is None:
        raise UsageError(f"no delivery {terminal(record_id)!r} in the log")
    return record


def parse_since(text: str, now: float | None = None) -> float:
    """The Unix time ``--since`` names: a duration back from now (``90s``, ``15m``, ``2h``,
    ``7d``, ``1w``) or an ISO 8601 date or time (local time unless it names its zone)."""
    current = time.time() if now is None else now
    relative = _RELATIVE.fullmatch(text)
    if relative is not None:
        return current - int(relative.group(1)) * _UNITS[relative.group(2)]
    if not text.isascii():
        raise UsageError(f"--since {terminal(text)!r}: a duration (15m, 2h, 7d) or an ISO date")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--since {terminal(text)!r}: a duration (15m, 2h, 7d) or an ISO date"
        ) from None
    return when.timestamp()  # a naive time is the local time


def add_replay_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """Add ``--handler``, ``--dispatcher``, ``--dedup`` and ``--app-dir``."""
    parser.add_argument(
        "--handler",
        metavar="MODULE:ATTR",
        help="the handler to run again: a function of the event or a Router (myapp.hooks:router)"
        + ("" if required else "; enables the replay button"),
    )
    parser.add_argument(
        "--dispatcher",
        metavar="MODULE:ATTR",
        help="hand each delivery to a queue instead: a callable taking an authhooks.Delivery",
    )
    parser.add_argument(
        "--dedup",
        metavar="MODULE:ATTR",
        help="the endpoints' de-duplication store, consulted as for any delivery",
    )
    parser.add_argument(
        "--app-dir",
        metavar="DIR",
        default=".",
        help="where MODULE is imported from (default: the current directory)",
    )


def replayer_from(args: argparse.Namespace, *, required: bool) -> Replayer | None:
    """The replayer the options name (``None`` when none is and none is required)."""
    if not args.handler and not args.dispatcher:
        if required:
            raise UsageError("give --handler MODULE:ATTR (or --dispatcher MODULE:ATTR)")
        return None
    from authhooks.log import Replayer, load_object

    sys.path.insert(0, os.path.abspath(args.app_dir))

    def load(target: str | None) -> Any:
        return None if target is None else load_object(target)

    try:
        return Replayer(
            load(args.handler), dispatcher=load(args.dispatcher), dedup=load(args.dedup)
        )
    except ConfigurationError as exc:
        raise UsageError(str(exc)) from None


def request_from_log(args: argparse.Namespace) -> tuple[bytes, dict[str, str]]:
    """``verify --from-log ID``: the body and headers the log kept of that delivery (and
    ``args.provider`` set to its provider when none was given). Redacted headers are left
    out, and named on standard error."""
    from authhooks.cli._common import read_bytes, read_headers
    from authhooks.log import REDACTED

    log = open_log(args)
    try:
        record = read_record(log, args.from_log)
    finally:
        log.close()
    if args.provider is None:
        generic = record.delivery is not None and record.delivery.generic
        if generic or _unregistered(record.provider):
            raise UsageError(
                f"the delivery's sender {terminal(record.provider)!r} is not a registered "
                "provider: give PROVIDER ('generic --scheme ...')"
            )
        args.provider = record.provider
    if args.body is not None:
        body = read_bytes(args.body)
    elif record.body is None:
        raise UsageError(
            f"the log kept no body of {record.id} ({record.body_size} bytes received; "
            "see keep_rejected and keep_accepted)"
        )
    else:
        body = record.body
    if args.headers:
        return body, read_headers(args.headers)
    kept = dict(record.headers or {})
    redacted = sorted(name for name, value in kept.items() if value == REDACTED)
    if redacted:
        sys.stderr.write(
            f"authhooks verify: note: the log redacted {', '.join(map(terminal, redacted))}; "
            "a log built with keep_signatures=True keeps a refused request's signature "
            "(or pass --headers FILE)\n"
        )
    return body, {name: value for name, value in kept.items() if value != REDACTED}


def _unregistered(provider: str) -> bool:
    from authhooks import providers

    try:
        providers.get(provider)
    except LookupError:
        return True
    return False
