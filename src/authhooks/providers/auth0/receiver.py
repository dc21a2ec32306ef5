"""The Auth0 receiver: a log stream's authorization token, and its three content formats."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from authhooks._body import DEFAULT_MAX_BODY_SIZE, body_digest, decode_json
from authhooks._secrets import SecretInput
from authhooks.batch import MAX_BATCH_EVENTS, Batch, parse_events
from authhooks.errors import ConfigurationError, PayloadError
from authhooks.parsing import EventParser
from authhooks.providers.auth0.models import PARSER, Auth0Event
from authhooks.receiver import Receiver
from authhooks.schemes import StaticSecret, Verified

__all__ = ["FORMATS", "Auth0", "Format"]

#: A log stream's content format, as ``Auth0(format=...)`` names it.
Format = Literal["jsonlines", "jsonarray", "jsonobject"]
#: The content formats, in the order Auth0's dashboard lists them.
FORMATS: tuple[Format, ...] = ("jsonlines", "jsonarray", "jsonobject")

_HINT = {
    "jsonlines": 'format="jsonlines"',
    "jsonarray": 'format="jsonarray"',
    "jsonobject": 'format="jsonobject" (or "jsonlines")',
}


class Auth0(Receiver[Batch[Auth0Event]]):
    """Receives Auth0 log streams (Custom Webhook): batches of tenant log records.

    Auth0 signs nothing: each request carries the stream's "Authorization Token" in
    ``Authorization``, exactly as configured (Auth0 adds no ``Bearer``: type it into the
    token if your endpoint wants one). It is compared, whole, in constant time (a
    [`StaticSecret`][authhooks.schemes.StaticSecret]); the check proves who sent the request,
    not what it holds. Give the stream a long random token: without one, anyone could post.

    [`verify`][authhooks.Receiver.verify] returns a [`Batch`][authhooks.Batch] of the
    request's records, each a typed [`Auth0Event`][authhooks.providers.auth0.Auth0Event];
    ``batch.id`` is the SHA-256 of the body (Auth0 sends no delivery id). De-duplicate on
    each event's ``id``, its ``log_id``.

    Args:
        token: the stream's Authorization Token (Auth0 Dashboard: Monitoring > Streams >
            the stream > Settings), exactly as typed; or several, oldest to newest
            (rotation).
        format: the stream's Content Format: ``"jsonlines"`` (one record per line, the
            default), ``"jsonarray"`` (a JSON array of records) or ``"jsonobject"`` (one
            record per request: Auth0 does not document this format; see the Auth0 page of
            the documentation). Case does not matter (``"JSONARRAY"``, as the Management
            API spells it).
        max_body_size: the largest body accepted, in bytes.

    Raises:
        ConfigurationError: no token, or another format.

    Example:
        ```python
        import authhooks

        receiver = authhooks.Auth0("a-long-random-token", format="jsonarray")


        def handle(body: bytes, headers: dict[str, str]) -> None:
            for event in receiver.verify(body, headers):
                print(event.type, event.id, event.kind, event.data.user_id)
        ```
    """

    provider: ClassVar[str] = "auth0"
    parser: ClassVar[EventParser[Auth0Event]] = PARSER
    parse_options: ClassVar[tuple[str, ...]] = ("format",)
    #: The content format.
    format: Format = "jsonlines"

    def __init__(
        self,
        token: SecretInput,
        *,
        format: str = "jsonlines",
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        chosen = _format(format)
        scheme = StaticSecret(token, header="Authorization", auth_scheme=None)
        super().__init__(scheme, max_body_size=max_body_size)
        self.format = chosen

    def _ready_for_parsing(self) -> None:
        given: object = self.format
        self.format = "jsonlines" if given is None else _format(given)

    def _event(self, verified: Verified, body: bytes) -> Batch[Auth0Event]:
        payload = verified.payload
        records, raw = _records(self.format, payload)
        documents = [
            _document(position, record, payload, raw) for position, record in enumerate(records)
        ]
        events = parse_events(self.parser, documents, payload, raws=records, raw=raw)
        return Batch(self.provider, events, id=body_digest(payload), body=payload, raw=raw)

    def __repr__(self) -> str:
        count = self.scheme.secret_count if isinstance(self.scheme, StaticSecret) else 0
        return f"Auth0(tokens={count}, format={self.format!r})"


def _format(value: object) -> Format:
    """The format named by ``value``, whatever its case."""
    for name in FORMATS:
        if isinstance(value, str) and value.lower() == name:
            return name
    raise ConfigurationError(
        f"format must be one of {', '.join(FORMATS)} (the stream's Content Format)"
    )


def _refused(
    message: str, payload: bytes, raw: Any = None, field: str | None = None
) -> PayloadError:
    return PayloadError(f"auth0 payload {message}", body=payload, raw=raw, field=field)


def _records(format: str, payload: bytes) -> tuple[list[Any], Any]:
    """The records of a body in ``format``, and the decoded body (``raw``)."""
    if format == "jsonlines":
        return _lines(payload)
    document = decode_json(payload)
    if format == "jsonarray":
        if not isinstance(document, list):
            hint = _HINT["jsonobject"] if isinstance(document, dict) else ""
            raise _refused(
                "is not a JSON array" + (f": is the stream set to {hint}?" if hint else ""),
                payload,
                document,
            )
        return document, document
    if not isinstance(document, dict):
        hint = _HINT["jsonarray"] if isinstance(document, list) else ""
        raise _refused(
            "is not a JSON object" + (f": is the stream set to {hint}?" if hint else ""),
            payload,
            document,
        )
    return [document], document


def _lines(payload: bytes) -> tuple[list[Any], Any]:
    """The records of a JSON lines body: one JSON value per line (``\\n`` or ``\\r\\n``);
    blank lines and a missing final newline are accepted."""
    if payload.lstrip(b" \t\r\n").startswith(b"["):
        raise _refused(
            f"is a JSON array, not JSON lines: is the stream set to {_HINT['jsonarray']}?",
            payload,
        )
    records: list[Any] = []
    for number, line in enumerate(payload.split(b"\n"), 1):
        text = line.strip(b" \t\r")
        if not text:
            continue
        if len(records) == MAX_BATCH_EVENTS:
            raise _refused(f"holds more than {MAX_BATCH_EVENTS} records", payload, records)
        try:
            records.append(decode_json(text))
        except PayloadError as exc:
            raise _refused(
                f"line {number}: {exc.message}", payload, field=f"line {number}"
            ) from None
    return records, records


def _document(position: int, record: Any, payload: bytes, raw: Any) -> Any:
    """The record with its log type code lifted to ``type`` (what the parser tells the
    events apart by); the record itself when it is not a record (refused by the parser)."""
    if not isinstance(record, dict):
        return record
    data = record.get("data")
    if not isinstance(data, dict):
        raise _refused(
            f"record {position} has no data object", payload, raw, f"events.{position}.data"
        )
    code = data.get("type")
    if not isinstance(code, str) or not code:
        raise _refused(
            f"record {position} has no log type (data.type)",
            payload,
            raw,
            f"events.{position}.data.type",
        )
    return {**record, "type": code}
