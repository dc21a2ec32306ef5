"""ASGI request plumbing shared by the Starlette and FastAPI adapters, after their import guard."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar
from urllib.parse import unquote

from starlette import _utils as _starlette_utils
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from authhooks.answers import HTTPAnswer
from authhooks.errors import ConfigurationError, WebhookError
from authhooks.integrations._answers import ErrorResponse
from authhooks.integrations._reading import ClientDisconnected, aread_asgi_body
from authhooks.integrations._settings import Settings
from authhooks.integrations._tracking import NO_TRACK, Track
from authhooks.receiver import Receiver

#: How the installed Starlette's router finds the path under ``root_path``.
_router_path: Callable[[Scope], str] | None = getattr(_starlette_utils, "get_route_path", None)

__all__ = ["PathTable", "accept", "refuse", "render", "track", "verify"]

T = TypeVar("T")

_SLASHES = re.compile(r"/{2,}")


def _canonical(path: str) -> str:
    """``path`` as any lenient router could read it: decoded, lower case, without empty,
    ``.`` and ``..`` segments or a trailing slash."""
    if "%" in path:
        path = unquote(path)
    path = path.lower()
    if "/." in path:
        segments: list[str] = []
        for segment in path.split("/"):
            if segment == "..":
                if segments:
                    segments.pop()
            elif segment not in {"", "."}:
                segments.append(segment)
        return "/" + "/".join(segments)
    if "//" in path:
        path = _SLASHES.sub("/", path)
    path = path.rstrip("/")
    return path if path.startswith("/") else "/" + path


class PathTable(Generic[T]):
    """Exact paths mapped to values, looked up for an ASGI scope the way routers match them.

    A router matches the path under the scope's ``root_path`` (set by the server, as with
    ``uvicorn --root-path``, or by a ``Mount``), and some servers leave ``root_path`` out of
    ``path``. A request matches a configured path when any reading of it does: the path under
    ``root_path`` (as the installed Starlette computes it, and strictly), under each shorter
    prefix of ``root_path``, or whole; each from ``path`` and from ``raw_path``; ignoring case,
    percent-escapes, repeated or trailing slashes and dot segments. Matching more than a router
    would only verifies more: a configured route is never reached unverified.
    """

    def __init__(self, entries: Mapping[str, T]) -> None:
        self.exact: dict[str, T] = {}
        self.canonical: dict[str, T] = {}
        named: dict[str, str] = {}
        for path, value in entries.items():
            if not isinstance(path, str) or not path.startswith("/"):
                raise ConfigurationError(f"a webhook path starts with '/', not {path!r}")
            if "{" in path or "}" in path:
                raise ConfigurationError(
                    f"webhook paths are exact: {path!r} holds a path parameter, never matched"
                )
            key = _canonical(path)
            if key in named:
                raise ConfigurationError(
                    f"webhook paths {named[key]!r} and {path!r} name the same route"
                )
            named[key] = path
            self.exact[path] = value
            self.canonical[key] = value

    def match(self, scope: Scope) -> T | None:
        """The value of the configured path ``scope`` may be routed to, or ``None``."""
        path: str = scope["path"]
        root = scope.get("root_path") or ""
        # The usual spelling first: the path under root_path, as given.
        if not root:
            value = self.exact.get(path)
        elif path.startswith(root):
            value = self.exact.get(path[len(root) :])
        else:
            value = None
        if value is not None:
            return value
        for candidate in _readings(scope, path, root):
            if (value := self.canonical.get(candidate)) is not None:
                return value
        return None


def _readings(scope: Scope, path: str, root: str) -> list[str]:
    """The canonical paths a router may match ``scope`` on, the most likely first."""
    sources = [path]
    raw = scope.get("raw_path")
    if isinstance(raw, bytes) and (text := raw.decode("utf-8", "replace")) != path:
        sources.append(text)
    prefixes = [""]
    readings: list[str] = []
    if isinstance(root, str) and (root := _canonical(root)) != "/":
        # The root path itself first (where routers match), then each shorter prefix of it.
        prefixes = [root[:i] for i in range(len(root), 0, -1) if i == len(root) or root[i] == "/"]
        prefixes.append("")
        if _router_path is not None:
            with contextlib.suppress(Exception):  # the router would fail on this scope too
                readings.append(_canonical(_router_path(scope)))
    for source in sources:
        full = _canonical(source)
        if prefixes[0] and not (full == prefixes[0] or full.startswith(prefixes[0] + "/")):
            full = prefixes[0] + full  # a server that leaves root_path out of path
        readings.extend(
            full[len(prefix) :] or "/"
            for prefix in prefixes
            if full == prefix or full.startswith(prefix + "/")
        )
    return readings


async def verify(receiver: Receiver[Any], body: bytes, headers: Any) -> Any:
    """Verify on the event loop: a check that only computes runs as it is (cheaper than a
    thread hop or another coroutine), one that may fetch keys awaits ``receiver.averify``."""
    if not receiver.may_block:
        return receiver.verify(body, headers)
    return await receiver.averify(body, headers)


def render(answer: Any) -> Any:
    """A Starlette response for an [`ErrorResponse`][authhooks.integrations.ErrorResponse] or
    an [`HTTPAnswer`][authhooks.HTTPAnswer]; other answers are returned as is."""
    if isinstance(answer, ErrorResponse):
        return Response(answer.content, answer.status, answer.headers, "application/json")
    if isinstance(answer, HTTPAnswer):
        # The answer's own Content-Type (none without a body): no media type is added.
        return Response(answer.content, answer.status, dict(answer.headers))
    return answer


def track(settings: Settings, scope: Scope, route: str | None) -> Track:
    """The delivery log's record of the request ``scope`` (nothing without a log)."""
    if settings.log is None:
        return NO_TRACK
    client = scope.get("client")
    forwarded = ",".join(Headers(scope=scope).getlist("x-forwarded-for")) or None
    return settings.track(route, client[0] if client else None, forwarded)


class _DecodedHeaders(Headers):
    """A request's headers, decoded once: a check may look up several of them, and each
    lookup scans every header."""

    _decoded: list[tuple[str, str]] | None = None

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        if self._decoded is None:
            self._decoded = super().items()
        return self._decoded


async def accept(
    settings: Settings, scope: Scope, receive: Receive, send: Send, track: Track = NO_TRACK
) -> tuple[Any, bytes] | None:
    """Check, read (bounded) and verify the request; ``None`` when it was answered instead."""
    headers = _DecodedHeaders(scope=scope)
    client = scope.get("client")
    if scope["method"] != "POST":
        answer = settings.answer_other_method(
            scope["method"],
            headers,
            client[0] if client else None,
            ",".join(headers.getlist("x-forwarded-for")) or None,
            request=Request(scope),
            path=scope["path"],
            track=track,
        )
        await render(answer)(scope, receive, send)
        return None
    try:
        settings.check_request(
            client[0] if client else None,
            # Only an allow-list reads it: no header scan for the others.
            (",".join(headers.getlist("x-forwarded-for")) or None)
            if settings.allow_list is not None
            else None,
            headers.get("content-length"),
        )
        body = await aread_asgi_body(receive, settings.max_body_size)
        track.received(body, headers)
        event = await verify(settings.receiver, body, headers)
        if track.on:
            await track.aaccepted(event)
    except ClientDisconnected:
        track.refused(None, None, "client_disconnected")
        return None
    except WebhookError as exc:
        await refuse(settings, exc, scope, receive, send, track=track)
        return None
    return event, body


async def refuse(
    settings: Settings,
    error: WebhookError,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    track: Track = NO_TRACK,
) -> None:
    """Answer the request with ``settings.refuse(error, ...)``."""
    answer = settings.refuse(error, Request(scope), scope["path"], track)
    await render(answer)(scope, receive, send)
