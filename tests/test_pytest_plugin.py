from __future__ import annotations

import re

import pytest

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

    for demo in demo_providers():
        request = sign_webhook(demo.name)
        event = demo.make_receiver().verify(request.body, request.headers)
        assert event.type == demo.event


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
