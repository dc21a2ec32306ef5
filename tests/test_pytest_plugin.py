from __future__ import annotations

import re

import pytest

from authhooks import providers
from authhooks.pytest_plugin import post_webhook, sign_webhook

# A handler written the way a user writes one, shared by the framework apps below.
RECEIVER = """
from authhooks import Userfront, WebhookError

receiver = Userfront(api_key="uf_test_key")
seen = []


def handle(body, headers):
    try:
        event = receiver.verify(body, headers)
    except WebhookError as exc:
        return 401, exc.reason
    seen.append(event)
    return 204, ""
"""


def test_fixtures_come_from_the_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_demo_credentials(signed_webhook, webhook_receiver):
            request = signed_webhook("userfront", "tenant.create")
            event = webhook_receiver("userfront").verify(request.body, request.headers)
            assert event.type == "tenant.create"

        def test_own_secret_and_payload(signed_webhook, webhook_receiver):
            payload = {"model": "user", "action": "delete", "record": {"userId": 7}}
            request = signed_webhook("userfront", secret="k1", payload=payload)
            event = webhook_receiver("userfront", ["k0", "k1"]).verify(
                request.body, request.headers
            )
            assert (event.type, event.record.user_id) == ("user.delete", 7)
        """
    )
    pytester.runpytest_subprocess("-p", "authhooks").assert_outcomes(passed=2)
    pytester.runpytest_subprocess().assert_outcomes(passed=2)
    result = pytester.runpytest_subprocess("-p", "no:authhooks")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*fixture 'signed_webhook' not found*"])


def test_starlette_test_client(pytester: pytest.Pytester) -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    pytester.makepyfile(
        RECEIVER
        + """
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient


async def endpoint(request):
    status, reason = handle(await request.body(), request.headers)
    return Response(reason, status_code=status)


client = TestClient(Starlette(routes=[Route("/hooks/userfront", endpoint, methods=["POST"])]))


def test_accepted(send_webhook):
    response = send_webhook(client, "/hooks/userfront", "userfront", "user.update",
                            secret="uf_test_key")
    assert response.status_code == 204
    assert seen[-1].kind == "user.updated"


def test_forged(send_webhook):
    response = send_webhook(client, "/hooks/userfront", "userfront", "user.update",
                            secret="forged")
    assert (response.status_code, response.text) == (401, "invalid_signature")
"""
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=2)


def test_flask_test_client(pytester: pytest.Pytester) -> None:
    pytest.importorskip("flask")
    pytester.makepyfile(
        RECEIVER
        + """
from flask import Flask, request

app = Flask(__name__)


@app.post("/hooks/userfront")
def hook():
    status, reason = handle(request.get_data(), request.headers)
    return reason, status


def test_accepted(send_webhook):
    response = send_webhook(app.test_client(), "/hooks/userfront", "userfront",
                            "tenant.delete", secret="uf_test_key")
    assert response.status_code == 204
    assert seen[-1].kind == "tenant.deleted"


def test_forged(signed_webhook):
    from authhooks.pytest_plugin import post_webhook

    request = signed_webhook("userfront", "tenant.delete", secret="forged")
    response = post_webhook(app.test_client(), "/hooks/userfront", request)
    assert response.status_code == 401
"""
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=2)


def test_django_test_client(pytester: pytest.Pytester) -> None:
    pytest.importorskip("django")
    pytester.makepyfile(
        RECEIVER
        + """
import django
from django.conf import settings

settings.configure(
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["testserver"],
    SECRET_KEY="tests-only",
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
django.setup()

from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def hook(request):
    status, reason = handle(request.body, request.headers)
    return HttpResponse(reason, status=status)


urlpatterns = [path("hooks/userfront", hook)]


def test_accepted(send_webhook):
    response = send_webhook(Client(), "/hooks/userfront", "userfront", "user.create",
                            secret="uf_test_key")
    assert response.status_code == 204
    assert seen[-1].record.email == "ada@example.com"


def test_forged(send_webhook):
    response = send_webhook(Client(), "/hooks/userfront", "userfront", "user.create")
    assert (response.status_code, response.content) == (401, b"invalid_signature")


def test_async_client(send_webhook):
    import asyncio

    from django.test import AsyncClient

    pending = send_webhook(AsyncClient(), "/hooks/userfront", "userfront", "user.delete",
                           secret="uf_test_key")
    response = asyncio.run(pending)
    assert response.status_code == 204
    assert seen[-1].kind == "user.deleted"
"""
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=3)


def test_sign_webhook_defaults_to_the_demo_event() -> None:
    from authhooks._demo import demo_providers
    from authhooks.batch import events_of

    for demo in demo_providers():
        request = sign_webhook(demo.name)
        verified = demo.make_receiver().verify(request.body, request.headers)
        # A sender of batches (Okta, Auth0): the demo sample is a delivery of that one event.
        assert [event.type for event in events_of(verified)] == [demo.event]


def test_unknown_provider_and_client() -> None:
    with pytest.raises(LookupError, match="unknown provider 'nobody'"):
        sign_webhook("nobody")
    request = sign_webhook("userfront", "user.create")
    with pytest.raises(TypeError, match="does not know the test client object"):
        post_webhook(object(), "/", request)


def test_the_documented_example_passes(pytester: pytest.Pytester) -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "testing.md").read_text()
    blocks = re.findall(r"```python\n# (\w+\.py)\n(.*?)```", page, re.DOTALL)
    assert [name for name, _ in blocks] == ["app.py", "test_app.py"]
    for name, code in blocks:
        pytester.makepyfile(**{name[:-3]: code})
    pytester.runpytest_subprocess().assert_outcomes(passed=3)


# -- every registered provider, through the registry ---------------------------------------------


def _secret_providers() -> list[str]:
    from authhooks import providers

    return [p.name for p in providers.all() if p.credentials == "secret"]


@pytest.mark.parametrize("provider", _secret_providers())
def test_every_secret_provider_signs_with_the_given_secret(provider: str) -> None:
    from authhooks import WebhookError
    from authhooks.pytest_plugin import make_webhook_receiver

    entry = providers.get(provider)
    # Secrets in the provider's own format (a Standard Webhooks sender's are whsec_ base64).
    secret, other = entry.forged_secret, entry.demo_secret
    assert secret is not None
    assert other is not None
    request = sign_webhook(provider, secret=secret)
    receiver = make_webhook_receiver(provider, [other, secret])
    assert receiver.verify(request.body, request.headers).provider == provider
    with pytest.raises(WebhookError):
        make_webhook_receiver(provider, other).verify(request.body, request.headers)
    with pytest.raises(WebhookError):  # the demo credentials are not the given secret
        make_webhook_receiver(provider).verify(request.body, request.headers)


# -- any sender: a scheme instead of a provider ---------------------------------------------------

GENERIC = """
import pytest

from authhooks import TimestampError, Webhook, WebhookError
from authhooks.schemes import BodyHmac, Jwt, StandardWebhooks, StaticSecret, TimestampedHmac

SECRET = "acme_signing_secret_0123456789abcdef"
SCHEMES = {
    "static-secret": StaticSecret(SECRET, header="X-Acme-Secret", auth_scheme=None),
    "body-hmac": BodyHmac(SECRET, header="X-Acme-Signature", prefix="sha256="),
    "timestamped-hmac": TimestampedHmac(SECRET, header="Acme-Signature", timestamp_unit="ms"),
    "standard-webhooks": StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    "jwt-header": Jwt(SECRET, algorithms=["HS256"], header="X-Acme-Token"),
    "jwt-body-digest": Jwt(SECRET, algorithms=["HS256"], placement="body_digest",
                           header="X-Acme-Token"),
}
OTHERS = {
    "static-secret": StaticSecret("other", header="X-Acme-Secret", auth_scheme=None),
    "body-hmac": BodyHmac("other", header="X-Acme-Signature", prefix="sha256="),
    "timestamped-hmac": TimestampedHmac("other", header="Acme-Signature", timestamp_unit="ms"),
    "standard-webhooks": StandardWebhooks("whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA=="),
    "jwt-header": Jwt("other_secret_0123456789abcdef0123", algorithms=["HS256"],
                      header="X-Acme-Token"),
    "jwt-body-digest": Jwt("other_secret_0123456789abcdef0123", algorithms=["HS256"],
                           placement="body_digest", header="X-Acme-Token"),
}
PAYLOAD = {"kind": "invoice.paid", "event_id": "evt_42", "data": {"amount": 5}}


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_signed_and_received(name, signed_webhook, webhook_receiver):
    scheme = SCHEMES[name]
    request = signed_webhook(scheme=scheme, payload=PAYLOAD)
    receiver = webhook_receiver("acme", scheme=scheme, type_field="kind", id_field="event_id")
    assert isinstance(receiver, Webhook)
    event = receiver.verify(request.body, request.headers)
    assert (event.provider, event.type, event.raw) == ("acme", "invoice.paid", PAYLOAD)
    forged = signed_webhook(scheme=OTHERS[name], payload=PAYLOAD)
    with pytest.raises(WebhookError):
        receiver.verify(forged.body, forged.headers)


def test_the_default_provider_is_generic(signed_webhook, webhook_receiver):
    scheme = SCHEMES["body-hmac"]
    request = signed_webhook(scheme=scheme, payload={"type": "ping", "id": "1"})
    event = webhook_receiver(scheme=scheme).verify(request.body, request.headers)
    assert (event.provider, event.type, event.id) == ("generic", "ping", "1")


def test_a_token_body_signed_with_a_private_key(signed_webhook, webhook_receiver):
    from cryptography.hazmat.primitives.asymmetric import ec

    from authhooks import ConfigurationError

    key = ec.generate_private_key(ec.SECP256R1())
    scheme = Jwt(key.public_key(), algorithms=["ES256"], placement="body")
    claims = {"type": "user.created", "sub": "u1"}
    with pytest.raises(ConfigurationError, match="signing_key"):
        signed_webhook(scheme=scheme, payload=claims)
    request = signed_webhook(scheme=scheme, payload=claims, signing_key=key, kid="k1")
    event = webhook_receiver("kindish", scheme=scheme).verify(request.body, request.headers)
    assert (event.provider, event.type, event.raw["sub"]) == ("kindish", "user.created", "u1")


def test_signing_options_reach_the_scheme(signed_webhook, webhook_receiver):
    import time

    scheme = SCHEMES["standard-webhooks"]
    old = int(time.time()) - 3600
    request = signed_webhook(scheme=scheme, payload=PAYLOAD, msg_id="msg_fixed", timestamp=old)
    assert request.headers["webhook-id"] == "msg_fixed"
    with pytest.raises(TimestampError):
        webhook_receiver(scheme=scheme).verify(request.body, request.headers)
"""


def test_generic_fixtures_sign_and_receive_with_every_scheme(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(GENERIC)
    pytester.runpytest_subprocess().assert_outcomes(passed=9)


GENERIC_APPS = """
from authhooks import Webhook
from authhooks.schemes import StandardWebhooks

SCHEME = StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", header_prefix="svix-")
FORGED = StandardWebhooks("whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==", header_prefix="svix-")
receiver = Webhook(SCHEME, provider="acme")
seen = []
"""


def test_send_webhook_with_a_scheme_through_the_adapters(pytester: pytest.Pytester) -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    pytest.importorskip("flask")
    pytester.makepyfile(
        GENERIC_APPS
        + """
from flask import Flask
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from authhooks.flask import webhook
from authhooks.starlette import webhook_endpoint

starlette_client = TestClient(
    Starlette(routes=[Route("/hooks/acme", webhook_endpoint(receiver, seen.append))])
)
flask_app = Flask(__name__)


@flask_app.post("/hooks/acme")
@webhook(receiver)
def acme(event):
    seen.append(event)


def test_starlette(send_webhook):
    response = send_webhook(starlette_client, "/hooks/acme", scheme=SCHEME,
                            payload={"type": "invoice.paid", "id": "evt_1"})
    assert response.status_code == 204
    assert (seen[-1].provider, seen[-1].type) == ("acme", "invoice.paid")
    assert seen[-1].id.startswith("msg_")  # the scheme's delivery id


def test_flask(send_webhook):
    client = flask_app.test_client()
    response = send_webhook(client, "/hooks/acme", scheme=SCHEME, payload={"type": "a.b"},
                            msg_id="msg_flask")
    assert response.status_code == 204
    assert (seen[-1].type, seen[-1].id) == ("a.b", "msg_flask")


def test_forged(send_webhook):
    for client in (starlette_client, flask_app.test_client()):
        response = send_webhook(client, "/hooks/acme", scheme=FORGED, payload={"type": "x"})
        assert response.status_code == 401


def test_misuse(signed_webhook):
    import pytest

    with pytest.raises(TypeError, match="provider's name, or scheme="):
        signed_webhook(payload={"type": "x"})
    with pytest.raises(TypeError, match="not both"):
        signed_webhook(scheme=SCHEME, secret="s", payload={"type": "x"})
    with pytest.raises(TypeError, match="no samples"):
        signed_webhook(scheme=SCHEME)
    with pytest.raises(TypeError, match="signing options are for scheme="):
        signed_webhook("userfront", timestamp=1)


def test_a_providers_sample_signed_by_a_scheme(signed_webhook):
    from authhooks import AuthCore
    from authhooks.schemes import Scheme

    plain = AuthCore("ac_test_secret_0123456789", forms=("plain",))
    request = signed_webhook("authcore", "user.deleted", scheme=plain.scheme, form="plain")
    assert plain.verify(request.body, request.headers).type == "user.deleted"
    assert isinstance(plain.scheme, Scheme)
"""
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=5)


def test_the_documented_scheme_example_passes(pytester: pytest.Pytester) -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "testing.md").read_text()
    section = page.split("## Any sender: a scheme instead of a provider", 1)[1]
    code = re.findall(r"```python\n(.*?)```", section, re.DOTALL)[0]
    pytester.makeconftest(
        """
import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from authhooks import Webhook
from authhooks.schemes import StandardWebhooks
from authhooks.starlette import webhook_endpoint

ACME = StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", header_prefix="svix-")
events = []


@pytest.fixture
def client():
    endpoint = webhook_endpoint(Webhook(ACME, provider="acme"), events.append)
    return TestClient(Starlette(routes=[Route("/hooks/acme", endpoint)]))
"""
    )
    pytester.makepyfile(test_acme=code)
    pytester.runpytest_subprocess().assert_outcomes(passed=2)
