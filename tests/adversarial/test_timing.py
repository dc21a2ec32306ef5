"""A timing smoke test: rejecting a wrong secret or signature takes as long whether it shares
a long prefix with the right one or none at all, for every scheme that compares a secret.

Each registered provider whose credentials are shared secrets (built through the registry
with a long secret), and ``Webhook`` with every symmetric scheme: ``StaticSecret`` (Bearer,
Basic, raw), ``BodyHmac`` (hex, base64), ``TimestampedHmac`` (seconds, milliseconds),
``StandardWebhooks`` and ``Jwt`` with an HMAC key (header, body, body digest). Asymmetric
signatures compare no secret and are not measured.

This is a statistical smoke test, not a proof of constant time: it measures many interleaved
batches, compares the fastest of each and tolerates noise. Its power is checked on a
deliberately leaky comparison, which the same procedure must flag.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Mapping
from typing import Any

import pytest

import authhooks.providers
from authhooks import InvalidSignatureError, WebhookError
from authhooks.receiver import Receiver
from authhooks.schemes import (
    BodyHmac,
    Jwt,
    Scheme,
    StandardWebhooks,
    StaticSecret,
    TimestampedHmac,
)
from authhooks.signing import SignedRequest
from authhooks.webhook import Webhook

BATCHES = 41
PER_BATCH = 200
TOLERANCE = 0.10  # the medians may differ by 10% (noise), a leak of the prefix is far larger
ATTEMPTS = 3  # a burst of noise on a shared machine can spoil one attempt, a leak spoils all

#: A long secret makes a leak of the matching prefix length large and easy to see.
SECRET = "k" + "".join(chr(0x61 + (i * 7) % 26) for i in range(4000))
NOW = 1_700_000_000
DOCUMENT = {"type": "invoice.paid", "id": "evt_1", "data": {"amount": 4200}}


def _candidates(secret: str) -> tuple[str, str]:
    """Two wrong secrets of the same length: no common prefix, and all but the last char."""
    first = "A" if secret[0] != "A" else "B"
    last = "A" if secret[-1] != "A" else "B"
    return first + secret[1:], secret[:-1] + last


def _relative_gap(run: Callable[[str], None], a: str, b: str) -> float:
    """``(fastest(b) - fastest(a)) / fastest(a)`` over interleaved batches of ``run``.

    The fastest batch of each: other work on the machine only ever slows a batch down, so the
    fastest is the cost of the code itself, where medians swing by several times under load.
    """
    times: dict[str, list[float]] = {a: [], b: []}
    for _ in range(3):  # warm up
        run(a)
        run(b)
    for i in range(BATCHES):
        for candidate in (a, b) if i % 2 else (b, a):
            start = time.perf_counter_ns()
            for _ in range(PER_BATCH):
                run(candidate)
            times[candidate].append(time.perf_counter_ns() - start)
    base = min(times[a])
    return (min(times[b]) - base) / base


def _smallest_gap(run: Callable[[str], None], a: str, b: str) -> float:
    """The gap of the best of :data:`ATTEMPTS` attempts (stopping at the first good one)."""
    gaps = []
    for _ in range(ATTEMPTS):
        gaps.append(_relative_gap(run, a, b))
        if abs(gaps[-1]) < TOLERANCE:
            break
    return min(gaps, key=abs)


def _leaky_equal(x: str, y: str) -> bool:
    if len(x) != len(y):
        return False
    for i in range(len(x)):  # noqa: SIM110 (the early exit is the point)
        if x[i] != y[i]:
            return False
    return True


def test_the_procedure_flags_a_leaky_comparison() -> None:
    no_prefix, long_prefix = _candidates(SECRET)

    def run(candidate: str) -> None:
        _leaky_equal(candidate, SECRET)

    assert _smallest_gap(run, no_prefix, long_prefix) > 10 * TOLERANCE


# -- what is measured ---------------------------------------------------------------------------


def _clock() -> float:
    return NOW


def _webhook_schemes() -> dict[str, Scheme]:
    return {
        "static-bearer": StaticSecret(SECRET),
        "static-basic": StaticSecret(f"acme:{SECRET}", auth_scheme="Basic"),
        "static-raw": StaticSecret(SECRET, header="X-Acme-Secret", auth_scheme=None),
        "body-hmac-hex": BodyHmac(SECRET, header="X-Acme-Signature", prefix="sha256="),
        "body-hmac-base64": BodyHmac(SECRET, header="X-Acme-Signature", encoding="base64"),
        "timestamped-hmac-s": TimestampedHmac(SECRET, header="X-Acme-Signature", clock=_clock),
        "timestamped-hmac-ms": TimestampedHmac(
            SECRET, header="X-Acme-Signature", timestamp_unit="ms", clock=_clock
        ),
        "standard-webhooks": StandardWebhooks(SECRET.encode(), clock=_clock),
        "jwt-header-hs256": Jwt(SECRET, algorithms="HS256", header="X-Acme-Token", clock=_clock),
        "jwt-body-hs256": Jwt(SECRET, algorithms="HS256", placement="body", clock=_clock),
        "jwt-body-digest-hs256": Jwt(
            SECRET, algorithms="HS256", placement="body_digest", header="X-Acme-Token", clock=_clock
        ),
    }


def _long_secret(entry: authhooks.providers.Provider) -> str:
    """:data:`SECRET` in the form of the provider's demo secret: as it is, or, for a Standard
    Webhooks secret (``whsec_`` and base64, after any prefix such as Supabase's ``v1,``), the
    base64 of its first 600 bytes (what the scheme decodes; the key is hashed down to the
    digest's block size anyway) after the same prefix."""
    head, whsec, _ = (entry.demo_secret or "").rpartition("whsec_")
    if not whsec:
        return SECRET
    return head + whsec + base64.b64encode(SECRET.encode()[:600]).decode()


def _cases() -> dict[str, tuple[Receiver[Any], SignedRequest]]:
    cases: dict[str, tuple[Receiver[Any], SignedRequest]] = {}
    for entry in authhooks.providers.all():
        if entry.credentials == "secret":
            receiver = entry.factory(_long_secret(entry))
            cases[entry.name] = (receiver, receiver.scheme.sign(entry.sample()))
    for name, scheme in _webhook_schemes().items():
        cases[f"Webhook/{name}"] = (Webhook(scheme), scheme.sign(DOCUMENT))
    return cases


CASES = _cases()


def _credential(receiver: Receiver[Any], request: SignedRequest) -> str | None:
    """The header carrying the credential, or ``None`` when the body is the token."""
    names = [name.lower() for name in receiver.scheme.credential_headers]
    return next((name for name in request.headers if name.lower() in names[:1]), None)


def _secret_span(value: str) -> tuple[int, int]:
    """Where the compared secret or signature is in a credential: after the last separator
    (the scheme word, ``t=...,v1=``, ``v1,``, a token's payload), before any padding."""
    end = len(value.rstrip("="))
    start = max(value.rfind(separator, 0, end) for separator in " ,=.") + 1
    return start, end


def _wrong(
    receiver: Receiver[Any], request: SignedRequest
) -> tuple[Callable[[str], None], str, str]:
    """The check of a candidate credential, and two wrong ones of the genuine length: one
    differing from the first compared character on, one only in the last."""
    header = _credential(receiver, request)
    value = request.body.decode("ascii") if header is None else request.headers[header]
    start, end = _secret_span(value)
    assert end - start >= 16, value

    def send(candidate: str) -> tuple[bytes, Mapping[str, str]]:
        if header is None:
            return candidate.encode("ascii"), request.headers
        return request.body, {**request.headers, header: candidate}

    def changed(index: int) -> str:
        # The first replacement that still parses, so both fail at the comparison itself.
        for other in "AQgw0Bb1":
            if other == value[index]:
                continue
            candidate = value[:index] + other + value[index + 1 :]
            try:
                receiver.verify(*send(candidate))
            except InvalidSignatureError:
                return candidate
            except WebhookError:
                continue
        raise AssertionError(f"no same-stage change at {index} of {value!r}")

    def run(candidate: str) -> None:
        try:
            receiver.verify(*send(candidate))
        except WebhookError:
            return
        raise AssertionError("a wrong credential was accepted")

    return run, changed(start), changed(end - 1)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_rejecting_a_wrong_credential_does_not_leak_the_matching_prefix(name: str) -> None:
    receiver, request = CASES[name]
    receiver.verify(request.body, request.headers)  # the genuine request passes
    run, no_prefix, long_prefix = _wrong(receiver, request)
    gap = _smallest_gap(run, no_prefix, long_prefix)
    assert abs(gap) < TOLERANCE, f"{name}: rejection time differs by {gap:.1%} with the prefix"


def test_every_symmetric_scheme_is_measured() -> None:
    measured = {type(receiver.scheme).__name__ for receiver, _ in CASES.values()}
    assert {"StaticSecret", "BodyHmac", "TimestampedHmac", "StandardWebhooks", "Jwt"} <= measured
