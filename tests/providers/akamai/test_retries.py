"""Akamai re-sends a failed delivery with its original token: the ``iat`` window must allow it.

Akamai retries after 3 s, 30 s, 5 min, 1 h and 24 h (the last attempt about 25 h 6 min after
the first), and its documentation does not say a retry is signed anew: its event store keeps
one request per event, whose token's ``iat`` is the event's creation time. So ``iat`` is
accepted up to ``max_age`` (26 h) in the past, and at most ``tolerance`` (300 s) ahead;
a replayed token is a duplicate of its event, which de-duplication acknowledges.
"""

from __future__ import annotations

import http.client
import math
from typing import Any

import pytest

from authhooks import Akamai, ConfigurationError, TimestampError
from authhooks.dedup import Duplicate, MemoryStore, run_once
from authhooks.providers.akamai.receiver import DEFAULT_MAX_AGE, DEFAULT_TOLERANCE
from authhooks.samples import load_sample
from authhooks.testing import AkamaiTestKeys, sign_akamai

from .conftest import AUDIENCE

SIGNED_AT = 1_800_000_000
#: When each automatic retry arrives, in seconds after the first attempt.
RETRIES = [3, 3 + 30, 3 + 30 + 300, 3 + 30 + 300 + 3600, 3 + 30 + 300 + 3600 + 86_400]


def _token(keys: AkamaiTestKeys, iat: int = SIGNED_AT) -> bytes:
    claims = load_sample("akamai", "entityUpdated")
    return sign_akamai(claims, keys=keys, audience=AUDIENCE, issued_at=iat).body


def _receiver(keys: AkamaiTestKeys, now: float, **options: Any) -> Akamai:
    return Akamai(keys=keys.jwks, audience=AUDIENCE, clock=lambda: now, **options)


def test_defaults() -> None:
    assert DEFAULT_TOLERANCE == 300
    assert DEFAULT_MAX_AGE == 26 * 3600
    assert RETRIES[-1] + 600 < DEFAULT_MAX_AGE  # room for the attempts' own time


@pytest.mark.parametrize("after", [0, *RETRIES, RETRIES[-1] + 600])
def test_every_automatic_retry_of_the_original_token_is_accepted(
    keys: AkamaiTestKeys, after: int
) -> None:
    body = _token(keys)
    event = _receiver(keys, SIGNED_AT + after).verify(body, {})
    assert event.iat is not None
    assert event.iat.timestamp() == SIGNED_AT


@pytest.mark.parametrize("after", [DEFAULT_MAX_AGE + 1, 2 * 86_400, 8 * 86_400, 10**9])
def test_older_than_max_age_is_refused_with_its_age(keys: AkamaiTestKeys, after: float) -> None:
    with pytest.raises(TimestampError) as info:
        _receiver(keys, SIGNED_AT + after).verify(_token(keys), {})
    assert info.value.skew == pytest.approx(after)
    assert "max_age" in str(info.value)


@pytest.mark.parametrize("ahead", [DEFAULT_TOLERANCE + 1, 3600, 86_400])
def test_the_future_bound_stays_tight(keys: AkamaiTestKeys, ahead: float) -> None:
    with pytest.raises(TimestampError) as info:
        _receiver(keys, SIGNED_AT - ahead).verify(_token(keys), {})
    assert info.value.skew == pytest.approx(-ahead)
    assert "ahead" in str(info.value)


def test_within_the_future_tolerance_is_accepted(keys: AkamaiTestKeys) -> None:
    assert _receiver(keys, SIGNED_AT - DEFAULT_TOLERANCE + 1).verify(_token(keys), {}).type


@pytest.mark.parametrize(
    ("options", "after", "accepted"),
    [
        ({"max_age": 8 * 86_400}, 7 * 86_400, True),  # a redelivery scheduled by hand
        ({"max_age": 8 * 86_400}, 9 * 86_400, False),
        ({"max_age": 300}, 301, False),  # the old, strict window, on request
        ({"max_age": 300}, 299, True),
        ({"max_age": 0}, 1, False),
        ({"tolerance": 0}, 3600, True),  # tolerance no longer bounds the past
    ],
)
def test_max_age_is_configurable(
    keys: AkamaiTestKeys, options: dict[str, float], after: float, accepted: bool
) -> None:
    receiver = _receiver(keys, SIGNED_AT + after, **options)
    if accepted:
        assert receiver.verify(_token(keys), {}).type
    else:
        with pytest.raises(TimestampError):
            receiver.verify(_token(keys), {})


@pytest.mark.parametrize("value", [-1, math.nan, math.inf, "3600", True, None])
def test_max_age_must_be_a_finite_non_negative_number(keys: AkamaiTestKeys, value: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_age"):
        Akamai(keys=keys.jwks, audience=AUDIENCE, max_age=value)


def test_a_replayed_token_is_a_duplicate_of_its_event(keys: AkamaiTestKeys) -> None:
    """Inside the window, replay protection is de-duplication on the event id."""
    store = MemoryStore()
    body = _token(keys)
    handled: list[str] = []
    first = _receiver(keys, SIGNED_AT + 5).verify(body, {})
    assert run_once(store, first, lambda: handled.append(first.id)) is None
    for after in RETRIES[2:]:
        again = _receiver(keys, SIGNED_AT + after).verify(body, {})
        assert isinstance(run_once(store, again, lambda: handled.append("again")), Duplicate)
    assert handled == [first.id]


# -- over real HTTP: a failed first delivery, Akamai's retries a day later ------------------------


def _post(url: str, body: bytes) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("POST", "/hooks/akamai", body, {"Content-Type": "application/secevent+jwt"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.network
@pytest.mark.extras
def test_retries_over_http_until_handled_then_duplicates(keys: AkamaiTestKeys) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Route

    from authhooks.cli._server import BackgroundServer
    from authhooks.starlette import webhook_endpoint

    now = [float(SIGNED_AT)]
    receiver = Akamai(keys=keys.jwks, audience=AUDIENCE, clock=lambda: now[0])
    calls: list[float] = []

    def handler(event: Any) -> None:
        calls.append(now[0])
        if len(calls) == 1:
            raise RuntimeError("the database is down")  # the first delivery fails: 500

    app = Starlette(
        routes=[Route("/hooks/akamai", webhook_endpoint(receiver, handler, dedup=MemoryStore()))]
    )
    body = _token(keys)
    with BackgroundServer(app) as server:
        assert _post(server.url, body)[0] == 500
        now[0] = SIGNED_AT + RETRIES[3]  # the retry after an hour: handled
        assert _post(server.url, body)[0] == 204
        now[0] = SIGNED_AT + RETRIES[4]  # the retry after a day: a duplicate, acknowledged
        status, answer = _post(server.url, body)
        assert (status, answer) == (200, b'{"status":"duplicate"}')
        now[0] = SIGNED_AT + DEFAULT_MAX_AGE + 60  # past the horizon: refused
        assert _post(server.url, body)[0] == 401
    assert calls == [SIGNED_AT, SIGNED_AT + RETRIES[3]]
