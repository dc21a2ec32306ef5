"""``dispatch=`` on every adapter, over HTTP on real servers, into each engine's real broker:
202 only once the job is stored (and the job is read back from the broker), 503 with
``Retry-After`` when the broker does not take it, the view untouched in the web process."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx
import pytest

from authhooks.signing import SignedRequest
from tests.dispatch.conftest import Servers, forged, signed

pytestmark = [pytest.mark.network, pytest.mark.timeout(120)]

#: adapter: (server kind, app, path prefix)
ADAPTERS = {
    "flask": ("wsgi", "flask_app", "/flask"),
    "django": ("wsgi", "django_wsgi", "/django"),
    "django-async": ("asgi", "django_asgi", "/django-async"),
    "starlette-middleware": ("asgi", "starlette_app", "/middleware"),
    "starlette-endpoint": ("asgi", "starlette_app", "/endpoint"),
    "fastapi": ("asgi", "fastapi_app", "/fastapi"),
}
ENGINES = ["celery", "rq", "dramatiq"]
#: The route each adapter reports as the de-duplication scope of ``<prefix>/<engine>``.
ROUTES = {
    "flask": "/flask/{}",
    "django": "django/{}",
    "django-async": "django-async/{}",
    "starlette-middleware": "/middleware/{}",
    "starlette-endpoint": "/endpoint/{}",
    "fastapi": "/fastapi/{}",
}


@pytest.fixture(scope="module")
def urls(servers: Servers) -> Iterator[dict[str, str]]:
    """Each adapter's base URL (every app served once, on waitress or uvicorn)."""
    pytest.importorskip("celery")
    pytest.importorskip("rq")
    pytest.importorskip("dramatiq")
    from tests.integrations.conftest import serve

    with contextlib.ExitStack() as stack:
        served: dict[tuple[str, str], str] = {}
        found: dict[str, str] = {}
        for adapter, (kind, app, prefix) in ADAPTERS.items():
            if (kind, app) not in served:
                target = f"tests.dispatch.apps.adapters:{app}"
                served[kind, app] = stack.enter_context(serve(kind, target, env=servers.env))
            found[adapter] = served[kind, app] + prefix
        yield found


def _post(url: str, request: SignedRequest) -> httpx.Response:
    return httpx.post(url, content=request.body, headers=dict(request.headers), timeout=10)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_a_verified_delivery_is_accepted_once_queued(
    urls: dict[str, str], adapter: str, engine: str
) -> None:
    from tests.dispatch.apps.common import SECRET
    from tests.dispatch.apps.queues import queued

    queued(engine)  # an empty queue
    ids = [f"evt_adapter-{adapter}-{engine}_{n}" for n in range(3)]
    requests = [signed(event_id, created=n == 0) for n, event_id in enumerate(ids)]
    url = f"{urls[adapter]}/{engine}"
    answers = [_post(url, request) for request in requests]
    assert [answer.status_code for answer in answers] == [202, 202, 202]
    assert [answer.json() for answer in answers] == [{"status": "accepted"}] * 3
    assert _post(url, forged(f"evt_adapter-{adapter}-{engine}_forged")).status_code == 401

    deliveries = queued(engine)
    assert sorted(delivery.event_id for delivery in deliveries) == sorted(ids)
    for delivery in deliveries:
        assert delivery.route == ROUTES[adapter].format(engine)
        assert delivery.provider == "authcore"
        event = delivery.parse()  # as a worker does: no secret
        assert event.id == delivery.event_id
        assert event.type in {"user.created", "user.updated"}
        job = delivery.to_json().decode()
        assert SECRET not in job
        for request in requests:  # no signature, no header travels
            assert request.headers["X-Webhook-Signature"] not in job
        assert "X-Webhook-Signature" not in job


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_a_broker_that_refuses_gets_503_and_retry_after(urls: dict[str, str], adapter: str) -> None:
    from tests.dispatch.apps.queues import DOWN_RETRY_AFTER, queued

    queued("rq")
    answer = _post(f"{urls[adapter]}/down", signed(f"evt_down-{adapter}_0"))
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == str(DOWN_RETRY_AFTER)
    assert answer.json() == {"error": "queue_unavailable"}
    assert answer.elapsed.total_seconds() < 2.5
    assert queued("rq") == []


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_inline_runs_the_view_here(urls: dict[str, str], adapter: str) -> None:
    """``Inline()`` is today's behaviour: the view answers (204 here), nothing is queued."""
    from tests.dispatch.apps.queues import queued

    answer = _post(f"{urls[adapter]}/inline", signed(f"evt_inline-{adapter}_0"))
    assert answer.status_code == 204
    assert all(queued(engine) == [] for engine in ENGINES)


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_a_refused_request_is_never_queued(urls: dict[str, str], adapter: str) -> None:
    from tests.dispatch.apps.queues import queued

    request = signed(f"evt_refused-{adapter}_0")
    tampered = _post(f"{urls[adapter]}/rq", SignedRequest(request.body + b" ", request.headers))
    unsigned = httpx.post(f"{urls[adapter]}/rq", content=request.body, timeout=10)
    assert tampered.status_code == 401
    assert unsigned.status_code == 401
    assert queued("rq") == []
