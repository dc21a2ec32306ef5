"""The Auth API receiver: a shared secret in a header the webhook's owner configured."""

from __future__ import annotations

from typing import Any, ClassVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE, decode_json
from authhooks._secrets import SecretInput
from authhooks.errors import ConfigurationError, PayloadError
from authhooks.parsing import EventParser
from authhooks.providers.theauthapi.models import PARSER, TheAuthAPIEvent, mask_secrets
from authhooks.receiver import Receiver
from authhooks.schemes import StaticSecret, Verified

__all__ = ["TheAuthAPI"]

#: Where the topic is looked for in the body, in this order.
TOPIC_FIELDS: tuple[str, ...] = ("topic", "event", "type")


class TheAuthAPI(Receiver[TheAuthAPIEvent]):
    """Receives The Auth API webhooks.

    The Auth API signs nothing: a webhook carries the static ``customHeaders`` its owner
    configured. Configure one holding a secret, and give the receiver the same header and
    secret. With the default header, ``Authorization``, the value is ``Bearer <secret>``
    (the ``Bearer`` word in any case); with any other header name the value is the secret
    itself (a [`StaticSecret`][authhooks.schemes.StaticSecret]). The secret is compared in
    constant time against every accepted secret; the check does not cover the body.

    The topic is read from the body's ``topic`` (or ``event``, or ``type``); when the body
    has none, ``topic`` (the topic this URL was registered for) is used. The entity is the
    body's ``data`` when present, else the whole body, and becomes ``event.data``. Text under
    key-like names (``key``, ``apiKey``, ``secret``, ...) is a ``SecretStr`` in the event,
    whatever the topic. ``event.id`` is the SHA-256 of the body, and of ``topic`` too when it
    is given: identical bodies sent to two topic URLs are two events.

    Args:
        secret: the shared secret, or several, oldest to newest (rotation).
        header: the name of the header holding it.
        topic: the topic of deliveries whose body names none (one URL per topic).
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        receiver = TheAuthAPI(secret="a-long-random-secret")
        event = receiver.verify(request_body, request_headers)
        event.type, event.data.name  # ('api-key.created', 'Production key')
        ```
    """

    provider: ClassVar[str] = "theauthapi"
    parse_options: ClassVar[tuple[str, ...]] = ("topic",)
    parser: ClassVar[EventParser[TheAuthAPIEvent]] = PARSER

    def __init__(
        self,
        secret: SecretInput,
        *,
        header: str = "Authorization",
        topic: str | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if not isinstance(header, str) or not header.strip():
            raise ConfigurationError("header must be a non-empty header name")
        if topic is not None and (not isinstance(topic, str) or not topic.strip()):
            raise ConfigurationError("topic must be a non-empty string or None")
        bearer = header.strip().lower() == "authorization"
        scheme = StaticSecret(secret, header=header, auth_scheme="Bearer" if bearer else None)
        super().__init__(scheme, max_body_size=max_body_size)
        self.header = header
        self.topic = topic

    def _event(self, verified: Verified, body: bytes) -> TheAuthAPIEvent:
        raw = decode_json(verified.payload)
        if not isinstance(raw, dict):
            raise PayloadError(
                "theauthapi payload is not a JSON object", body=body, raw=raw, field=None
            )
        topic = self.topic
        for name in TOPIC_FIELDS:
            value = raw.get(name)
            if isinstance(value, str) and value:
                topic = value
                break
        if topic is None:
            raise PayloadError(
                "theauthapi payload names no topic (topic, event or type), and the receiver "
                "has no topic= for it",
                body=body,
                raw=raw,
                field="topic",
            )
        # Keys are masked in the typed document, known topic or not; ``raw`` keeps them.
        document: dict[str, Any]
        if raw.get("data") is not None:
            document = mask_secrets({key: value for key, value in raw.items() if key != "data"})
            document["type"] = topic
            document["data"] = mask_secrets(raw["data"])
        else:
            document = {"type": topic, "data": mask_secrets(raw)}
        event = self.parser.parse_document(document, verified.payload, raw=raw)
        if self.topic is not None:
            event.__dict__["_topic"] = self.topic
        return event

    def __repr__(self) -> str:
        count = self.scheme.secret_count if isinstance(self.scheme, StaticSecret) else 0
        return f"TheAuthAPI(secrets={count}, header={self.header!r}, topic={self.topic!r})"
