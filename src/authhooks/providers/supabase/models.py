"""Supabase Auth hooks: the input of each hook, typed, and its answer helpers.

Supabase Auth calls a hook synchronously: the handler's answer is the hook's output (see
``authhooks.providers.supabase.answers``). Each hook sends its own object; there is no common
envelope and no type field. Servers since v2.187.0 add ``metadata`` to every input, with the
hook's name in ``metadata.name``; older ones send it only to the before user created hook.
An input is told apart by ``metadata.name`` when it is there (an unknown name parses into
``SupabaseGenericEvent``), else by its fields: ``claims`` and ``authentication_method`` (custom
access token), ``email_data`` (send email), ``sms`` (send SMS), ``factor_id`` (MFA
verification attempt), ``user_id`` and ``valid`` (password verification attempt).

One-time codes and token hashes (``email_data.token``..., ``sms.otp``) are ``SecretStr``: they
never appear in ``repr()`` or a JSON dump; ``event.raw`` keeps them in clear.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import Discriminator, Tag

from authhooks.events import WebhookEvent
from authhooks.kinds import Kind
from authhooks.parsing import EventParser
from authhooks.providers.supabase.answers import (
    CustomAccessTokenResponse,
    HookError,
    HookResponse,
    MFAVerificationResponse,
    PasswordVerificationResponse,
    SuccessResponse,
)
from authhooks.providers.supabase.entities import (
    SMS,
    AccessTokenClaims,
    EmailData,
    HookMetadata,
    User,
)

__all__ = [
    "HOOKS",
    "PARSER",
    "AfterUserCreated",
    "BeforeUserCreated",
    "CustomAccessToken",
    "MFAVerificationAttempt",
    "PasswordVerificationAttempt",
    "SendEmail",
    "SendSMS",
    "SupabaseEvent",
    "SupabaseGenericEvent",
]


# --- the hooks ----------------------------------------------------------------------------


class SupabaseEvent(WebhookEvent):
    """Base of every Supabase Auth hook input.

    ``type`` is the hook's name (``"customize-access-token"``, ``"send-email"``...); ``id`` is
    ``metadata.uuid``, the same in every attempt of one call (``webhook-id`` changes per
    attempt), else the SHA-256 of the body; ``occurred_at`` is ``metadata.time``.
    ``answer()`` is the hook's success answer.
    """

    provider: ClassVar[str] = "supabase"
    #: The hook's name, as in ``metadata.name``.
    hook: ClassVar[str] = ""

    metadata: HookMetadata | None = None

    @property
    def type(self) -> str:
        """The hook's name (for an unknown hook, ``metadata.name``, or ``""``)."""
        return self.hook

    @property
    def id(self) -> str:
        """``metadata.uuid``, or the SHA-256 hex of the raw body when there is none."""
        metadata = self.metadata
        if metadata is not None and metadata.uuid:
            return metadata.uuid
        return self._body_id()

    @property
    def occurred_at(self) -> datetime | None:
        """When Supabase Auth called the hook: ``metadata.time``."""
        return None if self.metadata is None else self.metadata.time

    def answer(self) -> HookResponse:
        """The hook's success answer: ``{}``."""
        return SuccessResponse()


class CustomAccessToken(SupabaseEvent):
    """``customize-access-token``: an access token is about to be issued (on every sign-in
    and refresh); answer its claims."""

    hook: ClassVar[str] = "customize-access-token"
    user_id: str
    claims: AccessTokenClaims
    #: ``password``, ``otp``, ``oauth``, ``token_refresh``, ``anonymous``...
    authentication_method: str

    def answer(
        self, claims: Mapping[str, Any] | AccessTokenClaims | None = None, /, **updates: Any
    ) -> CustomAccessTokenResponse:
        """The claims to issue: ``claims`` (by default, the input claims exactly as sent)
        with ``updates`` set on top.

        ```python
        return event.answer(user_role="admin")  # the claims Supabase sent, plus one
        ```

        Raises:
            pydantic.ValidationError: the claims would be refused by Supabase Auth.
        """
        if claims is None:
            raw = self.raw
            sent = raw.get("claims") if isinstance(raw, Mapping) else None
            base: Mapping[str, Any] = (
                sent
                if isinstance(sent, Mapping)
                else self.claims.model_dump(mode="json", exclude_unset=True)
            )
        elif isinstance(claims, AccessTokenClaims):
            base = claims.model_dump(mode="json", exclude_unset=True)
        else:
            base = claims
        return CustomAccessTokenResponse(claims={**base, **updates})


class SendEmail(SupabaseEvent):
    """``send-email``: send this email yourself; ``kind`` is ``password_reset.requested``
    for a password recovery email."""

    hook: ClassVar[str] = "send-email"
    user: User
    email_data: EmailData

    @property
    def kind(self) -> Kind | None:
        """``password_reset.requested`` when ``email_action_type`` is ``recovery``."""
        return (
            "password_reset.requested" if self.email_data.email_action_type == "recovery" else None
        )


class SendSMS(SupabaseEvent):
    """``send-sms``: send this SMS (its one-time code) yourself."""

    hook: ClassVar[str] = "send-sms"
    user: User | None = None
    sms: SMS


class MFAVerificationAttempt(SupabaseEvent):
    """``mfa-verification``: an MFA code was checked (``valid``); ``kind`` is
    ``auth.failed`` when it was wrong, else ``None`` (the answer decides)."""

    hook: ClassVar[str] = "mfa-verification"
    user_id: str
    factor_id: str | None = None
    #: ``totp``, ``phone``, ``webauthn``.
    factor_type: str | None = None
    valid: bool

    @property
    def kind(self) -> Kind | None:
        """``auth.failed`` for a wrong code; ``None`` for a right one, which may be refused."""
        return None if self.valid else "auth.failed"

    def answer(self) -> MFAVerificationResponse:
        """``{"decision": "continue"}``: let Supabase Auth decide as usual."""
        return MFAVerificationResponse(decision="continue")

    def reject(self, message: str | None = None) -> MFAVerificationResponse:
        """``{"decision": "reject", ...}``: sign the user out everywhere and fail the
        verification (403) with ``message`` (Supabase Auth's default when ``None``)."""
        return MFAVerificationResponse(decision="reject", message=message)


class PasswordVerificationAttempt(SupabaseEvent):
    """``password-verification``: a password was checked (``valid``); ``kind`` is
    ``auth.failed`` when it was wrong, else ``None`` (the answer decides)."""

    hook: ClassVar[str] = "password-verification"
    user_id: str
    valid: bool

    @property
    def kind(self) -> Kind | None:
        """``auth.failed`` for a wrong password; ``None`` for a right one, which may be
        refused."""
        return None if self.valid else "auth.failed"

    def answer(self) -> PasswordVerificationResponse:
        """``{"decision": "continue"}``: let Supabase Auth decide as usual."""
        return PasswordVerificationResponse(decision="continue")

    def reject(
        self, message: str | None = None, *, logout: bool = False
    ) -> PasswordVerificationResponse:
        """``{"decision": "reject", ...}``: fail the sign-in (400) with ``message`` (Supabase
        Auth's default when ``None``); with ``logout``, sign the user out everywhere too."""
        return PasswordVerificationResponse(
            decision="reject", message=message, should_logout_user=logout
        )


class BeforeUserCreated(SupabaseEvent):
    """``before-user-created``: a user is about to be created (not stored yet); answer
    ``reject(...)`` to refuse the sign-up."""

    hook: ClassVar[str] = "before-user-created"
    metadata: HookMetadata
    user: User

    def reject(self, message: str, *, http_code: int = 400) -> HookError:
        """``{"error": {...}}``: refuse the sign-up; the client gets ``http_code`` and
        ``message``."""
        return HookError(http_code, message)


class AfterUserCreated(SupabaseEvent):
    """``after-user-created``: a user was created (in Supabase Auth's code; not yet in its
    documentation)."""

    event_kind: ClassVar[Kind | None] = "user.created"
    hook: ClassVar[str] = "after-user-created"
    user: User


class SupabaseGenericEvent(SupabaseEvent):
    """The input of a hook authhooks does not know; ``raw`` holds it whole. ``answer()`` is
    ``{}``, the success of a hook without output: answer a hook that expects one yourself."""

    @property
    def type(self) -> str:
        """``metadata.name``, or ``""`` when the input does not name its hook."""
        metadata = self.metadata
        return metadata.name if metadata is not None and metadata.name else ""


_GENERIC = "generic"
_CLASSES: tuple[type[SupabaseEvent], ...] = (
    CustomAccessToken,
    SendEmail,
    SendSMS,
    MFAVerificationAttempt,
    PasswordVerificationAttempt,
    BeforeUserCreated,
    AfterUserCreated,
)
#: The hooks with a typed input, by name.
HOOKS: Mapping[str, type[SupabaseEvent]] = {cls.hook: cls for cls in _CLASSES}


def _hook_of(value: Any) -> str:
    """The hook an input is for: ``metadata.name`` when sent, else told by its fields."""
    if not isinstance(value, dict):
        return _GENERIC
    metadata = value.get("metadata")
    if isinstance(metadata, dict) and "name" in metadata:
        name = metadata["name"]
        return name if isinstance(name, str) and name in HOOKS else _GENERIC
    if "claims" in value and "authentication_method" in value:
        return CustomAccessToken.hook
    if "email_data" in value:
        return SendEmail.hook
    if "sms" in value:
        return SendSMS.hook
    if "factor_id" in value:
        return MFAVerificationAttempt.hook
    if "user_id" in value and "valid" in value:
        return PasswordVerificationAttempt.hook
    return _GENERIC


#: Every Supabase Auth hook input, told apart by ``_hook_of``.
SupabaseAnyEvent = Annotated[
    Annotated[CustomAccessToken, Tag(CustomAccessToken.hook)]
    | Annotated[SendEmail, Tag(SendEmail.hook)]
    | Annotated[SendSMS, Tag(SendSMS.hook)]
    | Annotated[MFAVerificationAttempt, Tag(MFAVerificationAttempt.hook)]
    | Annotated[PasswordVerificationAttempt, Tag(PasswordVerificationAttempt.hook)]
    | Annotated[BeforeUserCreated, Tag(BeforeUserCreated.hook)]
    | Annotated[AfterUserCreated, Tag(AfterUserCreated.hook)]
    | Annotated[SupabaseGenericEvent, Tag(_GENERIC)],
    Discriminator(_hook_of),
]

#: Parses Supabase Auth hook inputs into their typed events.
PARSER: EventParser[SupabaseEvent] = EventParser(
    SupabaseEvent, union=SupabaseAnyEvent, generic=SupabaseGenericEvent
)
