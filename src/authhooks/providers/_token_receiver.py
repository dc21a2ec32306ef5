"""What the receivers of senders that sign a JWT with their own keys share: the JWKS URL, the
bound on the age of the event's own time, and a repr that names no key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._time import Clock, Seconds, check_age, seconds
from authhooks.events import WebhookEvent
from authhooks.receiver import Receiver

if TYPE_CHECKING:
    from authhooks.schemes import Jwt, Verified

__all__ = ["TokenReceiver"]

E = TypeVar("E", bound=WebhookEvent)


class TokenReceiver(Receiver[E]):
    """A receiver whose [`Jwt`][authhooks.schemes.Jwt] scheme checks a token signed with the
    sender's keys (given, or fetched from a JWKS URL), and whose events carry their own time,
    bounded by ``max_age`` (the token carries none)."""

    #: The [`Jwt`][authhooks.schemes.Jwt] scheme that checks the token (and signs, in tests).
    scheme: Jwt
    #: The payload field the event's time comes from, as errors name it.
    time_field: ClassVar[str]

    def __init__(
        self,
        scheme: Jwt,
        *,
        max_age: Seconds | None,
        tolerance: Seconds,
        clock: Clock | None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        self.tolerance = seconds(tolerance, "tolerance")
        self.max_age = None if max_age is None else seconds(max_age, "max_age")
        super().__init__(scheme, max_body_size=max_body_size)
        self._clock = clock

    @property
    def jwks_url(self) -> str | None:
        """The JWKS URL keys are fetched from (``None`` when only keys were given)."""
        return self.scheme.jwks_url

    def _event(self, verified: Verified, body: bytes) -> E:
        event = super()._event(verified, body)
        if verified.claims is not None and self.max_age is not None:
            # A token's claims were just verified (not a stored payload parsed again).
            check_age(
                event.occurred_at,
                clock=self._clock,
                max_age=self.max_age,
                tolerance=self.tolerance,
                field=self.time_field,
            )
        return event

    def _repr_fields(self) -> Iterable[tuple[str, Any]]:
        """What ``repr`` shows, in order: never a key."""
        return (("jwks_url", self.jwks_url), ("keys", self.scheme.key_count))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._repr_fields())
        return f"{type(self).__name__}({fields})"
