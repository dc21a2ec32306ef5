"""WorkOS interoperability, both ways, with WorkOS's own Python SDK (the ``workos`` package).

What WorkOS's signing code produces, authhooks verifies; what authhooks' signer produces,
the SDK's ``verify_header`` and ``verify_event`` accept. Only the full test session installs
the SDK (``nox -s tests``); the core session leaves this module out.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st
from workos import WorkOSClient
from workos.actions import Actions, _compute_signature
from workos.webhooks import _verification as sdk

from authhooks import InvalidSignatureError, TimestampError, VerificationError, WorkOS
from authhooks.providers import get

SECRET = "whsec_0FWAiVGkEfGBqqsJH4aNAGBJ4"
WORKOS = get("workos")
CLIENT = WorkOSClient(api_key="sk_test_interop", client_id="client_interop")


def _sdk_verifiers() -> list[Any]:
    """Both of the SDK's header checks: the standalone one and the client's."""
    return [sdk.verify_header, CLIENT.webhooks.verify_header]


def _sdk_signed(body: bytes, secret: str, stamp_ms: int) -> dict[str, str]:
    """A request signed by the SDK's own HMAC code, in the header form WorkOS sends."""
    signature = _compute_signature(f"{stamp_ms}.{body.decode('utf-8')}", secret)
    return {"WorkOS-Signature": f"t={stamp_ms}, v1={signature}"}


# -- WorkOS signs, authhooks verifies ------------------------------------------------------------


@pytest.mark.parametrize("name", WORKOS.sample_events())
def test_every_sample_signed_by_the_sdk_verifies(name: str) -> None:
    body = json.dumps(WORKOS.sample(name), separators=(",", ":")).encode()
    headers = _sdk_signed(body, SECRET, int(time.time() * 1000))
    event = WorkOS(SECRET).verify(body, headers)
    assert event.type == name


def test_an_actions_response_signed_by_the_sdk_verifies() -> None:
    """``Actions.sign_response`` signs ``f"{timestamp}.{payload}"`` in milliseconds with the
    same HMAC as webhooks: its output, sent as a webhook, is a genuine WorkOS signature."""
    signed = Actions().sign_response(
        action_type="authentication", verdict="Deny", error_message="blocked", secret=SECRET
    )
    body = json.dumps(signed["payload"], separators=(",", ":")).encode()
    stamp = signed["payload"]["timestamp"]
    headers = {"WorkOS-Signature": f"t={stamp}, v1={signed['signature']}"}
    # The payload is an Actions verdict, not an event: only the signature is compared.
    assert WorkOS(SECRET).scheme.authenticate(body, headers).payload == body
    with pytest.raises(InvalidSignatureError):
        WorkOS("whsec_another_secret").scheme.authenticate(body, headers)


@settings(max_examples=60, deadline=None)
@given(
    body=st.text(max_size=300).map(str.encode),
    secret=st.text(
        st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="\"'`"),
        min_size=1,
        max_size=40,
    ),
    skew_ms=st.integers(min_value=-179_000, max_value=179_000),
)
def test_the_sdk_and_authhooks_agree_on_any_body_and_secret(
    body: bytes, secret: str, skew_ms: int
) -> None:
    now_ms = int(time.time() * 1000)
    headers = _sdk_signed(body, secret, now_ms + skew_ms)
    receiver = WorkOS(secret, clock=lambda: now_ms / 1000)
    # Only the signature and time are compared: an arbitrary body is not an event.
    verified = receiver.scheme.authenticate(body, headers)
    assert verified.payload == body
    for verify in _sdk_verifiers():
        verify(event_body=body, event_signature=headers["WorkOS-Signature"], secret=secret)


# -- authhooks signs, WorkOS verifies ------------------------------------------------------------


@pytest.mark.parametrize("name", WORKOS.sample_events())
def test_every_sample_signed_by_authhooks_passes_the_sdk(name: str) -> None:
    request = WorkOS(SECRET).scheme.sign(WORKOS.sample(name))
    for verify in _sdk_verifiers():
        verify(
            event_body=request.body,
            event_signature=request.headers["WorkOS-Signature"],
            secret=SECRET,
        )


def _complete_user_created() -> dict[str, Any]:
    """``user.created`` with every field the SDK's generated models require (WorkOS's own
    samples leave out ``external_id`` and ``last_sign_in_at``, which the SDK then refuses)."""
    sample = WORKOS.sample("user.created")
    sample["object"] = "event"
    sample["data"].update(external_id=None, last_sign_in_at=None, metadata={}, locale=None)
    return sample


@pytest.mark.parametrize("verify_event", [sdk.verify_event, CLIENT.webhooks.verify_event])
def test_verify_event_returns_the_same_event(verify_event: Any) -> None:
    request = WorkOS(SECRET).scheme.sign(_complete_user_created())
    theirs = verify_event(
        event_body=request.body,
        event_signature=request.headers["WorkOS-Signature"],
        secret=SECRET,
    )
    ours = WorkOS(SECRET).verify(request.body, request.headers)
    assert (theirs.event, theirs.id) == (ours.type, ours.id)
    assert theirs.data.email == ours.data.email
    assert type(theirs).__name__ == "UserCreated" == type(ours).__name__


def test_a_docs_sample_is_refused_by_the_sdk_parser_but_not_by_authhooks() -> None:
    """Why every field is optional in authhooks: the SDK's strict models refuse WorkOS's own
    documented payload once the signature has passed."""
    request = WorkOS(SECRET).scheme.sign(WORKOS.sample("user.created"))
    with pytest.raises(Exception, match="external_id"):
        sdk.verify_event(
            event_body=request.body,
            event_signature=request.headers["WorkOS-Signature"],
            secret=SECRET,
        )
    assert WorkOS(SECRET).verify(request.body, request.headers).data.external_id is None


# -- both refuse the same forgeries ---------------------------------------------------------------


def _refusals(body: bytes, headers: dict[str, str], secret: str) -> tuple[bool, bool]:
    sdk_refused = ours_refused = False
    try:
        sdk.verify_header(
            event_body=body, event_signature=headers["WorkOS-Signature"], secret=secret
        )
    except ValueError:
        sdk_refused = True
    try:
        WorkOS(secret).scheme.authenticate(body, headers)
    except VerificationError:
        ours_refused = True
    return sdk_refused, ours_refused


@pytest.mark.parametrize(
    "forge",
    [
        lambda body, headers: (body + b" ", headers),
        lambda body, headers: (body.replace(b"todd", b"eve0"), headers),
        lambda body, headers: (body, _sdk_signed(body, "whsec_another_secret", _ms())),
        lambda body, headers: (body, _sdk_signed(body, SECRET, _ms() - 181_000)),
        lambda body, headers: (body, _sdk_signed(body, SECRET, _ms() + 3_600_000)),
        lambda body, headers: (body, _sdk_signed(body, SECRET, _ms() // 1000)),
        lambda body, headers: (body, _sdk_signed(body, SECRET[len("whsec_") :], _ms())),
    ],
    ids=["extra byte", "edited", "other secret", "old", "future", "seconds", "no prefix"],
)
def test_both_refuse_the_same_forgeries(forge: Any) -> None:
    body = json.dumps(WORKOS.sample("user.created")).encode()
    forged_body, forged_headers = forge(body, _sdk_signed(body, SECRET, _ms()))
    assert _refusals(forged_body, forged_headers, SECRET) == (True, True)


def test_both_accept_a_timestamp_up_to_the_default_window() -> None:
    body = json.dumps(WORKOS.sample("user.created")).encode()
    headers = _sdk_signed(body, SECRET, _ms() - 170_000)
    assert _refusals(body, headers, SECRET) == (False, False)


def test_a_stale_request_is_a_timestamp_error_not_a_bad_signature() -> None:
    body = json.dumps(WORKOS.sample("user.created")).encode()
    with pytest.raises(TimestampError):
        WorkOS(SECRET).verify(body, _sdk_signed(body, SECRET, _ms() - 600_000))


def _ms() -> int:
    return int(time.time() * 1000)
