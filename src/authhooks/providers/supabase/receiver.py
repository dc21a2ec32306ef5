"""The Supabase Auth hooks receiver: Standard Webhooks signatures, joined with ``", "``."""

from __future__ import annotations

from typing import ClassVar

from authhooks._secrets import SecretInput, secret_items
from authhooks.answers import HTTPAnswer
from authhooks.errors import ConfigurationError
from authhooks.parsing import EventParser
from authhooks.providers._standard_webhooks import StandardWebhooksReceiver
from authhooks.providers.supabase.answers import HookError
from authhooks.providers.supabase.models import PARSER, SupabaseEvent

__all__ = ["Supabase"]

_ASYMMETRIC = ("v1a,", "whpk_", "whsk_")

#: What the user's request fails with when a hook's handler raised: Supabase Auth passes the
#: status and the message on (its own answer to a 500 would be a generic one).
_FAILED = HookError(500, "The auth hook failed.")


class Supabase(StandardWebhooksReceiver[SupabaseEvent]):
    """Receives Supabase Auth HTTP hooks (custom access token, send email, send SMS, MFA and
    password verification attempts, before and after user created).

    Supabase Auth signs each request as [Standard Webhooks](https://www.standardwebhooks.com)
    do, with the ``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` headers: an
    HMAC-SHA256 of the id, the time and the body, with one signature per configured secret
    joined with ``", "``. The check covers the body; ``webhook-timestamp`` must be within
    ``tolerance`` of the receiver's clock, either way.

    The hooks are synchronous (``synchronous`` is true): the handler returns the event's
    ``answer()`` (or a helper of ``authhooks.providers.supabase``, a mapping, or ``None``),
    within Supabase Auth's 5 s budget, and the framework adapters send it; a handler that
    raises is answered ``{"error": {"http_code": 500, "message": "The auth hook failed."}}``
    with status 200, which Supabase Auth passes on. The adapters refuse a de-duplication
    store for it. ``event.id`` is ``metadata.uuid``, the same in every attempt of one call,
    else the body's SHA-256.

    Args:
        secret: the hook's secret as the dashboard shows it, ``v1,whsec_<base64>`` (the
            ``v1,`` and ``whsec_`` prefixes are optional), or several (rotation), as a list
            or joined with ``|`` as in Supabase Auth's configuration.
        tolerance: how far ``webhook-timestamp`` may be from the receiver's clock, either
            way, in seconds or a ``timedelta`` (default five minutes).
        clock: the current time (see [`Clock`][authhooks.Clock]); the real time when ``None``.
        max_body_size: the largest body accepted, in bytes.

    Raises:
        ConfigurationError: no secret, or one that is not a ``v1,whsec_`` secret (Supabase
            Auth signs with no other kind).

    Example:
        ```python
        receiver = authhooks.Supabase(os.environ["SUPABASE_AUTH_HOOK_SECRET"])
        event = receiver.verify(request_body, request_headers)
        if isinstance(event, CustomAccessToken):
            answer = event.answer(plan="pro")  # {"claims": {..., "plan": "pro"}}
        ```
    """

    provider: ClassVar[str] = "supabase"
    parser: ClassVar[EventParser[SupabaseEvent]] = PARSER
    synchronous: ClassVar[bool] = True

    header_prefix: ClassVar[str] = "webhook-"
    signature_separator: ClassVar[str] = ", "

    @property
    def tolerance(self) -> float:
        """How far ``webhook-timestamp`` may be from the receiver's clock, in seconds."""
        return self.scheme.tolerance

    @staticmethod
    def _secrets(secret: SecretInput) -> list[str | bytes]:
        """Each secret of ``secret``: a list's items, ``|``-joined text split."""
        result: list[str | bytes] = []
        for item in secret_items(secret, name="secret"):
            parts = item.split("|") if isinstance(item, str) else [item]
            for part in parts:
                if isinstance(part, str) and part.startswith(_ASYMMETRIC):
                    raise ConfigurationError(
                        "secret is an asymmetric Standard Webhooks key; Supabase Auth signs "
                        "hooks with v1,whsec_ secrets only"
                    )
                result.append(part)
        return result

    def failure_answer(self, error: Exception) -> HTTPAnswer:
        """``{"error": {"http_code": 500, "message": "The auth hook failed."}}`` with status
        200: Supabase Auth fails the user's request with that status and message (a ``500``
        answer would reach the user as a generic error). The error itself is only logged."""
        return _FAILED.to_response()
