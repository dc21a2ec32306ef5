"""The de-duplication scope of an entry point: the route its requests matched.

Two endpoints of one provider sharing a de-duplication store must not share keys, so the
adapters scope each event by the route that received it. A route is what the application
declares (a URL rule, a URL pattern, a path template), so it is the same in every process and
on every machine, and a captured request replayed to another URL of the same route is still
recognised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["asgi_route", "request_route"]


def request_route(request: Any) -> str:
    """The route a Flask or Django request matched: its endpoint's de-duplication scope.

    Flask: the URL rule (``/hooks/<tenant>``); Django: the URL pattern
    (``hooks/<str:tenant>/``). Both are the same in every process and on every machine; the
    request path stands in when the request matched no route (a view called directly).
    """
    rule = getattr(getattr(request, "url_rule", None), "rule", None)  # Flask
    if isinstance(rule, str) and rule:
        return rule
    route = getattr(getattr(request, "resolver_match", None), "route", None)  # Django
    if isinstance(route, str) and route:
        return route
    return str(getattr(request, "path", "") or "")


def asgi_route(scope: Mapping[str, Any]) -> str:
    """The route an ASGI request matched: its endpoint's de-duplication scope.

    The route's path template (``scope["route"].path``, set by FastAPI and recent Starlette
    releases) behind the path of the mounts it sits under; the server's own root path
    (``--root-path``) is left out. Without a route, the request path under the root path.
    """
    root = scope.get("root_path") or ""
    app_root = scope.get("app_root_path", root) or ""
    template = getattr(scope.get("route"), "path", None)
    if isinstance(template, str):
        mounts = root[len(app_root) :] if root.startswith(app_root) else root
        return mounts + template
    path = str(scope.get("path") or "")
    return path[len(app_root) :] if app_root and path.startswith(app_root) else path
