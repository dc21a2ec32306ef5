from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import datetime, timezone

import pytest

from authhooks import AuthCore, ConfigurationError
from authhooks.testing import SignedRequest, sign_authcore

NOW = 1_763_827_392
AWARE = datetime.fromtimestamp(NOW, timezone.utc)
PAYLOAD = {"id": "evt_1", "type": "organization.created", "data": {"slug": "acme"}}


def test_timestamped_form_matches_an_independent_hmac() -> None:
    request = sign_authcore(PAYLOAD, secret="s3", timestamp=NOW)
    expected = hmac.new(b"s3", f"{NOW}.".encode() + request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Webhook-Signature"] == f"t={NOW},v1={expected}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.method == "POST"
    assert json.loads(request.body) == PAYLOAD


def test_plain_forms_match_an_independent_hmac() -> None:
    body = b'{"id":"evt_1","type":"user.deleted"}'
    expected = hmac.new(b"s3", body, hashlib.sha256).hexdigest()
    assert sign_authcore(body, secret="s3", form="plain").headers["X-Webhook-Signature"] == (
        f"sha256={expected}"
    )
    bare = sign_authcore(body, secret=b"s3", form="plain", prefix=False)
    assert bare.headers["X-Webhook-Signature"] == expected
    assert bare.body == body


def test_round_trip_through_the_receiver() -> None:
    receiver = AuthCore(secret="s3", clock=lambda: NOW)
    for request in (
        sign_authcore(PAYLOAD, secret="s3", timestamp=NOW),
        sign_authcore(PAYLOAD, secret="s3", timestamp=datetime.fromtimestamp(NOW, timezone.utc)),
        sign_authcore(
            PAYLOAD,
            secret="s3",
            timestamp=datetime.fromtimestamp(NOW, timezone.utc).replace(tzinfo=None),
        ),
        sign_authcore(PAYLOAD, secret="s3", form="plain"),
        sign_authcore(PAYLOAD, secret="s3", form="plain", prefix=False),
    ):
        assert receiver.verify(request.body, request.headers).type == "organization.created"


def test_default_timestamp_is_now() -> None:
    before = int(time.time())
    value = sign_authcore(PAYLOAD, secret="s3").headers["X-Webhook-Signature"]
    stamp = int(value.split(",")[0].removeprefix("t="))
    assert before <= stamp <= int(time.time())


def test_header_name_and_bad_arguments() -> None:
    request = sign_authcore(PAYLOAD, secret="s3", header="AuthCore-Signature", timestamp=NOW)
    assert "AuthCore-Signature" in request.headers
    with pytest.raises(ConfigurationError):
        sign_authcore(PAYLOAD, secret="")
    with pytest.raises(ConfigurationError):
        sign_authcore(PAYLOAD, secret="s3", form="jwt")  # type: ignore[arg-type]


def test_repr_hides_the_signature() -> None:
    request = sign_authcore(PAYLOAD, secret="super-secret", timestamp=NOW)
    assert isinstance(request, SignedRequest)
    assert request.headers["X-Webhook-Signature"] not in repr(request)
    assert "super-secret" not in repr(request)
