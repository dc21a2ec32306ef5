"""Secrets pasted with something around them, and receivers built without printing warnings.

A scheme refuses a secret pasted with surrounding whitespace, quotes or the scheme word it
adds itself (``Bearer x``), and warns (``SecretFormatWarning``) about one that only looks
pasted (a ``whsec_`` secret given to a scheme that uses the text as it is). The commands
catch both: ``verify`` explains them and tries the secret without what was pasted around it;
``send`` and ``listen`` print the warning as one line. Nothing here returns or prints a secret
in a message: only what was removed (``the prefix 'Bearer '``).
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from authhooks._secrets import SecretFormatWarning

if TYPE_CHECKING:
    from authhooks._credentials import Given

__all__ = ["Cleaned", "built_quietly", "cleanings", "describe", "secret_variants"]

T = TypeVar("T")

_QUOTES = "\"'`"
# An HTTP authentication scheme word copied from a header along with the secret.
_SCHEME_WORD = re.compile(r"(?i)(?:bearer|basic|token)[ \t]+")
_STANDARD_WEBHOOKS = "whsec_"
#: At most this many combinations of cleaned secrets are tried.
MAX_COMBINATIONS = 64


def built_quietly(make: Callable[[], T]) -> tuple[T, list[str]]:
    """Call ``make`` and return its result with the ``SecretFormatWarning`` messages it
    raised, instead of letting Python print them (or, under ``-W error``, raise them).

    Other warnings are passed on as they are.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SecretFormatWarning)
        result = make()
    notes: list[str] = []
    for warning in caught:
        if issubclass(warning.category, SecretFormatWarning):
            notes.append(str(warning.message))
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return result, notes


def secret_variants(secret: str) -> list[tuple[str, str]]:
    """The secret with what is often pasted around it removed, step by step.

    Each item is ``(what was removed so far, the secret without it)``, least removed first:
    surrounding whitespace, then quotes, then a prefix (``Bearer ``, ``Basic ``, ``Token ``
    in any case, or ``whsec_``). Empty when nothing looks pasted.
    """
    removed: list[str] = []
    result: list[tuple[str, str]] = []
    current = secret

    def step(what: str, cleaned: str) -> None:
        nonlocal current
        removed.append(what)
        current = cleaned
        if cleaned and cleaned != secret:
            result.append((_join(removed), cleaned))

    trimmed = current.strip()
    if trimmed != current:
        step("surrounding spaces or a newline", trimmed)
    unquoted = current.strip(_QUOTES).strip()
    if unquoted != current:
        step("quotes", unquoted)
    word = _SCHEME_WORD.match(current)
    if word is not None and len(current) > word.end():
        step(f"the prefix {current[: word.end()]!r}", current[word.end() :].strip())
    elif current.startswith(_STANDARD_WEBHOOKS) and len(current) > len(_STANDARD_WEBHOOKS):
        step(f"the prefix {_STANDARD_WEBHOOKS!r}", current[len(_STANDARD_WEBHOOKS) :])
    return result


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class Cleaned:
    """The credentials with some secrets cleaned, and what was removed from which.

    Attributes:
        given: the credentials, the cleaned secrets in place of the pasted ones.
        removed: ``(index of the secret, what was removed)`` for each cleaned secret.
    """

    given: Given
    removed: tuple[tuple[int, str], ...]


def cleanings(given: Given) -> Iterator[Cleaned]:
    """Every combination of the secrets with what was pasted around them removed.

    Fewer secrets changed first, and each secret less cleaned first; at most
    ``MAX_COMBINATIONS``. Nothing when no secret looks pasted.
    """
    variants = {i: secret_variants(secret) for i, secret in enumerate(given.secrets)}
    pasted = [i for i, found in variants.items() if found]

    def cleaned(indexes: tuple[int, ...], chosen: tuple[tuple[str, str], ...]) -> Cleaned:
        secrets = list(given.secrets)
        for index, (_, secret) in zip(indexes, chosen, strict=True):
            secrets[index] = secret
        removed = tuple((i, what) for i, (what, _) in zip(indexes, chosen, strict=True))
        return Cleaned(replace(given, secrets=tuple(secrets)), removed)

    produced = 0
    for count in range(1, len(pasted) + 1):
        for indexes in itertools.combinations(pasted, count):
            for chosen in itertools.product(*(variants[i] for i in indexes)):
                if produced == MAX_COMBINATIONS - 1:
                    # Past the bound, the one that removes the most from every secret.
                    yield cleaned(tuple(pasted), tuple(variants[i][-1] for i in pasted))
                    return
                produced += 1
                yield cleaned(indexes, chosen)


def describe(removed: tuple[tuple[int, str], ...], count: int) -> str:
    """``the secret was pasted with quotes`` (or ``secret 2 was ...; secret 3 ...``)."""
    return "; ".join(
        f"{'the secret' if count == 1 else f'secret {index + 1}'} was pasted with {what}"
        for index, what in removed
    )
