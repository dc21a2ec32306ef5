from __future__ import annotations

import json

from authhooks import Userfront
from authhooks.testing import SignedRequest, sign_userfront


def test_sign_round_trip() -> None:
    request = sign_userfront({"action": "update", "model": "tenant", "record": {}}, api_key="k1")
    assert request.headers["Authorization"] == "Bearer k1"
    assert request.method == "POST"
    assert json.loads(request.body)["model"] == "tenant"
    assert Userfront(api_key="k1").verify(request.body, request.headers).type == "tenant.update"


def test_exact_bytes_are_kept() -> None:
    body = b'{ "action" : "create", "model": "user" }'
    assert sign_userfront(body, api_key="k").body == body
    assert sign_userfront(body.decode(), api_key="k").body == body


def test_repr_hides_the_key() -> None:
    request = sign_userfront({}, api_key="super-secret-key")
    assert "super-secret-key" not in repr(request)
    assert isinstance(request, SignedRequest)
