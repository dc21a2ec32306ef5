"""What the receivers of senders that sign as Standard Webhooks (and Svix) do share: the
constructor, which wires the secret, the headers and the tolerance into a
[`StandardWebhooks`][authhooks.schemes.StandardWebhooks] scheme."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from authhooks._body import DEFAULT_MAX_BODY_SIZE
from authhooks._secrets import SecretInput
from authhooks._time import Clock, Seconds
from authhooks.events import WebhookEvent
from authhooks.receiver import Receiver
from authhooks.schemes import StandardWebhooks

__all__ = ["StandardWebhooksReceiver"]

E = TypeVar("E", bound=WebhookEvent)


class StandardWebhooksReceiver(Receiver[E]):
    """A receiver whose sender signs the id, the time and the body with HMAC-SHA256, as
    Standard Webhooks do; each provider names its header prefix and signature separator."""

    #: The [`StandardWebhooks`][authhooks.schemes.StandardWebhooks] scheme that checks
    #: each request (and signs, in tests).
    scheme: StandardWebhooks
    #: The prefix of the ``id``, ``timestamp`` and ``signature`` headers, or several (the
    #: first one a request carries is read, never a mix).
    header_prefix: ClassVar[str | Sequence[str]]
    #: What separates the signatures of the signature header.
    signature_separator: ClassVar[str] = " "

    def __init__(
        self,
        secret: SecretInput,
        *,
        tolerance: Seconds = 300,
        clock: Clock | None = None,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        scheme = StandardWebhooks(
            self._secrets(secret),
            header_prefix=self.header_prefix,
            signature_separator=self.signature_separator,
            tolerance=tolerance,
            clock=clock,
        )
        super().__init__(scheme, max_body_size=max_body_size)

    @staticmethod
    def _secrets(secret: SecretInput) -> SecretInput:
        """The secrets as the scheme takes them (a provider may split or refuse some)."""
        return secret
