"""Every provider of the demo registry, with what its scheme covers and where its credentials go.

The adversarial suite is driven by :func:`authhooks._demo.demo_providers`, so a provider that
is added to the registry is attacked without any change here, once its row is in
:data:`COVERS_BODY`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import pytest

from authhooks._demo import DemoProvider, demo_providers
from authhooks.batch import Batch
from authhooks.receiver import Receiver
from authhooks.samples import load_sample
from authhooks.signing import SignedRequest

#: Whether a provider's authentication covers the request body. Bearer keys (Userfront, The
#: Auth API), the static headers of Okta and Auth0, and Frontegg's header token authenticate
#: the sender only: anyone holding the key
#: or a fresh token can send any body. AuthCore, WorkOS, Logto and Supabase sign the body (HMAC);
#: Akamai's and Kinde's bodies are the signed token itself; FusionAuth's token signs the
#: body's SHA-256; the Svix senders sign id, time and body.
COVERS_BODY: dict[str, bool] = {
    "userfront": False,
    "theauthapi": False,
    "frontegg": False,
    "okta": False,
    "auth0": False,
    "authcore": True,
    "akamai": True,
    "workos": True,
    "logto": True,
    "clerk": True,
    "stytch": True,
    "fusionauth": True,
    "kinde": True,
    "supabase": True,
}


def is_jwt(value: str) -> bool:
    """A compact JWS: three base64url segments, the first a JSON object."""
    parts = value.split(".")
    return len(parts) == 3 and value.startswith("eyJ") and all(parts[:2])


def b64decode(segment: str) -> bytes | None:
    """Lenient base64url decoding, as JWT libraries do (``None`` when undecodable)."""
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError:
        return None


@dataclass
class Case:
    """One provider under attack."""

    provider: DemoProvider
    receiver: Receiver[Any]
    payload: dict[str, Any]
    valid: SignedRequest
    auth_headers: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.provider.name

    @property
    def covers_body(self) -> bool:
        return COVERS_BODY[self.name]

    @property
    def token_in_body(self) -> bool:
        return is_jwt(self.valid.body.decode("ascii", "replace"))


def _case(provider: DemoProvider) -> Case:
    payload = load_sample(provider.name, provider.event)
    valid = provider.sign(payload)
    forged = provider.forge(payload)
    auth = [name for name, value in valid.headers.items() if forged.headers.get(name) != value]
    return Case(provider, provider.make_receiver(), payload, valid, auth)


_CASES = {p.name: _case(p) for p in demo_providers()}
PROVIDER_NAMES = sorted(_CASES)


@pytest.fixture(params=PROVIDER_NAMES)
def case(request: pytest.FixtureRequest) -> Case:
    """Each provider of the demo registry in turn."""
    name: str = request.param
    if name not in COVERS_BODY:
        pytest.fail(f"classify {name!r} in COVERS_BODY: does its scheme cover the body?")
    return _CASES[name]


def _names(keep: Any) -> list[str]:
    return [name for name in PROVIDER_NAMES if keep(_CASES[name])]


@pytest.fixture(params=_names(lambda c: not c.token_in_body))
def json_case(request: pytest.FixtureRequest) -> Case:
    """Each provider whose body is a JSON document (Akamai's body is a token instead)."""
    return _CASES[request.param]


@pytest.fixture(params=_names(lambda c: bool(c.auth_headers)))
def header_case(request: pytest.FixtureRequest) -> Case:
    """Each provider that authenticates with a header (Akamai signs the body alone)."""
    return _CASES[request.param]


def get_case(name: str) -> Case | None:
    """The case of provider ``name``, or ``None`` when it is not in the registry."""
    return _CASES.get(name)


def document_of(result: Any) -> Any:
    """The decoded document a signed payload became: an event's ``raw``; for a batch (Okta,
    Auth0), the whole delivery when it is an object (Okta's envelope), else its one record."""
    if isinstance(result, Batch):
        return result.raw if isinstance(result.raw, dict) else result[0].raw
    return result.raw


def first_event(result: Any) -> Any:
    """The event of a single-event provider, or the first event of a batch."""
    return result[0] if isinstance(result, Batch) else result
