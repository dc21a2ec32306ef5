from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import authhooks
from authhooks.samples import load_sample
from authhooks.signing import SignedRequest
from authhooks.testing import sign_userfront

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_verify_userfront_example() -> None:
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "verify_userfront.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "user.create (user.created) for a@b.c" in out.stdout
    assert "rejected:" in out.stdout


# -- the docs' Python snippets run ---------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _section(page: str, heading: str) -> str:
    text = (DOCS / page).read_text(encoding="utf-8")
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)


def _run(code: str, page: str, namespace: dict[str, Any]) -> None:
    exec(compile(code, str(DOCS / page), "exec"), namespace)  # noqa: S102 (our own docs)


KEY = "uf_docs_test_key_0123456789"
SECRET = "docs-test-secret-0123456789abcdef"
URL = "https://hooks.example.com/hooks"

RECEIVERS: dict[str, Callable[[], Any]] = {
    "userfront": lambda: authhooks.Userfront(api_key=KEY),
    "authcore": lambda: authhooks.AuthCore(secret=SECRET),
    "theauthapi": lambda: authhooks.TheAuthAPI(secret=SECRET),
    "frontegg": lambda: authhooks.Frontegg(secret=SECRET),
}


@pytest.mark.parametrize("provider", [*RECEIVERS, "akamai", "kinde", "fusionauth"])
def test_provider_page_test_snippet_runs_with_flasks_test_client(provider: str) -> None:
    """Each provider page's "Testing your handler" snippet, against a Flask app under test."""
    flask = pytest.importorskip("flask")
    from authhooks.flask import webhook

    page = f"providers/{provider}.md"
    (snippet,) = _python_blocks(_section(page, "Testing your handler"))
    namespace: dict[str, Any] = {"KEY": KEY, "SECRET": SECRET, "URL": URL}
    received: list[authhooks.WebhookEvent] = []

    class Client:
        """``app.test_client()`` of an app verifying with the snippet's ``receiver``, if any."""

        def post(self, path: str, **kwargs: Any) -> Any:
            receiver = namespace.get("receiver") or RECEIVERS[provider]()
            app = flask.Flask(__name__)
            app.add_url_rule(path, "hook", webhook(receiver)(received.append), methods=["POST"])
            return app.test_client().post(path, **kwargs)

    namespace["client"] = Client()
    _run(snippet, page, namespace)
    assert namespace["response"].status_code == 204
    assert [event.provider for event in received] == [provider]


def _routing(calls: list[tuple[str, str]]) -> tuple[dict[str, Any], list[str]]:
    """The routing page's router, run with recording stand-ins, and its adapter snippets."""
    router_code = _python_blocks((DOCS / "routing.md").read_text(encoding="utf-8"))[0]

    class Crm:
        async def update(self, raw: dict[str, Any]) -> None:
            calls.append(("crm", str(raw.get("action"))))

    namespace: dict[str, Any] = {
        "__name__": __name__,  # as in a module of the app: Flask(__name__) finds its root
        "send_welcome_mail": lambda event: calls.append(("welcome", event.type)),
        "erase": lambda uuid: calls.append(("erase", uuid)),
        "crm": Crm(),
    }
    _run(router_code, "routing.md", namespace)
    setup, *adapters = _python_blocks(_section("routing.md", "With the framework adapters"))
    _run(setup, "routing.md", namespace)
    return namespace, adapters


def _deliveries() -> list[tuple[SignedRequest, int]]:
    """A create (sync handler), an update (async handler), and the create again (a duplicate)."""
    create = sign_userfront(load_sample("userfront", "user.create"), api_key=ROUTING_KEY)
    update = sign_userfront(load_sample("userfront", "user.update"), api_key=ROUTING_KEY)
    return [(create, 204), (update, 204), (create, 200)]


#: The key the routing page configures its receiver with.
ROUTING_KEY = "your-webhook-api-key"
ROUTED = [("welcome", "user.create"), ("crm", "update")]


def test_routing_snippet_for_flask_runs() -> None:
    pytest.importorskip("flask")
    calls: list[tuple[str, str]] = []
    namespace, adapters = _routing(calls)
    _run(adapters[0], "routing.md", namespace)
    client = namespace["app"].test_client()
    for request, status in _deliveries():
        response = client.post("/hooks/userfront", data=request.body, headers=request.headers)
        assert response.status_code == status
    assert calls == ROUTED


@pytest.mark.network
@pytest.mark.parametrize(("framework", "index"), [("starlette", 2), ("fastapi", 3)])
def test_routing_snippet_for_asgi_runs_on_uvicorn(framework: str, index: int) -> None:
    pytest.importorskip(framework)
    pytest.importorskip("uvicorn")
    from authhooks.cli._server import BackgroundServer

    calls: list[tuple[str, str]] = []
    namespace, adapters = _routing(calls)
    _run(adapters[index], "routing.md", namespace)
    with BackgroundServer(namespace["app"]) as server:
        for request, status in _deliveries():
            conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
            try:
                conn.request("POST", "/hooks/userfront", request.body, request.headers)
                response = conn.getresponse()
                response.read()
            finally:
                conn.close()
            assert response.status == status
    assert calls == ROUTED


DJANGO_RUNNER = """
import json, sys, types
from django.conf import settings

settings.configure(ROOT_URLCONF="docs_urls", ALLOWED_HOSTS=["testserver"], SECRET_KEY="x" * 50)
import django

django.setup()
namespace = json.loads(sys.stdin.read())
calls = []
scope = {"send_welcome_mail": lambda e: calls.append(["welcome", e.type]),
         "erase": lambda u: calls.append(["erase", u])}
class Crm:
    async def update(self, raw):
        calls.append(["crm", raw.get("action")])
scope["crm"] = Crm()
for code in namespace["code"]:
    exec(code, scope)
urls = types.ModuleType("docs_urls")
urls.urlpatterns = scope["urlpatterns"]
sys.modules["docs_urls"] = urls
from django.test import Client

client = Client()
statuses = []
for body, headers in namespace["requests"]:
    extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()
             if k.lower() != "content-type"}
    response = client.post("/hooks/userfront", data=body.encode(),
                           content_type=headers.get("Content-Type", "application/json"), **extra)
    statuses.append(response.status_code)
print(json.dumps({"statuses": statuses, "calls": calls}))
"""


@pytest.mark.slow
def test_routing_snippet_for_django_runs() -> None:
    pytest.importorskip("django")
    calls: list[tuple[str, str]] = []
    _namespace, adapters = _routing(calls)
    router_code = _python_blocks((DOCS / "routing.md").read_text(encoding="utf-8"))[0]
    setup = _python_blocks(_section("routing.md", "With the framework adapters"))[0]
    deliveries = _deliveries()
    job = {
        "code": [router_code, setup, adapters[1]],
        "requests": [[r.body.decode(), r.headers] for r, _ in deliveries],
    }
    done = subprocess.run(
        [sys.executable, "-c", DJANGO_RUNNER],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["statuses"] == [status for _, status in deliveries]
    assert [tuple(call) for call in result["calls"]] == ROUTED


# -- the API reference renders: Markdown cross-references, examples that are code ----------------

SRC = Path(__file__).resolve().parent.parent / "src" / "authhooks"


def test_docstrings_use_markdown_cross_references_and_fenced_examples() -> None:
    """Sphinx roles and doctest markers render raw in the mkdocs reference."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r":(class|func|meth|data|mod|attr|exc|obj):`", line) or (
                "doctest:" in line or line.strip().startswith(">>>")
            ):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert found == []


def test_reference_names_the_pytest_fixtures() -> None:
    reference = (DOCS / "reference.md").read_text(encoding="utf-8")
    for fixture in ("signed_webhook", "send_webhook", "webhook_receiver"):
        assert f"### `{fixture}` fixture" in reference
    assert "::: authhooks.Receiver" in reference
