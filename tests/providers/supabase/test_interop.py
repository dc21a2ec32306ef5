"""Supabase Auth hooks and the Standard Webhooks reference implementations, both ways.

Supabase Auth signs with the reference's Go library, one signature per secret, joined with
", "; Supabase's own examples verify with the reference's JavaScript library after removing
the ``v1,whsec_`` prefix. Only the full test session installs the references
(``nox -s tests``); the core session leaves this module out.
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timezone

import pytest
import standardwebhooks
import svix.webhooks

from authhooks import InvalidSignatureError
from authhooks.providers.supabase import HOOKS, Supabase
from authhooks.samples import load_sample

KEY = base64.b64encode(b"the hook secret Supabase showed!").decode()
OTHER_KEY = base64.b64encode(b"the rotated hook secret of today").decode()
SECRET = f"v1,whsec_{KEY}"  # as the dashboard shows it


def supabase_sends(body: str, *keys: str) -> dict[str, str]:
    """Supabase Auth's sender (hookshttp.go), with the reference library signing."""
    msg_id = str(uuid.uuid4())
    now = datetime.now(timezone.utc)
    signatures = [standardwebhooks.Webhook(key).sign(msg_id, now, body) for key in keys or (KEY,)]
    return {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": ", ".join(signatures),
    }


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_what_the_reference_signs_authhooks_verifies(hook: str) -> None:
    body = json.dumps(load_sample("supabase", hook))
    event = Supabase(SECRET).verify(body.encode(), supabase_sends(body))
    assert type(event) is HOOKS[hook]


def test_rotation_as_supabase_signs_it() -> None:
    body = json.dumps(load_sample("supabase", "send-email"))
    headers = supabase_sends(body, KEY, OTHER_KEY)
    assert headers["webhook-signature"].count(", v1,") == 1
    for secrets in (
        SECRET,
        f"v1,whsec_{OTHER_KEY}",
        [f"whsec_{OTHER_KEY}"],
        f"{SECRET}|v1,whsec_{OTHER_KEY}",
    ):
        Supabase(secrets).verify(body.encode(), headers)
    stranger = base64.b64encode(b"somebody else's hook secret 0123").decode()
    with pytest.raises(InvalidSignatureError):
        Supabase(f"v1,whsec_{stranger}").verify(body.encode(), headers)


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_what_authhooks_signs_the_reference_verifies(hook: str) -> None:
    """What Supabase's own examples do: the reference, with the prefix removed."""
    payload = load_sample("supabase", hook)
    request = Supabase(SECRET).scheme.sign(payload)
    reference = standardwebhooks.Webhook(SECRET.replace("v1,whsec_", ""))
    assert reference.verify(request.body, request.headers) == payload
    svix.webhooks.Webhook(KEY).verify(request.body, request.headers)


def test_each_signature_of_a_rotation_list_verifies_with_the_reference() -> None:
    payload = load_sample("supabase", "customize-access-token")
    request = Supabase([SECRET, f"v1,whsec_{OTHER_KEY}"]).scheme.sign(payload)
    signatures = request.headers["webhook-signature"].split(", ")
    assert len(signatures) == 2
    for key, signature in zip((KEY, OTHER_KEY), signatures, strict=True):
        alone = {**request.headers, "webhook-signature": signature}
        assert standardwebhooks.Webhook(key).verify(request.body, alone) == payload
