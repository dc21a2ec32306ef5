"""pytest fixtures that build correctly signed webhook requests, for any provider.

Installed with authhooks and loaded by pytest automatically (``pytest11`` entry point). Test a
handler in one line, with the Flask, Django or Starlette/FastAPI test client:

```python
def test_user_created(client, send_webhook):
    response = send_webhook(client, "/hooks/userfront", "userfront", "user.create",
                            secret="uf_test_key")
    assert response.status_code == 204
```

or build the request and post it yourself (Flask's test client takes ``data=``, httpx and
Starlette's ``content=``; [`post_webhook`][authhooks.pytest_plugin.post_webhook] picks the
right one):

```python
def test_by_hand(client, signed_webhook):
    request = signed_webhook("userfront", "user.create", secret="uf_test_key")
    response = client.post("/hooks/userfront", data=request.body, headers=request.headers)
    assert response.status_code == 204
```

Without ``secret=`` the provider's demo credentials are used, which the ``webhook_receiver``
fixture accepts. Every registered provider works (``authhooks.providers.names()``).

For a sender authhooks has no models for, give a [scheme][authhooks.schemes] instead of a
provider: it signs the payload as the sender does, and ``webhook_receiver(scheme=...)`` is an
[`authhooks.Webhook`][authhooks.Webhook] verifying with it:

```python
from authhooks.schemes import StandardWebhooks

SCHEME = StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")


def test_acme(client, send_webhook):
    response = send_webhook(client, "/hooks/acme", scheme=SCHEME,
                            payload={"type": "invoice.paid", "id": "evt_1"})
    assert response.status_code == 204
```

The fixtures are ``signed_webhook`` ([`sign_webhook`][authhooks.pytest_plugin.sign_webhook]),
``send_webhook`` ([`send_webhook`][authhooks.pytest_plugin.send_webhook]) and
``webhook_receiver``
([`make_webhook_receiver`][authhooks.pytest_plugin.make_webhook_receiver]).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import pytest

if TYPE_CHECKING:
    from authhooks.receiver import Receiver
    from authhooks.schemes import Scheme
    from authhooks.signing import Payload, SignedRequest
    from authhooks.webhook import Webhook

__all__ = [
    "make_webhook_receiver",
    "post_webhook",
    "send_webhook",
    "sign_webhook",
    "signed_webhook",
    "webhook_receiver",
]


def sign_webhook(
    provider: str | None = None,
    event: str | None = None,
    *,
    secret: str | None = None,
    payload: Payload | None = None,
    scheme: Scheme | None = None,
    **options: Any,
) -> SignedRequest:
    """A request as ``provider`` (or a sender using ``scheme``) would send it.

    Args:
        provider: a registered provider's name, e.g. ``"userfront"``.
        event: the provider's event name; its shipped sample is the payload. Defaults to the
            provider's demo event.
        secret: the secret your receiver is configured with in tests; ``None``: the demo
            credentials (accepted by ``webhook_receiver``'s receiver).
        payload: a payload to send instead of the sample (a dict or list, or the exact bytes
            or text); required with ``scheme`` and no ``provider``.
        scheme: a [scheme][authhooks.schemes] to sign with instead of the provider's
            credentials (it holds its own secret): for a sender authhooks has no models for,
            or a provider's receiver configured otherwise (``receiver.scheme``).
        **options: passed to the scheme's ``sign`` (``timestamp=``, ``msg_id=``, a token's
            ``signing_key=``...); only with ``scheme``.

    Raises:
        LookupError: an unknown provider, or no sample of ``event``.
        ConfigurationError: the credentials do not suit the provider.
        TypeError: neither ``provider`` nor ``scheme`` given, ``secret`` given with
            ``scheme``, ``scheme`` without a payload to sign, or ``options`` without
            ``scheme``.
    """
    from authhooks import providers
    from authhooks._credentials import Given, make_signer

    if scheme is not None:
        if secret is not None:
            raise TypeError("give secret= or scheme=, not both: the scheme holds its secret")
        if payload is None and provider is None:
            raise TypeError("a scheme has no samples: give payload= (or a provider's name)")
    elif provider is None:
        raise TypeError("give a provider's name, or scheme= for any other sender")
    elif options:
        raise TypeError(f"{', '.join(sorted(options))}: signing options are for scheme=")
    body: Any = payload
    if body is None:
        entry = providers.get(str(provider))
        body = entry.sample(event or entry.demo_event)
    elif isinstance(body, Mapping):
        body = dict(body)
    if scheme is not None:
        return scheme.sign(body, **options)
    given = None if secret is None else Given(secrets=(secret,))
    return make_signer(str(provider), given)(body)


def post_webhook(client: Any, url: str, request: SignedRequest) -> Any:
    """POST ``request`` through a Flask, Django or Starlette/httpx test client; the response.

    The body is sent as the exact bytes, never re-encoded. With Django's ``AsyncClient`` (or
    an ``httpx.AsyncClient``) the result is a coroutine to await.
    """
    module = type(client).__module__.split(".", 1)[0]
    headers = dict(request.headers)
    if module in ("starlette", "fastapi", "httpx"):
        return client.post(url, content=request.body, headers=headers)
    if module in ("flask", "werkzeug"):
        return client.post(url, data=request.body, headers=headers)
    if module == "django":
        content_type = "application/json"
        others: dict[str, str] = {}
        for name, value in headers.items():
            if name.lower() == "content-type":
                content_type = value
            else:
                others[name] = value
        # Client and AsyncClient (whose post returns a coroutine to await) alike.
        return client.post(url, data=request.body, content_type=content_type, headers=others)
    raise TypeError(
        f"post_webhook does not know the test client {type(client).__qualname__}: "
        "pass a Flask, Django or Starlette/FastAPI (httpx) test client, or post "
        "request.body and request.headers yourself"
    )


def send_webhook(
    client: Any,
    url: str,
    provider: str | None = None,
    event: str | None = None,
    *,
    secret: str | None = None,
    payload: Payload | None = None,
    scheme: Scheme | None = None,
    **options: Any,
) -> Any:
    """Sign a request (see [`sign_webhook`][authhooks.pytest_plugin.sign_webhook]) and post it
    through ``client``."""
    request = sign_webhook(
        provider, event, secret=secret, payload=payload, scheme=scheme, **options
    )
    return post_webhook(client, url, request)


@overload
def make_webhook_receiver(
    provider: str, secrets: str | Sequence[str] = (), *, scheme: None = None
) -> Receiver[Any]: ...


@overload
def make_webhook_receiver(
    provider: str = "generic",
    secrets: Sequence[str] = (),
    *,
    scheme: Scheme,
    type_field: str | None = "type",
    id_field: str | None = "id",
) -> Webhook: ...


def make_webhook_receiver(
    provider: str = "generic",
    secrets: str | Sequence[str] = (),
    *,
    scheme: Scheme | None = None,
    type_field: str | None = "type",
    id_field: str | None = "id",
) -> Receiver[Any]:
    """A receiver of ``provider`` accepting ``secrets`` (none: the demo credentials).

    With ``scheme``, an [`authhooks.Webhook`][authhooks.Webhook] verifying with it, whose
    events name ``provider`` (any short name, ``"generic"`` by default) and read their type
    and id from ``type_field`` and ``id_field``.

    Raises:
        LookupError: an unknown provider (without ``scheme``).
        ConfigurationError: the secrets do not suit the provider.
        TypeError: ``secrets`` given with ``scheme`` (the scheme holds its secret).
    """
    if scheme is not None:
        from authhooks.webhook import Webhook

        if secrets:
            raise TypeError("give secrets or scheme=, not both: the scheme holds its secret")
        return Webhook(scheme, provider=provider, type_field=type_field, id_field=id_field)
    from authhooks._credentials import Given, make_receiver

    chosen = (secrets,) if isinstance(secrets, str) else tuple(secrets)
    return make_receiver(provider, Given(secrets=chosen))


@pytest.fixture
def signed_webhook() -> Callable[..., SignedRequest]:
    """The ``signed_webhook`` fixture:
    ``signed_webhook(provider=None, event=None, *, secret=None, payload=None, scheme=None,
    **options)`` -> request.

    The request's ``body`` and ``headers`` work with any client.
    """
    return sign_webhook


@pytest.fixture(name="send_webhook")
def send_webhook_fixture() -> Callable[..., Any]:
    """The ``send_webhook`` fixture: ``send_webhook(client, url, provider=None, event=None, *,
    secret=None, payload=None, scheme=None, **options)``.

    Signs the request and posts it through the Flask, Django or Starlette test ``client``;
    returns the client's response.
    """
    return send_webhook


@pytest.fixture
def webhook_receiver() -> Callable[..., Receiver[Any]]:
    """The ``webhook_receiver`` fixture: ``webhook_receiver(provider, secrets=())`` -> a receiver
    (none: the demo credentials), or ``webhook_receiver(provider="generic", *, scheme=...,
    type_field="type", id_field="id")`` -> an [`authhooks.Webhook`][authhooks.Webhook]."""
    return make_webhook_receiver
