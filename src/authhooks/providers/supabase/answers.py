"""What a Supabase Auth hook answers: one typed helper per documented output.

Supabase Auth calls a hook synchronously and acts on its answer. It reads a body only from a
``200`` or ``202`` answer whose ``Content-Type`` is ``application/json``; a ``204`` is a
success without a body. A body ``{"error": {"http_code": ..., "message": ...}}`` (with a
non-empty ``message``) makes Auth fail the request with that status and message; any other
body is the hook's output. Every other status (``400``, ``401``, ``403``, ``500``...) becomes
a generic ``500`` for the client, whatever the body says, so every helper here answers
``200``.

Each helper is a small immutable pydantic model: ``model_dump()`` is the exact JSON document
(fields left as ``None`` are not sent), ``to_json()`` its bytes and ``to_response()`` the
whole HTTP answer ([`HTTPAnswer`][authhooks.HTTPAnswer]). Building one
checks what Supabase Auth would otherwise refuse at run time, with a generic error: an empty
rejection message (which Auth reads as "no error"), an ``http_code`` that is not a whole
number, claims that miss a required claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
)

from authhooks.answers import JSON_HEADERS, HTTPAnswer, answer_of, encode_json

__all__ = [
    "REQUIRED_CLAIMS",
    "CustomAccessTokenResponse",
    "HTTPAnswer",
    "HookError",
    "HookResponse",
    "MFAVerificationResponse",
    "PasswordVerificationResponse",
    "SuccessResponse",
    "to_response",
]

#: The claims Supabase Auth requires in a custom access token hook's answer.
REQUIRED_CLAIMS: tuple[str, ...] = (
    "aud",
    "exp",
    "iat",
    "sub",
    "email",
    "phone",
    "role",
    "aal",
    "session_id",
    "is_anonymous",
)
_TEXT_CLAIMS = ("iss", "sub", "jti", "email", "phone", "role", "aal", "session_id", "client_id")
_INTEGER_CLAIMS = ("exp", "iat", "nbf")
_OBJECT_CLAIMS = ("app_metadata", "user_metadata")


class HookResponse(BaseModel):
    """Base of the answers: immutable, strict, and serialised without its unset fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    #: The HTTP status of every answer: Supabase Auth reads a body only from a 200 or 202.
    status_code: ClassVar[int] = 200

    @model_serializer(mode="wrap")
    def _without_none(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        document: dict[str, Any] = handler(self)
        if set(document) != set(type(self).model_fields):
            # Serialised as a class it is not (a field or a FastAPI route declared as
            # ``HookResponse``, which knows none of its fields): the answer is its own
            # document all the same, never an empty object.
            own: dict[str, Any] = type(self).__pydantic_serializer__.to_python(self, mode=info.mode)
            return own
        return {name: value for name, value in document.items() if value is not None}

    def to_json(self) -> bytes:
        """The body: ``model_dump()`` as compact UTF-8 JSON."""
        return encode_json(self.model_dump(mode="json"))

    def to_response(self) -> HTTPAnswer:
        """The whole HTTP answer: status 200, ``Content-Type: application/json``, the body."""
        return HTTPAnswer(self.status_code, self.model_dump(mode="json"), dict(JSON_HEADERS))


class SuccessResponse(HookResponse):
    """``{}``: the success answer of the send email, send SMS, before user created and after
    user created hooks ("an empty response with a status code of 200")."""


class HookError(HookResponse):
    """``{"error": {"http_code": ..., "message": ...}}``: fail the user's request.

    Supabase Auth answers the client with ``http_code`` and ``message`` (for example a
    refused sign-up in the before user created hook). Return it from the handler; it is sent
    with status 200, the only way Supabase Auth passes the code and message on.

    Args:
        http_code: the status Supabase Auth answers the client with, 400 to 599.
        message: what the client is told; not empty (Supabase Auth reads an empty message as
            "no error").

    Example:
        ```python
        return HookError(403, "Only company emails are allowed to sign up.")
        ```
    """

    http_code: int = Field(ge=400, le=599)
    message: str = Field(min_length=1)

    def __init__(self, http_code: int, message: str) -> None:
        BaseModel.__init__(self, http_code=http_code, message=message)

    @field_validator("message")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an error message must not be blank")
        return value

    @model_serializer(mode="plain")
    def _error_object(self) -> dict[str, Any]:
        return {"error": {"http_code": self.http_code, "message": self.message}}


class CustomAccessTokenResponse(HookResponse):
    """``{"claims": {...}}``: the claims of the access token Supabase Auth issues.

    ``claims`` is the whole claims object (start from the hook's input claims:
    [`CustomAccessToken.answer`][authhooks.providers.supabase.CustomAccessToken.answer] does),
    a mapping or an [`AccessTokenClaims`][authhooks.providers.supabase.AccessTokenClaims].
    It must be JSON and pass the checks Supabase Auth makes: the claims of
    ``REQUIRED_CLAIMS`` present, ``exp``/``iat``/``nbf`` whole numbers, ``aud`` text or a
    list, ``amr`` a list, the metadata objects, the other registered claims text.
    """

    claims: dict[str, Any]

    @field_validator("claims", mode="before")
    @classmethod
    def _as_dict(cls, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
        if isinstance(value, Mapping):
            return dict(value)
        return value

    @field_validator("claims")
    @classmethod
    def _acceptable(cls, claims: dict[str, Any]) -> dict[str, Any]:
        _check_claims(claims)
        return claims


def _check_claims(claims: dict[str, Any]) -> None:
    try:
        encode_json(claims)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"claims must be JSON ({type(exc).__name__})") from None
    missing = [name for name in REQUIRED_CLAIMS if name not in claims]
    if missing:
        raise ValueError(f"Supabase Auth requires the claims {', '.join(missing)}")
    wrong: list[str] = []
    for name, value in claims.items():
        if name in _INTEGER_CLAIMS:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif name in _TEXT_CLAIMS:
            ok = isinstance(value, str)
        elif name in _OBJECT_CLAIMS:
            ok = isinstance(value, dict)
        elif name == "aud":
            ok = isinstance(value, (str, list))
        elif name == "amr":
            ok = isinstance(value, list) and all(isinstance(x, (str, dict)) for x in value)
        else:
            continue
        if not ok:
            wrong.append(name)
    if wrong:
        raise ValueError(f"claims of the wrong JSON type for Supabase Auth: {', '.join(wrong)}")


class MFAVerificationResponse(HookResponse):
    """``{"decision": "continue" | "reject", "message": ...}``: the MFA verification attempt
    hook's answer.

    ``reject`` signs the user out of every session and fails the verification with status
    403 and ``message`` (Supabase Auth's default message when ``None``).
    """

    decision: Literal["continue", "reject"]
    message: str | None = None


class PasswordVerificationResponse(HookResponse):
    """``{"decision": "continue" | "reject", "message": ..., "should_logout_user": ...}``:
    the password verification attempt hook's answer.

    ``reject`` fails the sign-in with status 400 (``invalid_credentials``) and ``message``
    (Supabase Auth's default message when ``None``), and signs the user out of every session
    when ``should_logout_user`` is true (a JSON boolean: the text ``"false"`` would make
    Supabase Auth fail the request).
    """

    decision: Literal["continue", "reject"]
    message: str | None = None
    should_logout_user: bool | None = None


def to_response(result: HookResponse | Mapping[str, Any] | None) -> HTTPAnswer:
    """The HTTP answer for what a hook handler returned: what the framework adapters send.

    An answer helper gives its own ``to_response()``; a mapping is sent as it is, as JSON with
    status 200; ``None`` is a ``204`` without a body, which Supabase Auth takes as a success
    with no output (enough for every hook but the custom access token, which needs claims).

    Raises:
        TypeError: ``result`` is none of these.
        ValueError: a mapping that is not JSON (a ``NaN``, an object JSON cannot hold).
    """
    return answer_of(result)
