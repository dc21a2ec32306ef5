"""A minimal HTTP client on the standard library: POST a signed request, time the answer."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from authhooks.cli._common import UsageError
from authhooks.signing import SignedRequest

__all__ = ["Answer", "Connection", "check_url"]

_MAX_ANSWER = 64 * 1024


@dataclass(frozen=True)
class Answer:
    """The outcome of one request: an HTTP status, or the error that prevented one."""

    status: int | None
    reason: str
    body: bytes
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the server answered 2xx."""
        return self.status is not None and 200 <= self.status < 300


def check_url(url: str) -> tuple[str, str, int | None, str]:
    """Split ``url`` into scheme, host, port and path; ``UsageError`` when unusable."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--to must be an http:// or https:// URL, not {url!r}")
    try:
        port = parts.port
    except ValueError:
        raise UsageError(f"--to has an invalid port: {url!r}") from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


class Connection:
    """One keep-alive connection to ``url``'s server, reopened after any failure."""

    def __init__(self, url: str, *, timeout: float) -> None:
        self.scheme, self.host, self.port, self.path = check_url(url)
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def _open(self) -> http.client.HTTPConnection:
        if self._conn is None:
            cls = (
                http.client.HTTPSConnection
                if self.scheme == "https"
                else http.client.HTTPConnection
            )
            self._conn = cls(self.host, self.port, timeout=self.timeout)
        return self._conn

    def post(self, request: SignedRequest) -> Answer:
        """Send ``request`` and read the answer (at most 64 KiB of its body is kept)."""
        start = time.perf_counter()
        try:
            conn = self._open()
            conn.request(request.method, self.path, body=request.body, headers=request.headers)
            response = conn.getresponse()
            body = response.read()
            status, reason = response.status, response.reason
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            what = type(exc).__name__ if not str(exc) else f"{type(exc).__name__}: {exc}"
            return Answer(None, "", b"", time.perf_counter() - start, error=what)
        return Answer(status, reason, body[:_MAX_ANSWER], time.perf_counter() - start)

    def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
