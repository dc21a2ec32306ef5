"""Verify a Userfront webhook with the core API alone (no web framework).

Run: ``python examples/verify_userfront.py``
"""

from __future__ import annotations

import authhooks
from authhooks.testing import sign_userfront

API_KEY = "uf_example_webhook_key"

receiver = authhooks.Userfront(api_key=API_KEY)


def handle(body: bytes, headers: dict[str, str]) -> int:
    """Return the HTTP status a web handler would answer."""
    try:
        event = receiver.verify(body, headers)
    except authhooks.VerificationError as exc:
        print(f"rejected: {exc}")
        return 401
    except authhooks.PayloadError as exc:
        print(f"authentic but malformed: {exc}")
        return 400
    print(f"{event.type} ({event.kind}) for {getattr(event.record, 'email', None)}")
    return 204


if __name__ == "__main__":
    payload = {"action": "create", "model": "user", "mode": "live", "record": {"email": "a@b.c"}}
    request = sign_userfront(payload, api_key=API_KEY)
    assert handle(request.body, request.headers) == 204
    assert handle(request.body, {"Authorization": "Bearer forged"}) == 401
