from __future__ import annotations

import json

from authhooks import TheAuthAPI
from authhooks.testing import sign_theauthapi

PAYLOAD = {"topic": "project.updated", "data": {"id": "p1"}}


def test_default_header_is_bearer() -> None:
    request = sign_theauthapi(PAYLOAD, secret="s3cret")
    assert request.headers["Authorization"] == "Bearer s3cret"
    assert json.loads(request.body) == PAYLOAD
    assert TheAuthAPI(secret="s3cret").verify(request.body, request.headers).type == (
        "project.updated"
    )


def test_custom_header_holds_the_secret() -> None:
    request = sign_theauthapi(b'{"topic":"project.updated"}', secret="s3cret", header="X-Hook")
    assert request.headers["X-Hook"] == "s3cret"
    assert request.body == b'{"topic":"project.updated"}'
    receiver = TheAuthAPI(secret="s3cret", header="X-Hook")
    assert receiver.verify(request.body, request.headers).type == "project.updated"


def test_repr_hides_the_secret() -> None:
    assert "s3cret" not in repr(sign_theauthapi(PAYLOAD, secret="s3cret"))
