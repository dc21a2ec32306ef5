"""What every verification scheme provides: [`Scheme`][authhooks.schemes.Scheme] and
its result, [`Verified`][authhooks.schemes.Verified]."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from authhooks.signing import Payload, SignedRequest

__all__ = ["Scheme", "Verified"]


@dataclass(frozen=True, init=False)
class Verified:
    """What a scheme vouches for once a request passed its check.

    Attributes:
        payload: the JSON document to parse: the body itself, or the claims of a token that
            is the body.
        delivery_id: the sender's id for this delivery when the scheme carries one
            (``webhook-id``, a token's ``jti``), else ``None``.
        signed_at: the signed Unix time when the scheme carries one, else ``None``.
        claims: the verified claims of a token, for the JWT scheme; else ``None``.
        form: which of a scheme's accepted forms the request used (AuthCore's
            ``"timestamped"``, ``"plain"``, ``"timestamp-header"``), else ``None``.
    """

    payload: bytes
    delivery_id: str | None = None
    signed_at: int | None = None
    claims: Mapping[str, Any] | None = None
    form: str | None = None

    def __init__(
        self,
        payload: bytes,
        delivery_id: str | None = None,
        signed_at: int | None = None,
        claims: Mapping[str, Any] | None = None,
        form: str | None = None,
    ) -> None:
        # One is made for every request: set in the instance dictionary, as a frozen
        # dataclass cannot through its attributes (half the cost of the generated __init__).
        fields = self.__dict__
        fields["payload"] = payload
        fields["delivery_id"] = delivery_id
        fields["signed_at"] = signed_at
        fields["claims"] = claims
        fields["form"] = form


class Scheme(ABC):
    """A way of proving that a request comes from its sender, and of signing like the sender.

    A scheme knows one verification family (a static secret, an HMAC of the body, a
    timestamped HMAC, Standard Webhooks, a JWT) and nothing about any provider's JSON. Use one
    on its own with [`Webhook`][authhooks.Webhook], or as the check of a provider's receiver.

    Schemes are immutable after construction and safe to share between threads. They raise
    only authhooks errors, whatever the input, and compare secrets in constant time.

    Attributes:
        covers_body: whether the check covers the body (a signature or digest of it). When it
            does not, a valid request proves who sent it, not what they sent.
        may_block: whether [`authenticate`][authhooks.schemes.Scheme.authenticate] may wait
            on the network (fetching keys); async callers then use
            [`aauthenticate`][authhooks.schemes.Scheme.aauthenticate].
        credential_headers: the headers that carry a secret, a signature or a token: logs and
            stored deliveries redact them.
    """

    covers_body: bool = True
    may_block: bool = False
    credential_headers: tuple[str, ...] = ()

    @abstractmethod
    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """Check the request; return what it vouches for.

        Args:
            body: the raw request body, exactly as received.
            headers: the request headers; names are looked up case-insensitively.

        Raises:
            VerificationError: the request is not proven to come from the sender (a
                subclass says why: missing or malformed header, wrong signature, stale
                timestamp).
            KeysUnavailableError: the keys needed to check it could not be fetched.
        """

    async def aauthenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """[`authenticate`][authhooks.schemes.Scheme.authenticate] for async code: a scheme
        that fetches keys does so without blocking the event loop."""
        return self.authenticate(body, headers)

    @abstractmethod
    def sign(self, body: Payload, /) -> SignedRequest:
        """Build the request a sender using this scheme sends with ``body``.

        ``body`` is a dict or list (encoded as compact JSON), or the exact bytes or text.
        Schemes take further keyword options (a timestamp, a message id). Use it to test your
        receiver.
        """

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
