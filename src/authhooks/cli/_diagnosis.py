"""Why a captured request did not verify: the usual mistakes, undone one at a time.

The request is tried again with each mistake undone, and what made it pass is reported: the
body re-serialised (compact, ``json.dumps`` defaults, ``indent=2``/``4``, a trailing newline;
only when the receiver's check covers the body), the secret pasted with something around it
(``Bearer ``, ``whsec_``, quotes, spaces), or only the timestamp being off (how far, which
way, and whether it is a whole number of hours). A token addressed to another audience says
which. What the check covers and allows is read from the receiver's scheme. No secret or
token is ever printed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from authhooks.cli._claims import (
    Finding,
    allowances,
    audience_finding,
    configured_audience,
    time_findings,
    token_claims,
)
from authhooks.cli._paste import Cleaned, built_quietly, cleanings, describe, secret_variants
from authhooks.errors import (
    ConfigurationError,
    InvalidHeaderError,
    MissingHeaderError,
    PayloadError,
    TimestampError,
    VerificationError,
    WebhookError,
)

if TYPE_CHECKING:
    from authhooks._credentials import Clock, Given
    from authhooks.cli._target import Target
    from authhooks.receiver import Receiver

__all__ = ["Capture", "diagnose", "diagnose_refused"]


@dataclass(frozen=True)
class Capture:
    """A captured request, the sender it should come from, and what its check is like.

    Attributes:
        target: the sender.
        body: the exact body bytes.
        headers: the request headers.
        headers_given: whether the headers came from a file (else none were given).
        covers_body: whether the receiver's check covers the body.
        allowed: how far a signed time may be (in the past, in the future), when known.
        audience: the audiences the receiver accepts, for a token.
    """

    target: Target
    body: bytes
    headers: Mapping[str, str]
    headers_given: bool
    covers_body: bool = True
    allowed: tuple[float | None, float | None] = (None, None)
    audience: tuple[str, ...] = ()
    # Receivers built for the real time, by credentials: each body tried reuses one (a
    # receiver fetching keys from a URL fetches them once).
    _receivers: dict[Given, Receiver[Any]] = field(default_factory=dict, compare=False)

    def receiver(self, given: Given, clock: Clock | None) -> Receiver[Any]:
        """The target's receiver for ``given`` (its secret-format warnings dropped: the
        diagnosis explains the secret's format itself)."""
        if clock is not None:
            return _build(self.target, given, clock)
        if given not in self._receivers:
            self._receivers[given] = _build(self.target, given, None)
        return self._receivers[given]

    @classmethod
    def of(
        cls,
        target: Target,
        receiver: Receiver[Any],
        body: bytes,
        headers: Mapping[str, str],
        *,
        headers_given: bool,
    ) -> Capture:
        """The capture, with what ``receiver``'s scheme says of its check."""
        return cls(
            target,
            body,
            headers,
            headers_given,
            covers_body=receiver.covers_body,
            allowed=allowances(receiver),
            audience=configured_audience(receiver),
        )


def diagnose(capture: Capture, given: Given, error: WebhookError) -> list[Finding]:
    """Explain why ``error`` happened, in words a user can act on."""
    if isinstance(error, PayloadError):
        where = f" (field {error.field})" if error.field else ""
        return [
            Finding(
                "payload",
                f"the request is authentic, but its body is not a valid event of "
                f"{capture.target.title}{where}: {error}. A server should answer 400.",
            )
        ]
    if not isinstance(error, VerificationError):
        return [Finding(error.reason, str(error))]
    headers = capture.headers
    if isinstance(error, MissingHeaderError):
        present = ", ".join(sorted(headers)) or "none"
        message = f"the request has no {error.header!r} header (headers present: {present})."
        if not capture.headers_given:
            message += " Pass the captured request headers with --headers FILE."
        else:
            message += " A proxy or framework may have dropped it on the way."
        return [Finding("missing_header", message)]
    if error.reason == "invalid_audience":
        claims = token_claims(error, capture.body, headers)
        return [audience_finding(error, claims, capture.audience, capture.target.title)]
    timing = _timing(capture)
    findings = timing(error) if isinstance(error, TimestampError) else []
    sets = [Cleaned(given, ()), *cleanings(given)]
    found = _search(capture, sets, stale=isinstance(error, TimestampError), timing=timing)
    if found is not None:
        return findings + found
    return findings + _unexplained(capture, given, error)


def diagnose_refused(capture: Capture, given: Given) -> list[Finding] | None:
    """Explain a secret the receiver refused as given (pasted with something around it).

    The secret is tried without what was pasted around it: the findings say so, and either
    that the request then verifies, or why it still does not. ``None`` when no secret looks
    pasted, or none builds a receiver even cleaned (a usage error, then).
    """
    for cleaned in cleanings(given):
        try:
            receiver = _build(capture.target, cleaned.given, None)
        except ConfigurationError:
            continue
        capture = Capture.of(
            capture.target,
            receiver,
            capture.body,
            capture.headers,
            headers_given=capture.headers_given,
        )
        pasted = describe(cleaned.removed, len(given.secrets))
        found = _search(capture, list(cleanings(given)), stale=False, timing=_timing(capture))
        if found is not None:
            return found
        try:
            receiver.verify(capture.body, capture.headers)
        except WebhookError as error:
            head = Finding(
                "secret_format",
                f"{pasted}: strip it. Without it, the request does not verify either:",
            )
            return [head, *diagnose(capture, cleaned.given, error)]
        return [Finding("secret_format", f"{pasted}: strip it.")]  # pragma: no cover
    return None


def _build(target: Target, given: Given, clock: Clock | None) -> Receiver[Any]:
    """The target's receiver for ``given``, its secret-format warnings dropped."""
    receiver, _ = built_quietly(lambda: target.make_receiver(given, clock))
    return receiver


def _timing(capture: Capture) -> Callable[[TimestampError], list[Finding]]:
    """Explains a time error: how far off, which way, against what the receiver allows."""

    def timing(failed: TimestampError) -> list[Finding]:
        claims = token_claims(failed, capture.body, capture.headers)
        return time_findings(failed, claims, capture.allowed)

    return timing


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


def _frozen_clock(skew: float) -> Clock:
    """A clock stopped at the time a request with this ``skew`` was signed."""
    signed_at = datetime.now(timezone.utc) - timedelta(seconds=skew)

    def clock() -> datetime:
        return signed_at

    return clock


def _attempt(
    capture: Capture, given: Given, body: bytes, clock: Clock | None
) -> bool | TimestampError:
    try:
        capture.receiver(given, clock).verify(body, capture.headers)
    except PayloadError:
        return True  # authentic: only the payload is wrong
    except TimestampError as exc:
        return exc
    except (WebhookError, LookupError):  # ConfigurationError included: not a candidate
        return False
    return True


def _matches(capture: Capture, given: Given, body: bytes) -> tuple[bool, TimestampError | None]:
    """Whether the signature matches, and the time error when only the time is off."""
    outcome = _attempt(capture, given, body, None)
    if not isinstance(outcome, TimestampError):
        return outcome, None
    # Verify again at the signing time: passes only if the signature itself matches.
    again = _attempt(capture, given, body, _frozen_clock(outcome.skew))
    return again is True or isinstance(again, TimestampError), outcome


def _search(
    capture: Capture,
    secret_sets: list[Cleaned],
    *,
    stale: bool,
    timing: Callable[[TimestampError], list[Finding]],
) -> list[Finding] | None:
    """Undo the usual mistakes one combination at a time; explain the first that verifies.

    ``stale``: the request as given failed only on its time. ``timing`` explains a timestamp
    found off once a mistake is undone.
    """
    bodies: list[tuple[str | None, bytes]] = [(None, capture.body)]
    if capture.covers_body:  # else a re-encoded body verifies as well as the original
        bodies += _body_variants(capture.body)
    for body_what, candidate_body in bodies:
        for cleaned in secret_sets:
            as_given = body_what is None and not cleaned.removed
            if as_given and not stale:
                continue  # the failing combination itself
            matched, late = _matches(capture, cleaned.given, candidate_body)
            if matched:
                skew = None if late is None else late.skew
                findings = [] if late is None or stale else timing(late)
                pasted = describe(cleaned.removed, len(cleaned.given.secrets)) or None
                return findings + _explain(as_given, body_what, pasted, skew)
    return None


def _explain(
    as_given: bool, body_what: str | None, pasted: str | None, skew: float | None
) -> list[Finding]:
    findings = []
    if as_given:
        if skew is not None and skew < 0:
            advice = (
                "A timestamp in the future is not a matter of age: the sender's clock is "
                "ahead, or this machine's is behind; check both (NTP)."
            )
        else:
            advice = (
                "A captured request ages: send a fresh one, and check this machine's clock (NTP)."
            )
        message = f"the signature is valid: only the timestamp is off. {advice}"
        findings.append(Finding("only_timestamp", message))
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
    if pasted is not None:
        findings.append(
            Finding(
                "secret_format",
                f"{pasted}: strip it. The signature matches without it.",
            )
        )
    return findings


def _unexplained(capture: Capture, given: Given, error: VerificationError) -> list[Finding]:
    findings = []
    for index, secret in enumerate(given.secrets):
        variants = secret_variants(secret)
        if variants and _suspicious(capture.target, replace(given, secrets=(secret,))):
            label = "the secret" if len(given.secrets) == 1 else f"secret {index + 1}"
            findings.append(
                Finding(
                    "secret_format",
                    f"{label} looks pasted with {variants[-1][0]}; it did not match without "
                    "it either, but check that it is copied exactly.",
                )
            )
    if isinstance(error, InvalidHeaderError):
        findings.append(
            Finding(
                "invalid_header",
                f"the {error.header!r} header is present but not in the format "
                f"{capture.target.title} uses: {error}. Check that it was copied whole, "
                "without quotes.",
            )
        )
    elif not isinstance(error, TimestampError):
        findings.append(Finding("wrong_secret", _wrong_secret(capture, given)))
    return findings


def _suspicious(target: Target, given: Given) -> bool:
    """Whether the scheme warns about (or refuses) the one secret of ``given``: a secret
    that merely looks pasted to the command (``whsec_`` where the scheme decodes it) is the
    scheme's own format, not worth a word."""
    try:
        _, notes = built_quietly(lambda: target.make_receiver(given, None))
    except (ConfigurationError, LookupError):
        return True
    return bool(notes)


def _wrong_secret(capture: Capture, given: Given) -> str:
    if given.key is not None and not given.secrets:
        tried = "the key given (--key)"
        advice = "check that it is the sender's current public key (or JWKS) for this account"
    else:
        tried = f"the {len(given.secrets) or 1} secret(s) tried"
        advice = (
            "check that the secret is this endpoint's (dashboards often have one per "
            "endpoint, and separate test and live secrets)"
        )
    if not capture.covers_body:
        # The check does not cover the body: re-encoding it cannot be the cause.
        return f"the request's credentials match none of {tried}: {advice}."
    return (
        f"the signature does not match with {tried}, nor with a re-encoded body: {advice}, "
        "and that the body file holds the exact bytes received."
    )
