"""What the synchronous-hook test apps of every framework share: a Supabase receiver, the
answer of each hook, and the requests the tests send.

Each app serves, for its every kind of entry point:

- ``.../answer``: the handler returns ``answer(event)``: the custom access token's claims with
  one added, an error object for an email, a refused sign-up, ``None`` for an SMS;
- ``.../raise``: the handler raises;
- ``.../wrong``: the handler returns what is not an answer (a string);
- ``.../response``: the handler returns a framework response of its own (sent as is).
"""

from __future__ import annotations

from typing import Any, NoReturn

import authhooks
from authhooks.providers.supabase import (
    BeforeUserCreated,
    CustomAccessToken,
    HookError,
    HookResponse,
    SendEmail,
    SendSMS,
    SupabaseEvent,
)
from authhooks.samples import load_sample

SECRET = "v1,whsec_YXV0aGhvb2tzIHN5bmNocm9ub3VzIGFuc3dlcnMgMDE="
RECEIVER = authhooks.Supabase(SECRET)

#: What a refused sign-up and an email that is not sent are told.
REFUSED_SIGN_UP = "Only example.com addresses may sign up."
NO_EMAIL = "Email sending is paused."
FAILED = {"error": {"http_code": 500, "message": "The auth hook failed."}}
#: The body and status of the framework responses the ``/response`` handlers return.
OWN_ANSWER = {"own": "answer"}
OWN_STATUS = 202


class HandlerFailed(RuntimeError):
    """What the raising handlers raise."""


def answer(event: SupabaseEvent) -> HookResponse | None:
    """The answer each hook gets from the test apps."""
    if isinstance(event, CustomAccessToken):
        return event.answer(plan="pro")
    if isinstance(event, SendEmail):
        return HookError(429, NO_EMAIL)
    if isinstance(event, BeforeUserCreated):
        email = event.user.email or ""
        if not email.endswith("@example.com"):
            return event.reject(REFUSED_SIGN_UP, http_code=403)
        return event.answer()
    if isinstance(event, SendSMS):
        return None
    return event.answer()


def fail(event: Any) -> NoReturn:
    """The raising handler."""
    raise HandlerFailed(f"the handler of {event.type} failed")


def wrong(event: Any) -> Any:
    """The handler returning what is not an answer."""
    return "claims"


def delivery(hook: str, **changes: Any) -> tuple[bytes, dict[str, str]]:
    """A genuine call of ``hook`` (its documentation sample), with ``changes`` to its input."""
    payload = {**load_sample("supabase", hook), **changes}
    request = RECEIVER.scheme.sign(payload)
    return request.body, dict(request.headers)
