"""Why a captured request did not verify: the usual mistakes, undone one at a time.

The request is tried again with each mistake undone, and what made it pass is reported: the
body re-serialised (compact, ``json.dumps`` defaults, ``indent=2``/``4``, a trailing newline;
only for providers whose check covers the body), the secret pasted with a prefix
(``Bearer ``, ``whsec_``, quotes, spaces), or only the timestamp being off (how far, which
way, and whether it is a whole number of hours). A token addressed to another audience says
which. No secret or token is ever printed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from authhooks.cli._claims import (
    Finding,
    allowances,
    audience_finding,
    time_findings,
    token_claims,
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

if TYPE_CHECKING:
    from authhooks._credentials import Clock, Given

__all__ = ["covers_body", "diagnose"]

#: Prefixes a secret is often copied with from a dashboard, a header or a config file.
SECRET_PREFIXES = ("Bearer ", "bearer ", "Basic ", "whsec_", "Token ", "token ")


@functools.cache
def covers_body(provider: str) -> bool:
    """Whether ``provider``'s check covers the body, so that a changed body fails it.

    Found out by experiment on the provider's demo set-up: a genuine request whose body is
    changed (one space added) still verifies when only the sender is authenticated (a
    Bearer key, Frontegg's header token). Unknown: assume it does.
    """
    from authhooks._credentials import demo_provider
    from authhooks.samples import load_sample

    try:
        demo = demo_provider(provider)
        request = demo.sign(load_sample(provider, demo.event))
        changed = request.body[:1] + b" " + request.body[1:]
        demo.make_receiver().verify(changed, request.headers)
    except (WebhookError, LookupError, ConfigurationError):
        return True
    return False


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
    if error.reason == "invalid_audience":
        configured = [given.audience] if given.audience else []
        return [audience_finding(error, token_claims(error, body, headers), configured)]
    claims = token_claims(error, body, headers)
    allowed = _allowances(provider, given)

    def timing(failed: TimestampError) -> list[Finding]:
        return time_findings(failed, claims, allowed)

    findings = timing(error) if isinstance(error, TimestampError) else []
    found = _search(provider, given, body, headers, error, timing=timing)
    if found is not None:
        return findings + found
    return findings + _unexplained(provider, given, error)


def _allowances(provider: str, given: Given) -> tuple[float | None, float | None]:
    from authhooks._credentials import make_receiver

    try:
        return allowances(make_receiver(provider, given))
    except (LookupError, ConfigurationError):
        return None, None


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
) -> tuple[bool, TimestampError | None]:
    """Whether the signature matches, and the time error when only the time is off."""
    outcome = _attempt(provider, given, body, headers, None)
    if not isinstance(outcome, TimestampError):
        return outcome, None
    # Verify again at the signing time: passes only if the signature itself matches.
    again = _attempt(provider, given, body, headers, _frozen_clock(outcome.skew))
    return again is True or isinstance(again, TimestampError), outcome


def _search(
    provider: str,
    given: Given,
    body: bytes,
    headers: Mapping[str, str],
    error: VerificationError,
    *,
    timing: Callable[[TimestampError], list[Finding]],
) -> list[Finding] | None:
    """Undo the usual mistakes one combination at a time; explain the first that verifies.

    ``timing`` explains a timestamp found off once a mistake is undone.
    """
    stale = isinstance(error, TimestampError)
    secrets = given.secrets
    secret_sets: list[tuple[str | None, list[str]]] = [(None, list(secrets))]
    for index, secret in enumerate(secrets):
        for what, fixed in _secret_variants(secret):
            others = [s for i, s in enumerate(secrets) if i != index]
            secret_sets.append((what, [*others, fixed]))
    bodies: list[tuple[str | None, bytes]] = [(None, body)]
    if covers_body(provider):  # else a re-encoded body verifies as well as the original
        bodies += _body_variants(body)
    for body_what, candidate_body in bodies:
        for secret_what, candidate_secrets in secret_sets:
            as_given = body_what is None and secret_what is None
            if as_given and not stale:
                continue  # the failing combination itself
            try:
                candidate = replace(given, secrets=tuple(candidate_secrets))
                matched, late = _matches(provider, candidate, candidate_body, headers)
            except ConfigurationError:
                continue
            if matched:
                skew = None if late is None else late.skew
                findings = [] if late is None or stale else timing(late)
                return findings + _explain(as_given, body_what, secret_what, skew)
    return None


def _explain(
    as_given: bool, body_what: str | None, secret_what: str | None, skew: float | None
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
    if secret_what is not None:
        findings.append(
            Finding(
                "secret_format",
                f"the secret looks pasted with {secret_what}: the signature matches "
                "without it. Configure the secret without it.",
            )
        )
    return findings


def _unexplained(provider: str, given: Given, error: VerificationError) -> list[Finding]:
    findings = []
    for secret in given.secrets:
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
        findings.append(Finding("wrong_secret", _wrong_secret(provider, given)))
    return findings


def _wrong_secret(provider: str, given: Given) -> str:
    if given.key is not None and not given.secrets:
        tried = "the key given (--key)"
        advice = "check that it is the provider's current public key (or JWKS) for this account"
    else:
        tried = f"the {len(given.secrets) or 1} secret(s) tried"
        advice = (
            "check that the secret is this endpoint's (dashboards often have one per "
            "endpoint, and separate test and live secrets)"
        )
    if not covers_body(provider):
        # The check does not cover the body: re-encoding it cannot be the cause.
        return f"the request's credentials match none of {tried}: {advice}."
    return (
        f"the signature does not match with {tried}, nor with a re-encoded body: {advice}, "
        "and that the body file holds the exact bytes received."
    )
