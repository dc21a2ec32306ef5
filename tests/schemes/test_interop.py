"""Standard Webhooks interoperability, both ways, with the reference implementations: the
``standardwebhooks`` package and Svix's ``svix`` package.

Only the full test session installs them (``nox -s tests``); the core session leaves this
module out.
"""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timezone

import pytest
import standardwebhooks
import svix.webhooks
from hypothesis import given, settings, strategies as st

from authhooks import InvalidHeaderError, VerificationError
from authhooks.schemes import StandardWebhooks
from authhooks.webhook import Webhook

from .conftest import NOW, FrozenClock

SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_SECRET = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_PAYLOAD = '{"test": 2432232314}'
SPEC_TIME = 1614265330
OTHER_SECRET = base64.b64encode(b"a second key, for rotation").decode()

# Message ids the specification allows: printable ASCII without "." or space.
_ids = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="."),
    min_size=1,
    max_size=64,
)
_payloads = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)


def _when(stamp: int) -> datetime:
    return datetime.fromtimestamp(stamp, tz=timezone.utc)


def _headers(prefix: str, msg_id: str, stamp: int, signature: str) -> dict[str, str]:
    return {
        f"{prefix}id": msg_id,
        f"{prefix}timestamp": str(stamp),
        f"{prefix}signature": signature,
    }


# -- the reference signs, authhooks verifies ---------------------------------------------------


@pytest.mark.parametrize("secret", [SPEC_SECRET, "whsec_" + SPEC_SECRET])
def test_the_specification_example_signed_by_the_reference(secret: str) -> None:
    signature = standardwebhooks.Webhook(secret).sign(SPEC_ID, _when(SPEC_TIME), SPEC_PAYLOAD)
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    ours = StandardWebhooks(secret, clock=FrozenClock(SPEC_TIME))
    headers = _headers("webhook-", SPEC_ID, SPEC_TIME, signature)
    event = Webhook(ours, type_field=None).verify(SPEC_PAYLOAD, headers)
    assert event.raw == {"test": 2432232314}
    assert event.id == SPEC_ID


@settings(max_examples=100, deadline=None)
@given(msg_id=_ids, payload=_payloads, offset=st.integers(-300, 300))
def test_what_the_reference_signs_verifies(msg_id: str, payload: str, offset: int) -> None:
    stamp = NOW + offset
    signature = standardwebhooks.Webhook(SPEC_SECRET).sign(msg_id, _when(stamp), payload)
    ours = StandardWebhooks("whsec_" + SPEC_SECRET, clock=FrozenClock(NOW))
    verified = ours.authenticate(payload.encode(), _headers("webhook-", msg_id, stamp, signature))
    assert (verified.delivery_id, verified.signed_at) == (msg_id, stamp)


@settings(max_examples=50, deadline=None)
@given(msg_id=_ids, payload=_payloads)
def test_what_svix_signs_verifies(msg_id: str, payload: str) -> None:
    signature = svix.webhooks.Webhook("whsec_" + SPEC_SECRET).sign(msg_id, _when(NOW), payload)
    ours = StandardWebhooks(SPEC_SECRET, header_prefix="svix-", clock=FrozenClock(NOW))
    ours.authenticate(payload.encode(), _headers("svix-", msg_id, NOW, signature))


def test_rotation_lists_from_the_references() -> None:
    """A sender rotating keys signs with each: the receiver knowing any one accepts."""
    payload = '{"type":"user.created"}'
    old = standardwebhooks.Webhook(SPEC_SECRET).sign(SPEC_ID, _when(NOW), payload)
    new = svix.webhooks.Webhook(OTHER_SECRET).sign(SPEC_ID, _when(NOW), payload)
    signature = f"{old} {new}"
    for secrets in ([SPEC_SECRET], [OTHER_SECRET], [OTHER_SECRET, SPEC_SECRET]):
        for prefix in ("webhook-", "svix-"):
            ours = StandardWebhooks(secrets, header_prefix=prefix, clock=FrozenClock(NOW))
            ours.authenticate(payload.encode(), _headers(prefix, SPEC_ID, NOW, signature))
    stranger = StandardWebhooks(base64.b64encode(b"x" * 24).decode(), clock=FrozenClock(NOW))
    with pytest.raises(VerificationError):
        stranger.authenticate(payload.encode(), _headers("webhook-", SPEC_ID, NOW, signature))


def test_a_tampered_reference_request_is_refused() -> None:
    payload = '{"type":"user.created"}'
    signature = standardwebhooks.Webhook(SPEC_SECRET).sign(SPEC_ID, _when(NOW), payload)
    ours = StandardWebhooks(SPEC_SECRET, clock=FrozenClock(NOW))
    headers = _headers("webhook-", SPEC_ID, NOW, signature)
    for body, changed in (
        (payload.replace("created", "deleted"), headers),
        (payload, {**headers, "webhook-id": SPEC_ID + "x"}),
        (payload, {**headers, "webhook-timestamp": str(NOW + 1)}),
    ):
        with pytest.raises(VerificationError):
            ours.authenticate(body.encode(), changed)


# -- authhooks signs, the reference verifies ---------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(msg_id=_ids, payload=_payloads)
def test_what_authhooks_signs_the_reference_verifies(msg_id: str, payload: str) -> None:
    ours = StandardWebhooks("whsec_" + SPEC_SECRET)  # the references read the real time
    request = ours.sign(payload, msg_id=msg_id)
    standardwebhooks.Webhook(SPEC_SECRET).verify(request.body, request.headers, json_parse=False)
    svix.webhooks.Webhook("whsec_" + SPEC_SECRET).verify(request.body, request.headers)


def test_svix_headers_from_authhooks() -> None:
    ours = StandardWebhooks(SPEC_SECRET, header_prefix="svix-")
    request = ours.sign({"type": "user.created", "data": {"id": "u1"}})
    assert "svix-signature" in request.headers
    svix.webhooks.Webhook(SPEC_SECRET).verify(request.body, request.headers)


def test_rotation_lists_from_authhooks() -> None:
    ours = StandardWebhooks([SPEC_SECRET, OTHER_SECRET])
    request = ours.sign({"type": "user.created"})
    assert request.headers["webhook-signature"].count("v1,") == 2
    for secret in (SPEC_SECRET, OTHER_SECRET):
        document = standardwebhooks.Webhook(secret).verify(request.body, request.headers)
        assert document == {"type": "user.created"}
        svix.webhooks.Webhook(secret).verify(request.body, request.headers)


def test_the_reference_refuses_what_authhooks_signs_with_another_key() -> None:
    request = StandardWebhooks(OTHER_SECRET).sign({"type": "x"})
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(SPEC_SECRET).verify(request.body, request.headers)


def test_the_same_signature_as_the_reference() -> None:
    ours = StandardWebhooks(SPEC_SECRET)
    request = ours.sign(SPEC_PAYLOAD, msg_id=SPEC_ID, timestamp=SPEC_TIME)
    reference = standardwebhooks.Webhook(SPEC_SECRET).sign(SPEC_ID, _when(SPEC_TIME), SPEC_PAYLOAD)
    assert request.headers["webhook-signature"] == reference


# -- Supabase Auth's comma-separated lists ----------------------------------------------------


def test_comma_lists_of_reference_signatures() -> None:
    """Supabase Auth signs with the reference (Go) library once per secret and joins the
    signatures with ", ": a receiver reading that separator accepts either secret."""
    payload = '{"user_id":"8ccaa7af-909f-44e7-84cb-67cdccb56be6","valid":true}'
    signatures = [
        standardwebhooks.Webhook(secret).sign(SPEC_ID, _when(NOW), payload)
        for secret in (SPEC_SECRET, OTHER_SECRET)
    ]
    headers = _headers("webhook-", SPEC_ID, NOW, ", ".join(signatures))
    for secrets in ([SPEC_SECRET], [OTHER_SECRET], ["v1,whsec_" + OTHER_SECRET]):
        ours = StandardWebhooks(secrets, signature_separator=", ", clock=FrozenClock(NOW))
        ours.authenticate(payload.encode(), headers)
    with pytest.raises(InvalidHeaderError):
        StandardWebhooks(SPEC_SECRET, clock=FrozenClock(NOW)).authenticate(
            payload.encode(), headers
        )


@settings(max_examples=50, deadline=None)
@given(msg_id=_ids, payload=_payloads)
def test_comma_lists_from_authhooks_hold_reference_signatures(msg_id: str, payload: str) -> None:
    """Each signature of a comma-separated list is one the reference accepts on its own (the
    Python reference cannot split such a list itself)."""
    ours = StandardWebhooks([SPEC_SECRET, OTHER_SECRET], signature_separator=", ")
    request = ours.sign(payload, msg_id=msg_id)
    signatures = request.headers["webhook-signature"].split(", ")
    assert len(signatures) == 2
    for secret, signature in zip((SPEC_SECRET, OTHER_SECRET), signatures, strict=True):
        alone = {**request.headers, "webhook-signature": signature}
        standardwebhooks.Webhook(secret).verify(request.body, alone, json_parse=False)
        svix.webhooks.Webhook(secret).verify(request.body, alone)


def test_one_secret_in_comma_mode_is_what_the_reference_signs() -> None:
    ours = StandardWebhooks("v1,whsec_" + SPEC_SECRET, signature_separator=", ")
    request = ours.sign(SPEC_PAYLOAD, msg_id=SPEC_ID, timestamp=SPEC_TIME)
    reference = standardwebhooks.Webhook(SPEC_SECRET).sign(SPEC_ID, _when(SPEC_TIME), SPEC_PAYLOAD)
    assert request.headers["webhook-signature"] == reference
    fresh = ours.sign({"user_id": "u1", "valid": False})
    standardwebhooks.Webhook(SPEC_SECRET).verify(fresh.body, fresh.headers)


# -- where authhooks is stricter than the reference, by design ----------------------------------


def _stricter_cases(now: int) -> list[tuple[str, str]]:
    arabic_indic = str(now)[:-1] + chr(0x0660 + int(str(now)[-1]))  # the same number
    return [
        ("msg.with.dots", str(now)),  # the specification forbids "." in ids
        (SPEC_ID, f"{now}.0"),  # the reference reads the timestamp with float()...
        (SPEC_ID, f"+{now}"),
        (SPEC_ID, f"{str(now)[:5]}_{str(now)[5:]}"),
        (SPEC_ID, arabic_indic),  # ...which reads other digit scripts too
    ]


@pytest.mark.parametrize("case", range(5))
def test_stricter_than_the_reference(case: int) -> None:
    now = int(time.time())
    msg_id, stamp = _stricter_cases(now)[case]
    payload = json.dumps({"type": "x"})
    reference = standardwebhooks.Webhook(SPEC_SECRET)
    # The reference signs what it parsed: the float's whole seconds.
    signature = reference.sign(msg_id, _when(now), payload)
    headers = {"webhook-id": msg_id, "webhook-timestamp": stamp, "webhook-signature": signature}
    reference.verify(payload, headers)
    with pytest.raises(InvalidHeaderError):
        StandardWebhooks(SPEC_SECRET).authenticate(payload.encode(), headers)
