"""A failure answer releases the event through the Flask and Django adapters, on Redis.

Each fail-once route (``tests/integrations/apps/_failures.py``) answers its first delivery of
an event with a failure: a status other than 2xx, or an exception. The provider's retry must
then run the handler again (``{"runs": 2}``), and only once: the delivery after it is a
duplicate. Here the store is a real Redis, in process and shared by real servers.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("flask")
pytest.importorskip("django")
pytest.importorskip("redis")
pytest.importorskip("httpx")
pytest.importorskip("waitress")
pytest.importorskip("gunicorn")
pytest.importorskip("uvicorn")

from authhooks.dedup import RedisStore
from tests.integrations._contract import Call, Reply, check_fail_once, http_call, unique_signed
from tests.integrations.apps._failures import REDIS_SOCKET
from tests.integrations.conftest import serve

from .conftest import RedisServer

FLASK = "tests.integrations.apps.flask_app:app"
DJANGO_WSGI = "tests.integrations.apps.django_app:app"
DJANGO_ASGI = "tests.integrations.apps.django_app:asgi"


def _flask_failures() -> dict[str, int]:
    from tests.integrations.apps.flask_app import FAILURES

    return FAILURES


def _django_failures() -> dict[str, int]:
    from tests.integrations.apps.django_app import FAILURES

    return FAILURES


@pytest.fixture
def redis_store(redis_server: RedisServer, redis_client: Any) -> Iterator[RedisStore]:
    import redis

    client = redis.Redis(unix_socket_path=redis_server.socket, socket_timeout=5)
    yield RedisStore(client)
    client.close()


def flask_client(store: RedisStore) -> Call:
    from tests.integrations.apps.flask_app import create_app

    client = create_app(dedup=store).test_client()

    def send(method: str, path: str, body: bytes, headers: dict[str, str], chunked: bool) -> Reply:
        reply = client.open(path, method=method, data=body, headers=headers)
        return Reply(reply.status_code, dict(reply.headers), reply.data)

    return Call(send, in_process=True)


def django_client(store: RedisStore) -> Call:
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import clear_url_caches, path

    from authhooks.django import webhook
    from tests.integrations.apps import django_app

    urls = types.ModuleType("failure_urls")
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("fail/<str:form>", webhook(django_app.USERFRONT, dedup=store)(django_app.fail_once)),
        path(
            "fail-async/<str:form>",
            webhook(django_app.USERFRONT, dedup=store)(django_app.fail_once_async),
        ),
    ]
    client = Client(raise_request_exception=False)

    def send(method: str, path: str, body: bytes, headers: dict[str, str], chunked: bool) -> Reply:
        headers = dict(headers)
        content_type = headers.pop("Content-Type", "application/json")
        with override_settings(ROOT_URLCONF=urls):
            clear_url_caches()
            reply = client.generic(method, path, body, content_type=content_type, headers=headers)
        clear_url_caches()
        return Reply(reply.status_code, dict(reply.headers), reply.content)

    return Call(send, in_process=True)


@pytest.mark.parametrize("route", ["fail", "fail-async"])
@pytest.mark.parametrize(("form", "status"), sorted(_flask_failures().items()))
def test_flask_test_client(redis_store: RedisStore, route: str, form: str, status: int) -> None:
    check_fail_once(flask_client(redis_store), f"/{route}/{form}", status)


@pytest.mark.parametrize("route", ["fail", "fail-async"])
@pytest.mark.parametrize(
    ("form", "status"),
    # Django's test client raises where a server answers 500 for a view without a response.
    sorted(item for item in _django_failures().items() if item[0] != "not-a-response"),
)
def test_django_test_client(redis_store: RedisStore, route: str, form: str, status: int) -> None:
    check_fail_once(django_client(redis_store), f"/{route}/{form}", status)


#: name -> (server kind, app) for the real servers, each sharing the one Redis.
SERVERS = {
    "flask-waitress": ("wsgi", FLASK),
    "flask-gunicorn": ("gunicorn", FLASK),
    "django-waitress": ("wsgi", DJANGO_WSGI),
    "django-gunicorn": ("gunicorn", DJANGO_WSGI),
    "django-uvicorn": ("asgi", DJANGO_ASGI),
}


@pytest.fixture(scope="module")
def servers(redis_server: RedisServer) -> Iterator[dict[str, Call]]:
    """Every server of :data:`SERVERS`, running until the module's tests end."""
    from contextlib import ExitStack

    environment = {REDIS_SOCKET: redis_server.socket}
    with ExitStack() as stack:
        calls = {
            name: stack.enter_context(http_call(stack.enter_context(serve(*spec, env=environment))))
            for name, spec in SERVERS.items()
        }
        yield calls


def _server_cases() -> list[tuple[str, str, int]]:
    cases = []
    for name in SERVERS:
        failures = _flask_failures() if name.startswith("flask") else _django_failures()
        cases += [(name, form, status) for form, status in sorted(failures.items())]
    return cases


@pytest.mark.network
@pytest.mark.parametrize("route", ["fail", "fail-async"])
@pytest.mark.parametrize(("server", "form", "status"), _server_cases())
def test_over_a_real_server(
    servers: dict[str, Call], redis_client: Any, *, server: str, route: str, form: str, status: int
) -> None:
    check_fail_once(servers[server], f"/{route}/{form}", status)


@pytest.mark.network
@pytest.mark.parametrize(
    ("first", "second", "form", "status"),
    [
        ("flask-waitress", "flask-gunicorn", "tuple", 500),
        ("flask-gunicorn", "flask-waitress", "response", 503),
        ("django-waitress", "django-gunicorn", "server-error", 500),
        ("django-gunicorn", "django-uvicorn", "json-503", 503),
        ("django-uvicorn", "django-waitress", "status-500", 500),
    ],
)
def test_retry_reaches_another_server(
    servers: dict[str, Call], redis_client: Any, *, first: str, second: str, form: str, status: int
) -> None:
    """The failed delivery reached one server, the retry another: one Redis, one run more."""
    path = f"/fail/{form}"
    body, headers = unique_signed()
    assert servers[first](path, body, headers).status == status
    retry = servers[second](path, body, headers)
    assert (retry.status, retry.json()) == (200, {"runs": 2})
    for call in (servers[first], servers[second]):
        again = call(path, body, headers)
        assert (again.status, again.json()) == (200, {"status": "duplicate"})


@pytest.fixture
def unreachable_store(tmp_path: Any) -> Iterator[RedisStore]:
    """A store whose Redis is gone, built to handle events without de-duplication then."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis(unix_socket_path=str(tmp_path / "gone.sock"), retry=Retry(NoBackoff(), 0))
    yield RedisStore(client, on_unavailable="process")
    client.close()


@pytest.mark.parametrize("client", [flask_client, django_client], ids=["flask", "django"])
@pytest.mark.parametrize("route", ["fail", "fail-async"])
def test_failure_answer_passes_through_when_the_store_is_down(
    unreachable_store: RedisStore, client: Any, route: str
) -> None:
    """With ``on_unavailable="process"`` the view runs without de-duplication: its failure
    answer is sent as it is, and the retry runs it again."""
    form = "tuple" if client is flask_client else "status-500"
    call = client(unreachable_store)
    body, headers = unique_signed()
    assert call(f"/{route}/{form}", body, headers).status == 500
    for runs in (2, 3):
        reply = call(f"/{route}/{form}", body, headers)
        assert (reply.status, reply.json()) == (200, {"runs": runs})
