"""The receiver (a verification scheme plus an event parser), and ``verify_and_parse``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE, coerce_body
from authhooks.answers import HTTPAnswer, answer_of, json_answer
from authhooks.batch import Batch
from authhooks.errors import ConfigurationError
from authhooks.events import WebhookEvent
from authhooks.parsing import EventParser
from authhooks.schemes._base import Scheme, Verified

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Body", "Receiver", "verify_and_parse"]

#: What ``verify`` returns: an event, or a [`Batch`][authhooks.Batch] of events for a sender
#: that puts several in one request.
EventT_co = TypeVar("EventT_co", bound="WebhookEvent | Batch[Any]", covariant=True)
E = TypeVar("E", bound="WebhookEvent | Batch[Any]")

#: What ``verify`` accepts as a body: the raw bytes, or text taken as UTF-8.
Body = bytes | bytearray | memoryview | str


class Receiver(Generic[EventT_co]):
    """Verifies and parses one sender's webhooks: a [`Scheme`][authhooks.schemes.Scheme]
    checks each request, an [`EventParser`][authhooks.EventParser] turns what it vouched for
    into a typed event.

    Every provider (`authhooks.Userfront`, `authhooks.Clerk`, ...) is a receiver built on
    the scheme its sender uses; [`Webhook`][authhooks.Webhook] is one for any sender. Build a
    receiver once with its credentials and share it: it is immutable after construction and
    safe to use from several threads and tasks at once.

    ``verify`` returns one typed event per request, or a [`Batch`][authhooks.Batch] of them
    for a sender that delivers several at once (`authhooks.Okta`, `authhooks.Auth0`).

    Args:
        scheme: the verification scheme.
        max_body_size: the largest body accepted, in bytes (1 MiB by default). The framework
            adapters read at most this much of a request.

    Attributes:
        provider: the provider's name, as in ``event.provider``.
        scheme: the verification scheme.
        max_body_size: the largest body accepted, in bytes.
    """

    provider: ClassVar[str]
    #: Parses the provider's payloads; each provider declares its own.
    parser: ClassVar[EventParser[Any]]
    #: The attributes parsing reads besides the payload (``"topic"`` for The Auth API): never
    #: a secret. They travel with a queued or stored delivery, so that a worker with no
    #: secret parses it as this receiver would (see ``parse_state`` and ``for_parsing``).
    parse_options: ClassVar[tuple[str, ...]] = ()
    #: Whether the provider waits for the answer and acts on it (a synchronous hook, such as
    #: Supabase Auth's): the framework adapters then send
    #: [`answer`][authhooks.Receiver.answer] of the handler's return value, and
    #: [`failure_answer`][authhooks.Receiver.failure_answer] when the handler raises. Such a
    #: receiver refuses a de-duplication store: every attempt needs its real answer.
    synchronous: ClassVar[bool] = False
    #: The methods of the sender's verification requests, which
    #: [`challenge_answer`][authhooks.Receiver.challenge_answer] may answer (Okta's one-time
    #: ``GET``); none for most senders, whose routes answer anything but ``POST`` with 405.
    challenge_methods: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, scheme: Scheme, *, max_body_size: int = DEFAULT_MAX_BODY_SIZE) -> None:
        if not isinstance(scheme, Scheme):
            raise ConfigurationError("scheme must be an authhooks.schemes.Scheme")
        if isinstance(max_body_size, bool) or not isinstance(max_body_size, int):
            raise ConfigurationError("max_body_size must be a positive number of bytes")
        if max_body_size <= 0:
            raise ConfigurationError("max_body_size must be a positive number of bytes")
        self.scheme = scheme
        self.max_body_size = max_body_size

    @property
    def may_block(self) -> bool:
        """Whether [`verify`][authhooks.Receiver.verify] may wait on the network (fetching
        keys). Async code calls [`averify`][authhooks.Receiver.averify], which does not block."""
        return self.scheme.may_block

    @property
    def covers_body(self) -> bool:
        """Whether the check covers the body, or only proves who sent it."""
        return self.scheme.covers_body

    def verify(self, body: Body, headers: Mapping[str, str]) -> EventT_co:
        """Verify that the request comes from the sender, then parse it into a typed event.

        Args:
            body: the raw request body, exactly as received (``str`` is taken as UTF-8).
            headers: the request headers; names are looked up case-insensitively.

        Raises:
            VerificationError: the request is not proven to come from the sender.
            PayloadError: the request is authentic but its body is not a valid payload.
            RequestTooLargeError: the body is larger than ``max_body_size``.
            KeysUnavailableError: the keys to check it could not be fetched (retry later).
        """
        data = coerce_body(body, self.max_body_size)
        return self._event(self.scheme.authenticate(data, headers), data)

    async def averify(self, body: Body, headers: Mapping[str, str]) -> EventT_co:
        """[`verify`][authhooks.Receiver.verify] for async code: keys are fetched without
        blocking the event loop."""
        data = coerce_body(body, self.max_body_size)
        return self._event(await self.scheme.aauthenticate(data, headers), data)

    def challenge_answer(self, method: str, headers: Mapping[str, str]) -> dict[str, str] | None:
        """The answer to the sender's verification request, or ``None`` when the request is
        not one.

        Some senders prove that you control a URL before they deliver to it (Okta's one-time
        ``GET`` with ``X-Okta-Verification-Challenge``). The framework adapters and
        ``authhooks listen`` ask the receiver of a route about any request whose method is in
        ``challenge_methods`` before answering it 405, and send the document returned here as
        JSON with status 200. A receiver whose sender makes no such request returns ``None``.

        Args:
            method: the request's method (``"GET"``).
            headers: the request headers; names are looked up case-insensitively.

        Raises:
            VerificationError: a verification request that is malformed, or not proven to
                come from the sender.
        """
        return None

    def parse(self, payload: bytes, *, delivery_id: str | None = None) -> EventT_co:
        """Parse a payload that was verified before (a stored or queued delivery).

        Nothing is checked: use it only for bytes this receiver's
        [`verify`][authhooks.Receiver.verify] accepted (their ``event.raw`` JSON for a
        sender whose body is a token).

        Raises:
            PayloadError: the payload is not a valid event.
        """
        return self._event(Verified(payload, delivery_id=delivery_id), payload)

    def parse_state(self) -> dict[str, Any]:
        """What parsing needs besides the payload (``parse_options``' values): JSON-safe, with
        no secret. [`for_parsing`][authhooks.Receiver.for_parsing] takes it back."""
        return {name: getattr(self, name) for name in self.parse_options}

    @classmethod
    def for_parsing(cls, state: Mapping[str, Any] | None = None) -> Self:
        """A receiver of this class that parses, as one built with secrets would, but cannot
        verify: for workers and replays of deliveries verified on arrival.

        Args:
            state: what [`parse_state`][authhooks.Receiver.parse_state] returned (only
                ``parse_options`` are read).

        Raises:
            ConfigurationError: ``state`` holds another option than ``parse_options``.
        """
        given = dict(state or {})
        unknown = set(given) - set(cls.parse_options)
        if unknown:
            raise ConfigurationError(
                f"{cls.__name__} parses with {', '.join(cls.parse_options) or 'no option'}, "
                f"not {', '.join(sorted(map(str, unknown)))}"
            )
        receiver = cls.__new__(cls)
        receiver.scheme = _ParsingOnly()
        receiver.max_body_size = DEFAULT_MAX_BODY_SIZE
        for name in cls.parse_options:
            setattr(receiver, name, given.get(name))
        receiver._ready_for_parsing()
        return receiver

    def answer(self, result: Any) -> HTTPAnswer:
        """The HTTP answer of a synchronous hook for what its handler returned.

        An answer helper's ``to_response()``, a mapping sent as JSON with status 200, or a
        ``204`` without a body for ``None`` (see [`answer_of`][authhooks.answers.answer_of]).
        A provider whose answers take another form overrides it.

        Raises:
            TypeError: ``result`` is not an answer.
            ValueError: its document is not JSON.
        """
        return answer_of(result)

    def failure_answer(self, error: Exception) -> HTTPAnswer:
        """The HTTP answer of a synchronous hook whose handler raised ``error`` (or returned
        what [`answer`][authhooks.Receiver.answer] refuses), in the provider's error format.

        It never holds the error's message, which may hold anything: the adapters log the
        error. By default a ``500`` with ``{"error": "handler_failed"}``.
        """
        return json_answer({"error": "handler_failed"}, 500)

    def _ready_for_parsing(self) -> None:
        """Finish a receiver made by ``for_parsing`` (a receiver whose parser depends on its
        options builds it here)."""

    def _event(self, verified: Verified, body: bytes) -> EventT_co:
        """The event of a verified request (providers add their own checks here)."""
        event: EventT_co = self.parser.parse(verified.payload, delivery_id=verified.delivery_id)
        return event

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.scheme!r})"


class _ParsingOnly(Scheme):
    """The scheme of a receiver made to parse stored deliveries: it verifies nothing."""

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        raise ConfigurationError("a receiver made with for_parsing() parses, it cannot verify")

    def sign(self, body: Any, /) -> Any:
        raise ConfigurationError("a receiver made with for_parsing() cannot sign")


def verify_and_parse(receiver: Receiver[E], body: Body, headers: Mapping[str, str]) -> E:
    """Verify a request with ``receiver`` and return its typed event.

    The same as ``receiver.verify(body, headers)``, offered as a function for one-off use.
    """
    return receiver.verify(body, headers)
