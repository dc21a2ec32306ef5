"""What the test apps of every framework share: receivers, routes' options and handlers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from authhooks import Batch, KeysUnavailableError, Receiver, SignedRequest, Userfront, WebhookError
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


class ReachedTheReceiver(RuntimeError):
    """A body over the receiver's limit reached it: the adapter read more than it accepts."""


class SmallReceiver(Receiver[Any]):
    """Userfront's demo receiver with a body limit of its own, ``SMALL_LIMIT`` bytes.

    An adapter reads no more than its receiver accepts, so no body over that limit may reach
    this receiver: one that does raises ``ReachedTheReceiver`` (the framework's 500) instead
    of the 413 the receiver would answer, so a test tells the two apart.
    """

    provider = "userfront"
    parser = Userfront.parser

    def __init__(self) -> None:
        super().__init__(USERFRONT.scheme, max_body_size=SMALL_LIMIT)

    def _guard(self, body: Any) -> None:
        if len(body) > self.max_body_size:
            raise ReachedTheReceiver(f"a body of {len(body)} bytes reached the receiver")

    def verify(self, body: Any, headers: Mapping[str, str]) -> Any:
        self._guard(body)
        return super().verify(body, headers)

    async def averify(self, body: Any, headers: Mapping[str, str]) -> Any:
        self._guard(body)
        return await super().averify(body, headers)


#: route name -> options of the entry point (every route verifies Userfront requests).
OPTIONS: dict[str, dict[str, Any]] = {
    # The entry point's limit is the smaller one...
    "small": {"max_body_size": SMALL_LIMIT},
    # ... and here the receiver's (see RECEIVER_OF).
    "tight": {"max_body_size": 16 * SMALL_LIMIT},
    "allow": {"allow_from": ["127.0.0.0/8"]},
    "deny": {"allow_from": FRONTEGG_SOURCE_IPS},
    "proxied": {"allow_from": FRONTEGG_SOURCE_IPS, "trusted_proxies": ["127.0.0.1"]},
}

#: The receiver of the routes of ``OPTIONS`` that do not use ``USERFRONT``.
RECEIVER_OF: dict[str, Receiver[Any]] = {"tight": SmallReceiver()}


def receiver_for(route: str) -> Receiver[Any]:
    """The receiver of the ``OPTIONS`` route ``route``."""
    return RECEIVER_OF.get(route, USERFRONT)


def summary(event: Any) -> bytes:
    """What the apps answer for a verified event; for a batch, its events' types and ids."""
    if isinstance(event, Batch):
        return json.dumps(
            {
                "provider": event.provider,
                "types": [each.type for each in event],
                "ids": [each.id for each in event],
            }
        ).encode()
    return json.dumps({"provider": event.provider, "type": event.type, "id": event.id}).encode()


def teapot(error: WebhookError, request: Any) -> ErrorResponse:
    """An ``on_error`` that changes the status mapping, framework-neutrally."""
    return ErrorResponse(418, {"error": "teapot", "detail": error.reason})


class Boom(RuntimeError):
    """What the raising handlers raise."""
