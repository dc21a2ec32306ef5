from __future__ import annotations

import http.client
import json
import logging
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
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
    snippet = _python_blocks(_section(page, "Testing your handler"))[0]
    if "\ndef test_" in snippet:
        # A complete program: its own Flask app and tests, run as pytest would run them.
        module: dict[str, Any] = {"__name__": __name__}
        _run(snippet, page, module)
        tests = [test for name, test in module.items() if name.startswith("test_")]
        assert tests
        for test in tests:
            test()
        return
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


class _Recorder(logging.Handler):
    """Records what the routing page's handlers log."""

    def __init__(self, calls: list[str]) -> None:
        super().__init__(logging.INFO)
        self.calls = calls

    def emit(self, record: logging.LogRecord) -> None:
        self.calls.append(record.getMessage())


@pytest.fixture
def routed() -> Iterator[list[str]]:
    """The messages the routing page's handlers log on ``myapp.hooks``."""
    calls: list[str] = []
    logger = logging.getLogger("myapp.hooks")
    handler = _Recorder(calls)
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield calls
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _routing() -> tuple[dict[str, Any], list[str]]:
    """The routing page's router, and its adapter snippets."""
    router_code = _python_blocks((DOCS / "routing.md").read_text(encoding="utf-8"))[0]
    # As in a module of the app: Flask(__name__) finds its root.
    namespace: dict[str, Any] = {"__name__": __name__}
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
ROUTED = ["welcome: userfront user.create", "sync: userfront user.update"]


def test_routing_snippet_for_flask_runs(routed: list[str]) -> None:
    pytest.importorskip("flask")
    namespace, adapters = _routing()
    _run(adapters[0], "routing.md", namespace)
    client = namespace["app"].test_client()
    for request, status in _deliveries():
        response = client.post("/hooks/userfront", data=request.body, headers=request.headers)
        assert response.status_code == status
    assert routed == ROUTED


@pytest.mark.network
@pytest.mark.parametrize(("framework", "index"), [("starlette", 2), ("fastapi", 3)])
def test_routing_snippet_for_asgi_runs_on_uvicorn(
    framework: str, index: int, routed: list[str]
) -> None:
    pytest.importorskip(framework)
    pytest.importorskip("uvicorn")
    from authhooks.cli._server import BackgroundServer

    namespace, adapters = _routing()
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
    assert routed == ROUTED


DJANGO_RUNNER = """
import json, sys, types
from django.conf import settings

settings.configure(ROOT_URLCONF="docs_urls", ALLOWED_HOSTS=["testserver"], SECRET_KEY="x" * 50)
import django

django.setup()
import logging
namespace = json.loads(sys.stdin.read())
calls = []
class Recorder(logging.Handler):
    def emit(self, record):
        calls.append(record.getMessage())
logging.getLogger("myapp.hooks").addHandler(Recorder())
logging.getLogger("myapp.hooks").setLevel(logging.INFO)
scope = {}
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
    _namespace, adapters = _routing()
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
    assert result["calls"] == ROUTED


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


# -- a provider written outside authhooks (examples/acme_provider) -------------------------------

ACME_SECRET = "acme-test-signing-secret"
ACME_NOW = 1_714_642_300


@pytest.fixture
def acme(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The example package, imported as a user's project imports it."""
    import importlib

    monkeypatch.syspath_prepend(str(EXAMPLES))
    return importlib.import_module("acme_provider")


def _acme_sample(name: str) -> dict[str, Any]:
    path = EXAMPLES / "acme_provider" / "samples" / f"{name}.json"
    sample: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return sample


def test_acme_verifies_its_samples_into_typed_events(acme: Any) -> None:
    receiver = acme.Acme(ACME_SECRET, clock=lambda: ACME_NOW)
    request = receiver.scheme.sign(_acme_sample("user.created"))
    event = receiver.verify(request.body, request.headers)
    assert type(event) is acme.UserCreated
    assert (event.provider, event.type, event.kind) == ("acme", "user.created", "user.created")
    assert event.id == "evt_01HF3Z9Q0Y4W8K2M5N7P"
    assert event.occurred_at is not None
    assert event.occurred_at.isoformat() == ("2024-05-02T09:30:00+00:00")
    assert event.data.email == "ada@example.com"
    request = receiver.scheme.sign(_acme_sample("organization.member_added"))
    event = receiver.verify(request.body, request.headers)
    assert type(event) is acme.MemberAdded
    assert (event.kind, event.data.role) == ("tenant.member_added", "admin")
    assert acme.PARSER.kinds()["organization.member_added"] == "tenant.member_added"


def test_acme_unknown_types_parse_into_its_generic_event(acme: Any) -> None:
    receiver = acme.Acme(ACME_SECRET, clock=lambda: ACME_NOW)
    payload = {"id": "evt_9", "type": "invoice.paid", "data": {"amount": 42}}
    request = receiver.scheme.sign(payload)
    event = receiver.verify(request.body, request.headers)
    assert type(event) is acme.AcmeGenericEvent
    assert (event.type, event.kind, event.id, event.raw) == ("invoice.paid", None, "evt_9", payload)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"id": "e", "type": "user.created", "data": {"email": "a@b.c"}}, "data.id"),
        ({"id": "e", "type": "user.created"}, "data"),
        ({"type": "user.deleted", "data": {"id": "u"}}, "id"),
        ({"id": "e", "type": "organization.member_added", "data": {"user_id": "u"}}, None),
    ],
)
def test_acme_invalid_known_events_are_payload_errors(
    acme: Any, payload: dict[str, Any], field: str | None
) -> None:
    receiver = acme.Acme(ACME_SECRET, clock=lambda: ACME_NOW)
    request = receiver.scheme.sign(payload)
    with pytest.raises(authhooks.PayloadError) as caught:
        receiver.verify(request.body, request.headers)
    assert caught.value.raw == payload
    if field is not None:
        assert caught.value.field == field


def test_acme_refuses_forged_stale_and_test_mode_requests(acme: Any) -> None:
    receiver = acme.Acme(ACME_SECRET, clock=lambda: ACME_NOW, live_only=True)
    sample = _acme_sample("user.created")
    forged = acme.Acme("another-secret", clock=lambda: ACME_NOW).scheme.sign(sample)
    with pytest.raises(authhooks.InvalidSignatureError):
        receiver.verify(forged.body, forged.headers)
    stale = receiver.scheme.sign(sample, timestamp=ACME_NOW - 301)
    with pytest.raises(authhooks.TimestampError):
        receiver.verify(stale.body, stale.headers)
    test_mode = receiver.scheme.sign({**sample, "livemode": False})
    with pytest.raises(authhooks.PayloadError) as caught:
        receiver.verify(test_mode.body, test_mode.headers)
    assert caught.value.field == "livemode"
    rotated = acme.Acme(["old-secret", ACME_SECRET], clock=lambda: ACME_NOW)
    for secret in ("old-secret", ACME_SECRET):
        request = rotated.scheme.sign(sample, secret=secret)
        assert rotated.verify(request.body, request.headers).id == sample["id"]


def test_acme_stored_deliveries_parse_again(acme: Any) -> None:
    receiver = acme.Acme(ACME_SECRET, clock=lambda: ACME_NOW)
    request = receiver.scheme.sign(_acme_sample("user.created"))
    event = receiver.verify(request.body, request.headers)
    assert receiver.parse(request.body) == event


def test_acme_routes_by_kind_and_by_provider_qualified_type(acme: Any) -> None:
    receiver = acme.Acme(ACME_SECRET, clock=lambda: ACME_NOW)
    router = authhooks.Router()
    seen: list[str] = []
    router.on("user.created")(lambda event: seen.append(f"kind {event.id}"))
    router.on("acme:invoice.paid")(lambda event: seen.append(f"type {event.id}"))
    for payload in (_acme_sample("user.created"), {"id": "e2", "type": "invoice.paid", "data": {}}):
        request = receiver.scheme.sign(payload)
        router(receiver.verify(request.body, request.headers))
    assert seen == ["kind evt_01HF3Z9Q0Y4W8K2M5N7P", "type e2"]
    with pytest.raises(authhooks.ConfigurationError):
        router.on("invoice.paid")


def test_acme_works_in_the_flask_adapter(acme: Any) -> None:
    flask = pytest.importorskip("flask")
    from authhooks.flask import webhook

    receiver = acme.Acme(ACME_SECRET)
    received: list[authhooks.WebhookEvent] = []
    app = flask.Flask(__name__)
    app.add_url_rule("/hooks/acme", "acme", webhook(receiver)(received.append), methods=["POST"])
    client = app.test_client()
    request = receiver.scheme.sign(_acme_sample("user.created"))
    assert client.post("/hooks/acme", data=request.body, headers=request.headers).status_code == 204
    forged = acme.Acme("another-secret").scheme.sign(_acme_sample("user.created"))
    assert client.post("/hooks/acme", data=forged.body, headers=forged.headers).status_code == 401
    assert [type(event) for event in received] == [acme.UserCreated]


def test_acme_works_in_the_starlette_endpoint(acme: Any) -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from authhooks.starlette import webhook_endpoint

    receiver = acme.Acme(ACME_SECRET)
    received: list[authhooks.WebhookEvent] = []
    endpoint = webhook_endpoint(receiver, received.append)
    app = Starlette(routes=[Route("/hooks/acme", endpoint, methods=["POST"])])
    with TestClient(app) as client:
        request = receiver.scheme.sign(_acme_sample("organization.member_added"))
        response = client.post("/hooks/acme", content=request.body, headers=request.headers)
    assert response.status_code == 204
    assert [event.kind for event in received] == ["tenant.member_added"]
