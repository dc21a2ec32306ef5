"""What the test apps of every framework share: receivers, routes' options and handlers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from authhooks import KeysUnavailableError, Receiver, SignedRequest, Userfront, WebhookError
from authhooks._demo import demo_providers
from authhooks.integrations import FRONTEGG_SOURCE_IPS, ErrorResponse
from authhooks.schemes import Scheme, Verified
from authhooks.signing import Payload, encode_payload


class _KeysDownScheme(Scheme):
    """A scheme whose keys cannot be fetched, on either path."""

    may_block = True

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        raise KeysUnavailableError("signing keys could not be fetched", retry_after=12)

    async def aauthenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        return self.authenticate(body, headers)

    def sign(self, body: Payload, /) -> SignedRequest:
        return SignedRequest(encode_payload(body))


class KeysDown(Receiver[Any]):
    """A receiver whose provider keys cannot be fetched."""

    provider = "userfront"
    parser = Userfront.parser

    def __init__(self) -> None:
        super().__init__(_KeysDownScheme())


PROVIDERS = {provider.name: provider for provider in demo_providers()}
RECEIVERS = {name: provider.make_receiver() for name, provider in PROVIDERS.items()}
USERFRONT = RECEIVERS["userfront"]
SMALL_LIMIT = 64

#: route name -> options of the entry point (every route verifies Userfront requests).
OPTIONS: dict[str, dict[str, Any]] = {
    "small": {"max_body_size": SMALL_LIMIT},
    "allow": {"allow_from": ["127.0.0.0/8"]},
    "deny": {"allow_from": FRONTEGG_SOURCE_IPS},
    "proxied": {"allow_from": FRONTEGG_SOURCE_IPS, "trusted_proxies": ["127.0.0.1"]},
}


def summary(event: Any) -> bytes:
    """What the apps answer for a verified event."""
    return json.dumps({"provider": event.provider, "type": event.type, "id": event.id}).encode()


def teapot(error: WebhookError, request: Any) -> ErrorResponse:
    """An ``on_error`` that changes the status mapping, framework-neutrally."""
    return ErrorResponse(418, {"error": "teapot", "detail": error.reason})


class Boom(RuntimeError):
    """What the raising handlers raise."""
