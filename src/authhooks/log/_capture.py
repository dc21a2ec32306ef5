"""What is kept of a request: headers with their secrets redacted, bounded text, and the
redaction hook for personal data.

Headers that carry a secret are replaced by ``REDACTED`` before anything is stored: the
ones every deployment treats as credentials (``Authorization``, ``Cookie``...) and those
the receiver's scheme names (``scheme.credential_headers``: the signature, the token, a
static secret's header). A log built with ``keep_signatures=True`` keeps the signature
header of a *refused* request whose check covers the body (an HMAC, never a secret or a
token that proves the sender alone), so that ``authhooks verify --from-log`` can check it
against other credentials.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from authhooks.delivery import Delivery
    from authhooks.schemes import Scheme

__all__ = [
    "ALWAYS_REDACTED",
    "REDACTED",
    "Kept",
    "Redactor",
    "body_is_token",
    "bounded",
    "delivery_columns",
    "drop_fields",
    "kept_headers",
    "request_columns",
    "signature_may_be_kept",
]

#: What a redacted header's value is replaced with.
REDACTED = "[redacted]"

#: Headers redacted whatever the receiver (lower case).
ALWAYS_REDACTED = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
        "x-access-token",
        "x-csrf-token",
        "x-xsrf-token",
    }
)

#: At most this many headers are kept, each value cut to ``_MAX_VALUE`` characters.
_MAX_HEADERS = 100
_MAX_NAME = 128
_MAX_VALUE = 8192


def bounded(value: object, limit: int) -> str:
    """``value`` as text a database accepts: NUL and lone surrogates replaced, cut to
    ``limit`` characters."""
    text = value if isinstance(value, str) else str(value)
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def kept_headers(
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    credential_headers: Iterable[str],
    *,
    keep: Iterable[str] = (),
) -> dict[str, str]:
    """The headers to store: secrets redacted, names in lower case, bounded.

    Args:
        headers: the request headers.
        credential_headers: the receiver's scheme's (``scheme.credential_headers``).
        keep: credential headers to keep all the same (a refused request's signature, with
            ``keep_signatures``); ``ALWAYS_REDACTED`` ones never are.
    """
    kept_names = {name.lower() for name in keep} - ALWAYS_REDACTED
    secret = ALWAYS_REDACTED | ({name.lower() for name in credential_headers} - kept_names)
    items = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str] = {}
    for raw_name, raw_value in items:
        if len(result) >= _MAX_HEADERS:
            break
        name = bounded(raw_name, _MAX_NAME).lower()
        if name in secret:
            result[name] = REDACTED
        else:
            value = bounded(raw_value, _MAX_VALUE)
            result[name] = f"{result[name]}, {value}" if name in result else value
    return result


@dataclass(frozen=True)
class Kept:
    """What is about to be stored of a request, given to the redaction hook.

    Attributes:
        provider: the receiver's provider.
        route: the endpoint, when known.
        outcome: the delivery's outcome so far (``accepted``, ``rejected``...).
        event_type: the event's type, when it parsed.
        body: the raw body; ``None`` when the body is itself a signed token (a credential,
            never kept for a verified delivery: its ``payload`` is).
        payload: what the scheme vouched for, when it is not the body itself (the claims
            of a token that is the body); ``None`` otherwise.
        headers: the headers, secrets already redacted.
    """

    provider: str
    route: str | None
    outcome: str
    event_type: str
    body: bytes | None
    payload: bytes | None
    headers: Mapping[str, str] | Iterable[tuple[str, str]]


#: The redaction hook: return what to store instead (``dataclasses.replace(kept, body=...)``),
#: or ``None`` to store none of the request. A body changed by the hook is what a replay
#: parses, so keep it a valid event of its provider.
Redactor = Callable[[Kept], "Kept | None"]


def drop_fields(*names: str, mask: str = REDACTED) -> Redactor:
    """A redaction hook replacing the value of every JSON field named in ``names`` (at any
    depth, in the body and the payload) with ``mask``.

    ```python
    log = DeliveryLog("deliveries.db", redact=drop_fields("email", "phone_number", "name"))
    ```

    A body that is not JSON (a token, a form) is stored as it is: give your own hook for
    those.
    """
    wanted = frozenset(names)

    def scrub(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: mask if k in wanted else scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(item) for item in value]
        return value

    def rewrite(data: bytes | None) -> bytes | None:
        if data is None:
            return None
        try:
            document = json.loads(data)
        except (ValueError, RecursionError):
            return data
        return json.dumps(scrub(document), ensure_ascii=False, separators=(",", ":")).encode()

    def redact(kept: Kept) -> Kept:
        return replace(kept, body=rewrite(kept.body), payload=rewrite(kept.payload))

    return redact


def body_is_token(scheme: Scheme | None) -> bool:
    """Whether the body itself is a signed token (``Jwt(placement="body")``): a credential
    that verifies again, so a verified delivery keeps its claims, not the token."""
    return getattr(scheme, "placement", None) == "body"


def signature_may_be_kept(scheme: Scheme | None) -> bool:
    """Whether ``keep_signatures`` may keep a refused request's credential headers: only
    when the check covers the body (a signature of it, never a secret in a header nor a
    token that proves the sender alone)."""
    from authhooks.schemes import StaticSecret

    return scheme is not None and scheme.covers_body and not isinstance(scheme, StaticSecret)


def delivery_columns(delivery: Delivery | None, kept: Kept | None) -> dict[str, Any]:
    """The columns that store a delivery to parse again: its parse state, and its payload
    (``NULL``: the body kept is the payload)."""
    if delivery is None:
        return {}
    from authhooks.delivery import FORMAT as DELIVERY_FORMAT

    # Delivery.to_json's document without the payload (stored as it is, in its own column).
    state = {f.name: getattr(delivery, f.name) for f in fields(delivery) if f.name != "payload"}
    state["receiver"] = dict(delivery.receiver)
    state["attributes"] = dict(delivery.attributes)
    state["format"] = DELIVERY_FORMAT
    payload = delivery.payload if kept is None else kept.payload
    return {"parse": json.dumps(state, separators=(",", ":"), sort_keys=True), "payload": payload}


def request_columns(
    request: Kept,
    *,
    scheme: Scheme | None,
    delivery: Delivery | None,
    keep: bool | int,
    keep_signatures: bool,
    redact: Callable[[Kept], Kept | None] | None,
) -> dict[str, Any]:
    """The columns of a request as the log's policy keeps it: its size always; its body,
    headers (secrets redacted) and delivery when kept.

    Args:
        request: the request as received (``payload`` unset, headers not yet redacted).
        scheme: the receiver's scheme.
        delivery: the verified delivery, if it verified.
        keep: for a verified delivery, whether to keep it; for a refused one, up to how
            many bytes.
        keep_signatures: keep a refused request's signature (see ``signature_may_be_kept``).
        redact: the redaction hook (already made safe: ``None`` on an error).
    """
    body = request.body
    size = 0 if body is None else len(body)
    columns: dict[str, Any] = {"body_size": size, "kept": False}
    refused = request.outcome == "rejected"
    if refused:
        wanted = body is not None and not isinstance(keep, bool) and size <= keep
    else:
        wanted = bool(keep)
    if not wanted:
        return columns
    token = body_is_token(scheme)
    credential = () if scheme is None else scheme.credential_headers
    signature = refused and keep_signatures and signature_may_be_kept(scheme)
    kept_body: bytes | None = body
    if token and not (refused and keep_signatures):
        kept_body = None
    payload = None
    if delivery is not None and delivery.payload != kept_body:
        payload = delivery.payload
    kept: Kept | None = replace(
        request,
        body=kept_body,
        payload=payload,
        headers=kept_headers(request.headers, credential, keep=credential if signature else ()),
    )
    if redact is not None and kept is not None:
        kept = redact(kept)
    if kept is None:
        return columns
    columns.update(
        kept=True,
        body=kept.body,
        headers=json.dumps(dict(kept.headers), ensure_ascii=True),
    )
    columns.update(delivery_columns(delivery, kept))
    return columns
