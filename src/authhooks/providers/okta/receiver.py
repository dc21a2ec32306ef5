"""The Okta receiver: the authentication header configured on the event hook, and Okta's
one-time verification request."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import TypeAdapter, ValidationError

from authhooks._body import DEFAULT_MAX_BODY_SIZE, body_digest, decode_json
from authhooks._headers import OWS, get_header
from authhooks._secrets import SecretInput
from authhooks.batch import Batch, parse_events
from authhooks.errors import InvalidHeaderError, PayloadError
from authhooks.parsing import EventParser
from authhooks.providers.okta.models import PARSER, OktaEnvelope, OktaEvent
from authhooks.receiver import Receiver
from authhooks.schemes import StaticSecret, Verified

__all__ = ["CHALLENGE_HEADER", "Okta"]

#: The header of Okta's one-time verification request.
CHALLENGE_HEADER = "X-Okta-Verification-Challenge"
#: What a challenge may be: printable ASCII without spaces, bounded.
_CHALLENGE = re.compile(r"[\x21-\x7e]{1,512}")

_ENVELOPE: TypeAdapter[OktaEnvelope] = TypeAdapter(OktaEnvelope)


class Okta(Receiver[Batch[OktaEvent]]):
    """Receives Okta event hooks: batches of System Log events, and the one-time
    verification request.

    Okta signs nothing: each request carries the authentication header configured on the
    event hook, its value sent exactly as typed in the Admin Console (a
    [`StaticSecret`][authhooks.schemes.StaticSecret] on the whole value, compared in constant
    time). The check proves who sent the request, not what it holds, and cannot stop a
    replay; de-duplicate on each event's ``id``.

    [`verify`][authhooks.Receiver.verify] returns a [`Batch`][authhooks.Batch]: the request
    is checked once, and each element of ``data.events`` becomes a typed
    [`OktaEvent`][authhooks.providers.okta.OktaEvent]. ``batch.id`` is the envelope's
    ``eventId``.

    Okta verifies the hook's URL once, with a ``GET`` carrying
    ``X-Okta-Verification-Challenge``; [`challenge_answer`][authhooks.Receiver.challenge_answer]
    answers ``{"verification": <the value>}``, which every framework adapter and
    ``authhooks listen okta`` send back with status 200.

    Args:
        authorization: the value of the authentication header configured on the event hook
            (Admin Console: Workflow > Event Hooks > the hook > "Authentication secret"),
            exactly as typed: ``"Basic <base64 of user:password>"`` as Okta's guides set it
            up, or any other string; or several, oldest to newest (rotation).
        header: the header's name ("Authentication field"): ``Authorization`` by default.
        check_challenge: whether the verification ``GET`` must carry the authentication
            header too (Okta sends it there as well); ``False`` answers any well-formed
            challenge.
        max_body_size: the largest body accepted, in bytes.

    Example:
        ```python
        import authhooks

        receiver = authhooks.Okta("Basic YWRtaW46c3VwZXJzZWNyZXQ=")


        def handle(body: bytes, headers: dict[str, str]) -> None:
            for event in receiver.verify(body, headers):
                print(event.type, event.id, event.kind)
        ```
    """

    provider: ClassVar[str] = "okta"
    parser: ClassVar[EventParser[OktaEvent]] = PARSER
    challenge_methods: ClassVar[frozenset[str]] = frozenset({"GET"})
    #: The authentication header's name.
    header: str = "Authorization"
    #: Whether the verification request must carry the authentication header.
    check_challenge: bool = True

    def __init__(
        self,
        authorization: SecretInput,
        *,
        header: str = "Authorization",
        check_challenge: bool = True,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        scheme = StaticSecret(authorization, header=header, auth_scheme=None)
        super().__init__(scheme, max_body_size=max_body_size)
        self.header = scheme.header
        self.check_challenge = bool(check_challenge)

    def challenge_answer(self, method: str, headers: Mapping[str, str]) -> dict[str, str] | None:
        """Okta's verification request: a ``GET`` with ``X-Okta-Verification-Challenge``,
        answered ``{"verification": <its value>}``; ``None`` for any other request.

        The value must be printable ASCII without spaces, at most 512 characters. With
        ``check_challenge`` (the default) the request must carry the authentication header,
        as every request from Okta does. Answering proves only that you control the URL:
        nothing is delivered with it.

        Raises:
            VerificationError: the authentication header is missing or wrong, or the
                challenge is not such a value.
        """
        if method.upper() != "GET":
            return None
        value = get_header(headers, CHALLENGE_HEADER)
        if value is None:
            return None
        if self.check_challenge:
            self.scheme.authenticate(b"", headers)
        value = value.strip(OWS)
        if _CHALLENGE.fullmatch(value) is None:
            raise InvalidHeaderError(
                f"header {CHALLENGE_HEADER!r} is not a token of printable ASCII "
                "(1 to 512 characters)",
                header=CHALLENGE_HEADER,
            )
        return {"verification": value}

    def _event(self, verified: Verified, body: bytes) -> Batch[OktaEvent]:
        payload = verified.payload
        document = decode_json(payload)
        try:
            envelope = _ENVELOPE.validate_python(document)
        except ValidationError as exc:
            errors = tuple(
                (".".join(str(part) for part in err["loc"]) or "body", str(err["msg"]))
                for err in exc.errors()
            )
            where, what = errors[0]
            raise PayloadError(
                f"okta payload is not an event hook delivery: {where}: {what}",
                body=payload,
                raw=document,
                errors=errors,
                field=None if where == "body" else where,
            ) from None
        records: list[Any] = document["data"]["events"]
        events = parse_events(self.parser, records, payload, raw=document)
        delivery = envelope.event_id or body_digest(payload)
        return Batch(self.provider, events, id=delivery, body=payload, raw=document)

    def __repr__(self) -> str:
        count = self.scheme.secret_count if isinstance(self.scheme, StaticSecret) else 0
        return f"Okta(secrets={count}, header={self.header!r})"
