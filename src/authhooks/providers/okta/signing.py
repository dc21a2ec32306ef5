"""Build Okta requests as Okta would send them, for tests and the demo."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from authhooks.signing import SignedRequest, encode_payload

__all__ = ["okta_delivery", "okta_verification_request", "sign_okta"]


def sign_okta(
    payload: Mapping[str, Any] | bytes | str,
    *,
    authorization: str,
    header: str = "Authorization",
) -> SignedRequest:
    """A delivery carrying ``payload`` (an event hook envelope, or the exact body) with the
    authentication header configured on the hook, sent as it is."""
    return SignedRequest(
        body=encode_payload(payload),
        headers={"Content-Type": "application/json", header: authorization},
    )


def okta_verification_request(
    challenge: str, *, authorization: str | None, header: str = "Authorization"
) -> SignedRequest:
    """Okta's one-time verification request: a ``GET`` with
    ``X-Okta-Verification-Challenge: <challenge>`` (and the authentication header, unless
    ``authorization`` is ``None``), with no body."""
    headers = {"Accept": "application/json", "X-Okta-Verification-Challenge": challenge}
    if authorization is not None:
        headers[header] = authorization
    return SignedRequest(body=b"", headers=headers, method="GET")


def okta_delivery(
    events: Sequence[Mapping[str, Any]],
    *,
    event_id: str = "85b60edb-4263-4e13-993b-818e26201052",
    event_time: str = "2023-03-28T17:03:37.093Z",
    hook_id: str = "who7hphp39JoHLni81d7",
) -> dict[str, Any]:
    """An event hook envelope around ``events`` (System Log events), as Okta builds it."""
    return {
        "eventType": "com.okta.event_hook",
        "eventTypeVersion": "1.0",
        "cloudEventsVersion": "0.1",
        "source": f"https://{{yourOktaDomain}}/api/v1/eventHooks/{hook_id}",
        "eventId": event_id,
        "data": {"events": [dict(event) for event in events]},
        "eventTime": event_time,
        "contentType": "application/json",
    }
