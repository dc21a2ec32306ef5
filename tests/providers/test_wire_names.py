"""Typed events read the wire names only: a field spelt like its Python attribute sets nothing.

Otherwise ``{"event_id": ...}`` would set ``event.id`` while ``event.raw`` holds no ``id``,
and the two views of one event would disagree. Every payload here is correctly signed, so
only the parsing decides.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import pytest

import authhooks
from authhooks import PayloadError
from authhooks.testing import (
    AkamaiTestKeys,
    sign_akamai,
    sign_authcore,
    sign_frontegg,
    sign_theauthapi,
    sign_userfront,
)

SECRET = "wire-names-secret-0123456789"
AUDIENCE = "https://hooks.example.com/akamai"


def userfront(payload: dict[str, Any]) -> Any:
    request = sign_userfront(payload, api_key=SECRET)
    return authhooks.Userfront(api_key=SECRET).verify(request.body, request.headers)


def authcore(payload: dict[str, Any]) -> Any:
    request = sign_authcore(payload, secret=SECRET)
    return authhooks.AuthCore(secret=SECRET).verify(request.body, request.headers)


def frontegg(payload: dict[str, Any]) -> Any:
    request = sign_frontegg(payload, secret=SECRET)
    return authhooks.Frontegg(secret=SECRET).verify(request.body, request.headers)


def theauthapi(payload: dict[str, Any]) -> Any:
    request = sign_theauthapi(payload, secret=SECRET)
    return authhooks.TheAuthAPI(secret=SECRET).verify(request.body, request.headers)


_AKAMAI_KEYS = AkamaiTestKeys.generate("wire-names")


def akamai(claims: dict[str, Any]) -> Any:
    request = sign_akamai(claims, keys=_AKAMAI_KEYS, audience=AUDIENCE, issued_at=int(time.time()))
    receiver = authhooks.Akamai(keys=_AKAMAI_KEYS.jwks, audience=AUDIENCE)
    return receiver.verify(request.body, request.headers)


# --- event ids and names -----------------------------------------------------------------------


def test_authcore_event_id_is_not_the_id() -> None:
    payload = {"event_id": "evt_snake", "type": "user.created", "data": {}}
    request = sign_authcore(payload, secret=SECRET)
    event = authhooks.AuthCore(secret=SECRET).verify(request.body, request.headers)
    assert event.event_id is None
    assert event.id == hashlib.sha256(request.body).hexdigest()  # as for a body without id
    assert "id" not in event.raw
    assert event.model_extra == {"event_id": "evt_snake"}
    both = authcore({"id": "evt_wire", "event_id": "evt_snake", "type": "user.created"})
    assert both.id == "evt_wire"


def test_frontegg_event_key_is_not_the_event_key() -> None:
    with pytest.raises(PayloadError) as info:
        frontegg({"event_key": "frontegg.user.created", "user": {"email": "a@b.c"}})
    assert info.value.field == "eventKey"
    assert info.value.raw == {"event_key": "frontegg.user.created", "user": {"email": "a@b.c"}}


def test_akamai_entity_type_is_not_the_entity_type() -> None:
    claims = {
        "events": {"entityCreated": {"id": "e1", "entity_type": "user", "capture_client_id": "c"}}
    }
    event = akamai(claims)
    assert event.data.entity_type is None
    assert event.data.capture_client_id is None
    assert event.kind is None  # a user event only when entityType says so
    wire = akamai({"events": {"entityCreated": {"id": "e2", "entityType": "user"}}})
    assert (wire.data.entity_type, wire.kind) == ("user", "user.created")


# --- entity fields ---------------------------------------------------------------------------


def test_userfront_record() -> None:
    event = userfront(
        {
            "model": "user",
            "action": "create",
            "record": {"user_id": 5, "created_at": "2026-01-01T00:00:00Z", "is_confirmed": True},
        }
    )
    assert (event.record.user_id, event.record.created_at, event.record.is_confirmed) == (
        None,
        None,
        None,
    )
    assert event.record.model_extra["user_id"] == 5  # kept, as any unknown field
    wire = userfront({"model": "user", "action": "create", "record": {"userId": 5}})
    assert wire.record.user_id == 5


def test_frontegg_entities_and_context() -> None:
    event = frontegg(
        {
            "eventKey": "frontegg.user.created",
            "event_context": {"tenant_id": "t1"},
            "user": {"created_at": "2026-01-01T00:00:00Z", "tenant_id": "t1", "email": "a@b.c"},
        }
    )
    assert event.event_context.tenant_id is None
    assert event.user is not None
    assert (event.user.created_at, event.user.tenant_id, event.user.email) == (None, None, "a@b.c")
    token = frontegg({"eventKey": "frontegg.userApiToken.created", "api_token": {"clientId": "c1"}})
    assert token.api_token is None
    wire = frontegg({"eventKey": "frontegg.userApiToken.created", "apiToken": {"clientId": "c1"}})
    assert wire.api_token.client_id == "c1"


def test_theauthapi_entities() -> None:
    event = theauthapi(
        {
            "topic": "api-key.created",
            "data": {
                "is_active": True,
                "created_at": "2026-01-01T00:00:00Z",
                "custom_user_id": "u",
            },
        }
    )
    assert (event.data.is_active, event.data.created_at, event.data.custom_user_id) == (
        None,
        None,
        None,
    )
    wire = theauthapi({"topic": "api-key.created", "data": {"isActive": True}})
    assert wire.data.is_active is True


def test_attributes_keep_their_python_names() -> None:
    body = {"model": "user", "action": "create", "record": {"userId": 5, "createdAt": 0}}
    event = userfront(body)
    assert event.record.user_id == 5
    assert event.record.created_at is not None
    assert json.loads(event.record.model_dump_json(by_alias=True))["userId"] == 5
