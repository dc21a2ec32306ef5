"""Synchronous hooks (Supabase Auth's) through every adapter, over real servers: the handler's
return value is the answer the provider acts on, a failing handler answers in the provider's
error format, a refused request keeps authhooks' usual refusal."""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

pytest.importorskip("httpx")

from authhooks import ConfigurationError
from authhooks.answers import HTTPAnswer
from authhooks.providers.supabase import HookError, SuccessResponse
from authhooks.samples import load_sample
from tests.integrations._contract import Call, Reply, assert_error, http_call
from tests.integrations.apps._hooks import (
    FAILED,
    NO_EMAIL,
    OWN_ANSWER,
    OWN_STATUS,
    RECEIVER,
    REFUSED_SIGN_UP,
    SECRET,
    delivery,
)
from tests.integrations.apps._shared import USERFRONT
from tests.integrations.conftest import serve
from tests.providers.supabase.test_answers import supabase_reads


@dataclass(frozen=True)
class Served:
    """An app of ``tests/integrations/apps/hooks_*.py`` on a real server, and its routes."""

    kind: str
    target: str
    #: Routes whose handler returns ``_hooks.answer(event)``.
    answering: tuple[str, ...]
    #: Routes whose handler raises.
    raising: tuple[str, ...]
    #: Routes whose handler returns what is not an answer.
    wrong: tuple[str, ...] = ()
    #: Routes whose handler returns a response of the framework.
    own: tuple[str, ...] = ()
    #: Whether a handler returning ``None`` is answered by the adapter (not FastAPI's).
    none_is_204: bool = True
    modules: tuple[str, ...] = ()


_FLASK = {
    "answering": ("/hooks/answer", "/async/answer"),
    "raising": ("/hooks/raise", "/async/raise"),
    "wrong": ("/hooks/wrong",),
    "own": ("/hooks/response",),
    "modules": ("flask",),
}
_DJANGO = {
    "answering": ("/hooks/answer", "/async/answer"),
    "raising": ("/hooks/raise", "/async/raise"),
    "wrong": ("/hooks/wrong", "/async/wrong"),
    "own": ("/hooks/response", "/async/response"),
    "modules": ("django",),
}
SERVED = {
    "flask-waitress": Served("wsgi", "tests.integrations.apps.hooks_flask:app", **_FLASK),
    "flask-gunicorn": Served("gunicorn", "tests.integrations.apps.hooks_flask:app", **_FLASK),
    "django-waitress": Served("wsgi", "tests.integrations.apps.hooks_django:app", **_DJANGO),
    "django-gunicorn": Served("gunicorn", "tests.integrations.apps.hooks_django:app", **_DJANGO),
    "django-uvicorn": Served("asgi", "tests.integrations.apps.hooks_django:asgi", **_DJANGO),
    "starlette-uvicorn": Served(
        "asgi",
        "tests.integrations.apps.hooks_starlette:app",
        answering=("/endpoint/answer", "/endpoint-async/answer", "/middleware/answer"),
        raising=("/endpoint/raise", "/endpoint-async/raise", "/middleware/raise"),
        wrong=("/endpoint/wrong",),
        own=("/endpoint/response",),
        modules=("starlette",),
    ),
    "fastapi-uvicorn": Served(
        "asgi",
        "tests.integrations.apps.hooks_fastapi:app",
        answering=("/plain/answer", "/plain/sync-answer", "/route/answer", "/route/sync-answer"),
        raising=(
            "/plain/raise",
            "/plain/sync-raise",
            "/plain/http-exception",
            "/route/raise",
            "/route/sync-raise",
            "/route/http-exception",
        ),
        own=("/plain/response", "/route/response"),
        none_is_204=False,
        modules=("fastapi",),
    ),
}

_SERVER_MODULES = {"wsgi": "waitress", "gunicorn": "gunicorn", "asgi": "uvicorn"}


@pytest.fixture(scope="module", params=sorted(SERVED))
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Served, Call]]:
    spec = SERVED[request.param]
    for module in (*spec.modules, _SERVER_MODULES[spec.kind]):
        pytest.importorskip(module)
    with serve(spec.kind, spec.target) as url, http_call(url) as call:
        yield spec, call


def expected(answer: Any) -> tuple[int, bytes]:
    """The status and the exact body of ``answer``, as the receiver renders it."""
    rendered = RECEIVER.answer(answer)
    return rendered.status, rendered.content


def as_supabase_reads(reply: Reply) -> tuple[Any, ...]:
    """What Supabase Auth does with ``reply`` (see ``test_answers.supabase_reads``)."""
    content_type = reply.headers.get("content-type")
    headers = {} if content_type is None else {"Content-Type": content_type}
    body = reply.json() if reply.body else None
    return supabase_reads(HTTPAnswer(reply.status, body, headers))


def check_json(reply: Reply, answer: Any) -> None:
    assert (reply.status, reply.body) == expected(answer)
    assert reply.headers["content-type"].split(";")[0] == "application/json"
    # Older Supabase Auth servers refuse an answer of unknown size (chunked).
    assert reply.headers.get("content-length") == str(len(reply.body))


# -- each hook's answer ------------------------------------------------------------------------


def test_custom_access_token_claims(served: tuple[Served, Call]) -> None:
    spec, call = served
    claims = {**load_sample("supabase", "customize-access-token")["claims"], "plan": "pro"}
    for path in spec.answering:
        reply = call(path, *delivery("customize-access-token"))
        check_json(reply, {"claims": claims})
        assert as_supabase_reads(reply) == ("ok", {"claims": claims}), path


def test_an_error_answer(served: tuple[Served, Call]) -> None:
    spec, call = served
    for path in spec.answering:
        reply = call(path, *delivery("send-email"))
        check_json(reply, HookError(429, NO_EMAIL))
        assert as_supabase_reads(reply) == ("error", 429, NO_EMAIL), path


def test_a_refused_sign_up(served: tuple[Served, Call]) -> None:
    spec, call = served
    user = load_sample("supabase", "before-user-created")["user"]
    for path in spec.answering:
        refused = call(path, *delivery("before-user-created"))
        check_json(refused, HookError(403, REFUSED_SIGN_UP))
        assert as_supabase_reads(refused) == ("error", 403, REFUSED_SIGN_UP), path
        welcome = {**user, "email": "ada@example.com"}
        accepted = call(path, *delivery("before-user-created", user=welcome))
        check_json(accepted, SuccessResponse())
        assert as_supabase_reads(accepted) == ("ok", {}), path


def test_other_hooks_answers(served: tuple[Served, Call]) -> None:
    spec, call = served
    for path in spec.answering:
        decision = call(path, *delivery("password-verification"))
        check_json(decision, {"decision": "continue"})
        if spec.none_is_204:  # the handler returns None for an SMS
            sms = call(path, *delivery("send-sms"))
            assert (sms.status, sms.body) == (204, b""), path
            assert "content-type" not in sms.headers, path
            assert as_supabase_reads(sms) == ("ok", None)


def test_a_response_of_the_framework_is_sent_as_it_is(served: tuple[Served, Call]) -> None:
    spec, call = served
    for path in spec.own:
        reply = call(path, *delivery("send-email"))
        assert (reply.status, reply.json()) == (OWN_STATUS, OWN_ANSWER), path


# -- a handler that fails ----------------------------------------------------------------------


def _log_holds(call: Call, *texts: str) -> bool:
    """Whether the server's log holds every one of ``texts`` (within a second)."""
    deadline = time.monotonic() + 1.0
    while True:
        log = call.notes["log"].read_text()
        if all(text in log for text in texts) or time.monotonic() > deadline:
            return all(text in log for text in texts)
        time.sleep(0.05)


def test_a_raising_handler_answers_the_providers_error(served: tuple[Served, Call]) -> None:
    spec, call = served
    for path in spec.raising:
        reply = call(path, *delivery("customize-access-token"))
        check_json(reply, FAILED)
        assert as_supabase_reads(reply) == ("error", 500, "The auth hook failed."), path
        # The exception is logged, never sent.
        assert b"HandlerFailed" not in reply.body
        assert b"customize-access-token" not in reply.body
        assert _log_holds(call, f"webhook handler failed: supabase {path} -> 200"), path
    assert _log_holds(call, "HandlerFailed: the handler of customize-access-token failed")


def test_a_result_that_is_no_answer_is_a_failure(served: tuple[Served, Call]) -> None:
    spec, call = served
    for path in spec.wrong:
        reply = call(path, *delivery("send-email"))
        check_json(reply, FAILED)
        assert _log_holds(call, f"webhook handler failed: supabase {path} -> 200 TypeError")


# -- refused requests keep the usual refusals --------------------------------------------------


def test_a_forged_request_is_refused_as_usual(served: tuple[Served, Call]) -> None:
    spec, call = served
    body, headers = delivery("customize-access-token")
    signature = headers["webhook-signature"]
    forged = {**headers, "webhook-signature": signature[:-6] + "AAAAA="}
    for path in (*spec.answering, *spec.raising):
        # The raising handlers do not run: the refusal is the adapter's, not a failure.
        assert_error(call(path, body, forged), 401, "invalid_signature")
        assert_error(call(path, body.replace(b"}", b" }", 1), headers), 401, "invalid_signature")
        assert_error(call(path, body, {}), 401, "missing_header")


def test_a_malformed_input_is_refused_as_usual(served: tuple[Served, Call]) -> None:
    spec, call = served
    request = RECEIVER.scheme.sign(b"[1, 2]")
    for path in spec.answering:
        assert_error(call(path, request.body, dict(request.headers)), 400)
        assert call(path, method="GET").status == 405


# -- de-duplication is refused for a synchronous hook ------------------------------------------


def _entry_points() -> dict[str, Any]:
    """Each adapter's entry point, as a function of the receiver and the options."""
    points: dict[str, Any] = {}
    if importlib.util.find_spec("flask") is not None:
        from authhooks.flask import webhook as flask_webhook

        points["flask"] = flask_webhook
    if importlib.util.find_spec("django") is not None:
        from authhooks.django import webhook as django_webhook

        points["django"] = django_webhook
    if importlib.util.find_spec("starlette") is not None:
        from authhooks.starlette import WebhookMiddleware, webhook_endpoint

        points["starlette-endpoint"] = lambda r, **o: webhook_endpoint(r, lambda e: None, **o)
        points["starlette-middleware"] = lambda r, **o: WebhookMiddleware(
            lambda s, rc, sn: None, {"/hook": r, "/other": USERFRONT}, **o
        )
    if importlib.util.find_spec("fastapi") is not None:
        from authhooks.fastapi import verified_event

        points["fastapi"] = verified_event
    return points


ENTRY_POINTS = _entry_points()


@pytest.mark.parametrize("adapter", sorted(ENTRY_POINTS))
def test_dedup_is_refused_for_a_synchronous_hook(adapter: str) -> None:
    from authhooks.dedup import MemoryStore

    entry_point = ENTRY_POINTS[adapter]
    with pytest.raises(ConfigurationError, match=r"supabase hooks are synchronous.*duplicate"):
        entry_point(RECEIVER, dedup=MemoryStore())
    entry_point(RECEIVER)  # without a store it is built
    entry_point(USERFRONT, dedup=MemoryStore())  # and a store is for the other providers


def test_dedup_refusal_names_no_secret() -> None:
    from authhooks.dedup import MemoryStore
    from authhooks.integrations._settings import Settings

    with pytest.raises(ConfigurationError) as refused:
        Settings(RECEIVER, dedup=MemoryStore())
    assert SECRET.split("_", 1)[1] not in str(refused.value)


# -- the middleware: the app answers itself ----------------------------------------------------


def test_an_app_failing_after_it_answered_is_left_to_the_server() -> None:
    """Behind the middleware, an exception raised once the app started its answer is the
    server's to handle: a second answer cannot be sent."""
    pytest.importorskip("starlette")
    from starlette.types import Receive, Scope, Send

    from authhooks.starlette import WebhookMiddleware
    from tests.integrations._asgi import call as asgi_call, http_scope

    async def half_answer(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("failed mid-answer")

    async def no_answer(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("failed before answering")

    body, headers = delivery("send-email")
    with pytest.raises(RuntimeError, match="mid-answer"):
        asgi_call(
            WebhookMiddleware(half_answer, {"/hook": RECEIVER}), http_scope("/hook", headers), body
        )
    reply = asgi_call(
        WebhookMiddleware(no_answer, {"/hook": RECEIVER}), http_scope("/hook", headers), body
    )
    assert (reply.status, reply.json()) == (200, FAILED)
    forged = {**headers, "webhook-id": "msg_other"}
    reply = asgi_call(
        WebhookMiddleware(no_answer, {"/hook": RECEIVER}), http_scope("/hook", forged), body
    )
    assert (reply.status, reply.json()) == (401, {"error": "invalid_signature"})


def test_a_base_exception_is_not_an_answer() -> None:
    """Only an ``Exception`` of the handler is answered: a cancellation or an exit goes on."""
    pytest.importorskip("starlette")
    from authhooks.starlette import webhook_endpoint
    from tests.integrations._asgi import call as asgi_call, http_scope

    def leave(event: Any) -> None:
        raise KeyboardInterrupt

    body, headers = delivery("send-email")
    with pytest.raises(KeyboardInterrupt):
        asgi_call(webhook_endpoint(RECEIVER, leave), http_scope("/hook", headers), body)
