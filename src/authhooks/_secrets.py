"""Secrets as users give them: one or several, checked for the classic paste mistakes.

Every scheme takes one secret or a list of them (rotation: oldest to newest) as its first
argument. ``normalise_secrets`` turns that into a tuple of bytes and refuses, at
construction, what can only be a mistake:

- no secret, an empty one, or one that is not text or bytes;
- text with leading or trailing whitespace (a newline read from a file, a space pasted along);
- text wrapped in quotes (copied from a ``.env`` file or a JSON document);
- an HTTP scheme word in front (``Bearer abc``) where the scheme adds it itself.

Where a mistake is likely but not certain (a ``whsec_`` secret given to a scheme that uses
the text as it is, a ``Bearer`` prefix elsewhere), it warns with ``SecretFormatWarning``
instead; not for a secret that is a whole ``Authorization`` value, which starts with its
scheme word by definition (Okta's ``Basic ...``). Messages name the parameter, never the
value.
"""

from __future__ import annotations

import hmac
import os
import sys
import warnings
from collections.abc import Iterable
from types import FrameType

from authhooks.errors import ConfigurationError

__all__ = [
    "SecretFormatWarning",
    "SecretInput",
    "matches_any",
    "normalise_secrets",
    "secret_items",
    "to_bytes",
]

#: One secret, or several (rotation: every one is accepted).
SecretInput = str | bytes | Iterable[str | bytes]

_QUOTES = ('"', "'", "`")
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_SCHEME_WORDS = ("bearer ", "basic ", "token ")


class SecretFormatWarning(UserWarning):
    """A configured secret looks like it was pasted with something around it.

    For example a ``whsec_`` Standard Webhooks secret given to a scheme that uses the text as
    it is. Filter it with `warnings.filterwarnings` once you have checked the secret.
    """


def secret_items(secret: SecretInput, *, name: str = "secret") -> list[str | bytes]:
    """One secret or several, as a non-empty list of text and bytes items.

    Raises:
        ConfigurationError: no secret, or one that is not text or bytes.
    """
    items: list[str | bytes]
    if isinstance(secret, (str, bytes)):
        items = [secret]
    else:
        try:
            items = list(secret)
        except TypeError:
            raise ConfigurationError(f"{name} must be a string, bytes or a list of them") from None
    if not items:
        raise ConfigurationError(f"at least one {name} is required")
    if not all(isinstance(item, (str, bytes)) for item in items):
        raise ConfigurationError(f"{name} must be a string, bytes or a list of them")
    return items


def normalise_secrets(
    secret: SecretInput,
    *,
    name: str = "secret",
    scheme_word: str | None = None,
    raw_text: bool = True,
    authorization_value: bool = False,
) -> tuple[bytes, ...]:
    """Turn one secret or several (oldest to newest) into a tuple of bytes.

    Args:
        secret: a string (encoded as UTF-8), bytes (used as they are), or a list of them.
        name: the parameter's name, for messages.
        scheme_word: the HTTP authentication scheme the caller puts in front of the secret
            itself (``"Bearer"``): a secret starting with it is refused.
        raw_text: whether the text is used as it is (so a ``whsec_`` prefix is suspicious).
        authorization_value: whether each secret is a whole ``Authorization`` header value
            (``<scheme word> <credentials>``), so a scheme word in front is expected.

    Raises:
        ConfigurationError: no secret, an empty one, not text or bytes, or a certain
            paste mistake (see the module docstring).
    """
    result: list[bytes] = []
    for item in secret_items(secret, name=name):
        if isinstance(item, str):
            check_text(
                item,
                name=name,
                scheme_word=scheme_word,
                raw_text=raw_text,
                authorization_value=authorization_value,
            )
            try:
                value = item.encode("utf-8")
            except UnicodeEncodeError:
                raise ConfigurationError(f"{name} is not valid text (a lone surrogate)") from None
        else:
            value = item
        if not value.strip():
            raise ConfigurationError(f"{name} must not be empty")
        result.append(value)
    return tuple(result)


def check_text(
    value: str,
    *,
    name: str,
    scheme_word: str | None = None,
    raw_text: bool = True,
    authorization_value: bool = False,
) -> None:
    """Refuse (or warn about) a secret text pasted with something around it."""
    if not value.strip():
        raise ConfigurationError(f"{name} must not be empty")
    if value != value.strip():
        raise ConfigurationError(
            f"{name} has leading or trailing whitespace (a newline read from a file?): strip it"
        )
    if len(value) >= 2 and value[0] in _QUOTES and value[-1] == value[0]:
        raise ConfigurationError(f"{name} is wrapped in quotes: give the text between them")
    lowered = value.lower()
    if scheme_word is not None and lowered.startswith(scheme_word.lower() + " "):
        raise ConfigurationError(
            f"{name} starts with {scheme_word!r}: give the secret alone, the "
            f"{scheme_word} scheme is added for you"
        )
    if lowered.startswith(_SCHEME_WORDS) and not authorization_value:
        _warn(
            f"{name} starts with an HTTP scheme word ({value.split(' ', 1)[0]!r}); "
            "is it pasted from a header?"
        )
    if raw_text and value.startswith("whsec_"):
        _warn(
            f"{name} starts with 'whsec_', the prefix of Standard Webhooks secrets, but this "
            "scheme uses the text as it is: for a Standard Webhooks (Svix) sender use "
            "authhooks.schemes.StandardWebhooks"
        )


def _warn(message: str) -> None:
    """Warn with ``SecretFormatWarning``, attributed to the first caller outside
    authhooks (the line that configured the secret)."""
    level = 2  # the caller of this function
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, SecretFormatWarning, stacklevel=level)


def to_bytes(value: str) -> bytes:
    """Untrusted header text as bytes, for constant-time comparison; never raises.

    Lone surrogates (possible in headers that came through JSON) are encoded as they are
    rather than refused, so they simply fail to match.
    """
    return value.encode("utf-8", "surrogatepass")


def matches_any(candidate: bytes, secrets: tuple[bytes, ...]) -> bool:
    """Compare ``candidate`` with every accepted secret in constant time.

    Every secret is compared (no early exit), so the time taken does not tell which one, if
    any, matched.
    """
    matched = False
    for secret in secrets:
        matched |= hmac.compare_digest(candidate, secret)
    return matched
