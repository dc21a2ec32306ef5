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
fixture accepts.

The fixtures are ``signed_webhook`` ([`sign_webhook`][authhooks.pytest_plugin.sign_webhook]),
``send_webhook`` ([`send_webhook`][authhooks.pytest_plugin.send_webhook]) and
``webhook_receiver``
([`make_webhook_receiver`][authhooks.pytest_plugin.make_webhook_receiver]).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from authhooks.receiver import Receiver
    from authhooks.signing import SignedRequest

__all__ = [
    "post_webhook",
    "send_webhook",
    "sign_webhook",
    "signed_webhook",
    "webhook_receiver",
]


def sign_webhook(
    provider: str,
    event: str | None = None,
    *,
    secret: str | None = None,
    payload: Mapping[str, Any] | bytes | str | None = None,
) -> SignedRequest:
    """A request as ``provider`` would send it, signed with ``secret``.

    Args:
        provider: the provider's ``provider`` string, e.g. ``"userfront"``.
        event: the provider's event name; its shipped sample is the payload. Defaults to the
            provider's demo event.
        secret: the secret your receiver is configured with in tests; ``None``: the demo
            credentials (accepted by ``webhook_receiver``'s receiver).
        payload: a payload to send instead of the sample (a dict, or the exact bytes).
    """
    from authhooks._credentials import Given, demo_provider, make_signer
    from authhooks.samples import load_sample

    body: Any = payload
    if body is None:
        body = load_sample(provider, event or demo_provider(provider).event)
    elif isinstance(body, Mapping):
        body = dict(body)
    given = None if secret is None else Given(secrets=(secret,))
    return make_signer(provider, given)(body)


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
    provider: str,
    event: str | None = None,
    *,
    secret: str | None = None,
    payload: Mapping[str, Any] | bytes | str | None = None,
) -> Any:
    """Sign a request (see [`sign_webhook`][authhooks.pytest_plugin.sign_webhook]) and post it
    through ``client``."""
    request = sign_webhook(provider, event, secret=secret, payload=payload)
    return post_webhook(client, url, request)


def make_webhook_receiver(provider: str, secrets: str | Sequence[str] = ()) -> Receiver[Any]:
    """A receiver of ``provider`` accepting ``secrets`` (none: the demo credentials)."""
    from authhooks._credentials import Given, make_receiver

    chosen = (secrets,) if isinstance(secrets, str) else tuple(secrets)
    return make_receiver(provider, Given(secrets=chosen))


@pytest.fixture
def signed_webhook() -> Callable[..., SignedRequest]:
    """The ``signed_webhook`` fixture:
    ``signed_webhook(provider, event=None, *, secret=None, payload=None)`` -> request.

    The request's ``body`` and ``headers`` work with any client.
    """
    return sign_webhook


@pytest.fixture(name="send_webhook")
def send_webhook_fixture() -> Callable[..., Any]:
    """The ``send_webhook`` fixture:
    ``send_webhook(client, url, provider, event=None, *, secret=None, payload=None)``.

    Signs the request and posts it through the Flask, Django or Starlette test ``client``;
    returns the client's response.
    """
    return send_webhook


@pytest.fixture
def webhook_receiver() -> Callable[..., Receiver[Any]]:
    """The ``webhook_receiver`` fixture: ``webhook_receiver(provider, secrets=())`` -> a receiver
    (none: the demo credentials)."""
    return make_webhook_receiver
