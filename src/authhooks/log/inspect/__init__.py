"""``authhooks inspect``: a small local web page over the delivery log.

[`create_app`][authhooks.log.inspect.create_app] builds the Starlette app (install
``authhooks[inspect]``): the deliveries as a filterable table; each delivery's timeline,
headers (secrets redacted), body, parsed event and diagnosis; a replay button when a
[`Replayer`][authhooks.log.Replayer] is given. No JavaScript: plain HTML forms.

It is meant for 127.0.0.1. Every value is HTML-escaped (bodies are hostile input), the page
forbids scripts and framing (``Content-Security-Policy``), answers only requests addressed
to a loopback name or the hosts given (a DNS-rebinding defence), and a replay needs the
page's own token (a cross-site request defence).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

try:
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route
    from starlette.types import ASGIApp, Message, Receive, Scope, Send
except ImportError as exc:  # pragma: no cover (the extra is installed in the tests)
    raise ImportError(
        "authhooks.log.inspect needs Starlette: install authhooks[inspect] "
        "(pip install 'authhooks[inspect]')"
    ) from exc

from authhooks.log._record import OUTCOMES, Query
from authhooks.log.inspect._pages import SINCE, STYLE, detail_page, list_page

if TYPE_CHECKING:
    from authhooks.log import DeliveryLog, Replayer

__all__ = ["LOOPBACK_HOSTS", "create_app"]

#: The host names the page answers by default.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

_PAGE = 100
_FORM_LIMIT = 4096
_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    # Not "no-referrer": a browser then sends "Origin: null" with the replay form, which the
    # cross-site check refuses. The address stays on this page's own origin all the same.
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}
_REPLAY_MESSAGES = {
    "handled": "Replayed: the handler ran and finished.",
    "failed": "Replayed: the handler failed (see the error).",
    "duplicate": (
        "Not replayed: the event was handled before (tick \u201ceven if already handled\u201d)."
    ),
    "accepted": "Replayed: handed to the queue.",
}


def create_app(
    log: DeliveryLog,
    *,
    replayer: Replayer | None = None,
    hosts: Iterable[str] = (),
) -> Any:
    """The page over ``log``, as an ASGI app.

    Args:
        log: the delivery log.
        replayer: runs the replays of the replay button (none: the button is off).
        hosts: host names the page answers besides the loopback ones.
    """
    allowed = LOOPBACK_HOSTS | {h.lower().strip("[]") for h in hosts}
    token = secrets.token_urlsafe(32)

    async def deliveries(request: Request) -> Response:
        params = request.query_params
        filters = {
            k: params.get(k, "")[:255]
            for k in ("provider", "outcome", "since", "route", "event_id")
        }
        span = SINCE.get(filters["since"])
        query = Query(
            provider=filters["provider"] or None,
            outcomes=(filters["outcome"],) if filters["outcome"] in OUTCOMES else (),
            since=None if span is None else time.time() - span,
            route=filters["route"] or None,
            event_id=filters["event_id"] or None,
            before=params.get("before") or None,
            limit=_PAGE,
        )

        def read() -> tuple[Any, list[str]]:
            store = log.store
            return log.find(query), [] if store is None else store.providers()

        records, providers = await run_in_threadpool(read)
        html = list_page(_root(request), records, filters, providers, more=len(records) == _PAGE)
        return Response(html, media_type="text/html; charset=utf-8")

    async def delivery(request: Request) -> Response:
        record_id = request.path_params["record_id"]
        record = await run_in_threadpool(log.get, record_id)
        if record is None:
            return PlainTextResponse("no such delivery", status_code=404)
        replays = await run_in_threadpool(log.find, Query(replay_of=record.id, limit=20))
        if replayer is None:
            why: str | None = "Start the page with --handler (or --dispatcher) to replay."
        elif not record.replayable:
            why = "Nothing to replay: the request was refused, or its event was not kept."
        else:
            why = None
        outcome = request.query_params.get("replay", "")
        html = detail_page(
            _root(request),
            record,
            replays,
            token=token,
            can_replay=why,
            message=_REPLAY_MESSAGES.get(outcome),
        )
        return Response(html, media_type="text/html; charset=utf-8")

    async def replay(request: Request) -> Response:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > _FORM_LIMIT:
                return PlainTextResponse("form too large", status_code=413)
        form = parse_qs(body.decode("latin-1"), max_num_fields=8)
        given = form.get("token", [""])[0]
        if not hmac.compare_digest(given.encode("latin-1"), token.encode("ascii")):
            return PlainTextResponse("this page's token is missing or wrong", status_code=403)
        if replayer is None:
            return PlainTextResponse("replays are off: start with --handler", status_code=409)
        force = form.get("force", [""])[0] == "1"
        record_id = request.path_params["record_id"]
        result = await run_in_threadpool(replayer.replay_one, log, record_id, force=force)
        await run_in_threadpool(log.flush)
        if result.id is None:
            return PlainTextResponse(f"not replayed: {result.detail}", status_code=409)
        query = urlencode({"replay": result.outcome})
        return RedirectResponse(f"{_root(request)}/deliveries/{result.id}?{query}", status_code=303)

    async def style(request: Request) -> Response:
        return Response(STYLE, media_type="text/css; charset=utf-8")

    app = Starlette(
        routes=[
            Route("/", deliveries),
            Route("/deliveries/{record_id:str}", delivery),
            Route("/deliveries/{record_id:str}/replay", replay, methods=["POST"]),
            Route("/style.css", style),
        ]
    )
    return _Guard(app, allowed)


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


class _Guard:
    """Answers only requests to an allowed host (and, for a POST, from this page's own
    origin); adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.strip("[]").lower() not in self.hosts:
            await self._refuse(send, 421, "this page answers only on its own address")
            return
        origin = headers.get("origin")
        if (
            scope["method"] == "POST"
            and origin is not None
            and origin
            not in (
                f"http://{host}",
                f"https://{host}",
            )
        ):
            await self._refuse(send, 403, "cross-site request refused")
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    *((k.encode(), v.encode()) for k, v in _HEADERS.items()),
                ]
            await send(message)

        await self.app(scope, receive, secured)

    @staticmethod
    async def _refuse(send: Send, status: int, text: str) -> None:
        headers = [(b"content-type", b"text/plain; charset=utf-8")]
        headers += [(k.encode(), v.encode()) for k, v in _HEADERS.items()]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": text.encode()})
