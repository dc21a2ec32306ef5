"""The answer helpers: the exact JSON and status of each hook's output, read back the way
Supabase Auth's sender reads an answer (internal/hooks/hookshttp and hookserrors), and the
mistakes Supabase Auth would turn into a generic 500 refused when the answer is built."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from authhooks.providers.supabase import (
    REQUIRED_CLAIMS,
    AccessTokenClaims,
    BeforeUserCreated,
    CustomAccessToken,
    CustomAccessTokenResponse,
    HookError,
    HookResponse,
    HTTPAnswer,
    MFAVerificationAttempt,
    MFAVerificationResponse,
    PasswordVerificationAttempt,
    PasswordVerificationResponse,
    SuccessResponse,
    Supabase,
    SupabaseEvent,
    to_response,
)
from authhooks.samples import load_sample

SECRET = "v1,whsec_YXV0aGhvb2tzIHN1cGFiYXNlIHZlY3RvciBrZXkgMDE="
SAMPLE_CLAIMS = load_sample("supabase", "customize-access-token")["claims"]


def event_of(hook: str, **changes: Any) -> SupabaseEvent:
    payload = {**load_sample("supabase", hook), **changes}
    receiver = Supabase(SECRET)
    request = receiver.scheme.sign(payload)
    return receiver.verify(request.body, request.headers)


# What Supabase Auth does with an answer, transcribed from hookshttp.go and hookserrors.go:
# ("ok", output document or None) or ("error", status the client gets, message).
def supabase_reads(answer: HTTPAnswer) -> tuple[Any, ...]:
    if answer.status == 204:
        return ("ok", None)
    if answer.status not in (200, 202):
        return ("error", 500, f"status {answer.status}")
    media = answer.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media != "application/json":
        return ("error", 400, "Invalid Content-Type")
    document = json.loads(answer.content)
    error = document.get("error") if isinstance(document, dict) else None
    if isinstance(error, dict):
        code, message = error.get("http_code", 0), error.get("message", "")
        if type(code) is int and isinstance(message, str) and message:
            return ("error", code or 500, message)
    return ("ok", document)


def passes_the_claims_schema(claims: Mapping[str, Any]) -> bool:
    """MinimumViableTokenSchema (internal/tokens/service.go), by hand."""
    required = ["aud", "exp", "iat", "sub", "email", "phone", "role", "aal", "session_id"]
    if any(name not in claims for name in [*required, "is_anonymous"]):
        return False
    types: dict[str, tuple[type, ...]] = {
        "aud": (str, list),
        "exp": (int,),
        "iat": (int,),
        "nbf": (int,),
        "jti": (str,),
        "iss": (str,),
        "sub": (str,),
        "email": (str,),
        "phone": (str,),
        "role": (str,),
        "aal": (str,),
        "session_id": (str,),
        "client_id": (str,),
        "app_metadata": (dict,),
        "user_metadata": (dict,),
        "amr": (list,),
    }
    for name, allowed in types.items():
        value = claims.get(name)
        if name in claims and (not isinstance(value, allowed) or isinstance(value, bool)):
            return False
    return all(isinstance(item, (str, dict)) for item in claims.get("amr", []))


# -- the exact answers -----------------------------------------------------------------------


#: Each answer helper and its exact body.
EXACT = [
    (SuccessResponse(), b"{}"),
    (
        HookError(403, "Only company emails"),
        b'{"error":{"http_code":403,"message":"Only company emails"}}',
    ),
    (
        HookError(http_code=429, message="Slow down"),
        b'{"error":{"http_code":429,"message":"Slow down"}}',
    ),
    (MFAVerificationResponse(decision="continue"), b'{"decision":"continue"}'),
    (
        MFAVerificationResponse(decision="reject", message="Too many attempts"),
        b'{"decision":"reject","message":"Too many attempts"}',
    ),
    (PasswordVerificationResponse(decision="continue"), b'{"decision":"continue"}'),
    (
        PasswordVerificationResponse(decision="reject", should_logout_user=True),
        b'{"decision":"reject","should_logout_user":true}',
    ),
    (
        PasswordVerificationResponse(decision="reject", message="Nope", should_logout_user=False),
        b'{"decision":"reject","message":"Nope","should_logout_user":false}',
    ),
    (
        CustomAccessTokenResponse(claims=SAMPLE_CLAIMS),
        json.dumps({"claims": SAMPLE_CLAIMS}, separators=(",", ":")).encode(),
    ),
    (HookError(400, "Ünïcode ✓"), '{"error":{"http_code":400,"message":"Ünïcode ✓"}}'.encode()),
]


@pytest.mark.parametrize(("answer", "body"), EXACT)
def test_the_exact_answer(answer: HookResponse, body: bytes) -> None:
    assert answer.to_json() == body
    assert answer.model_dump() == json.loads(body)
    assert answer.model_dump(mode="json") == json.loads(body)
    response = answer.to_response()
    assert (response.status, response.content, dict(response.headers)) == (
        200,
        body,
        {"Content-Type": "application/json"},
    )
    assert response.body == json.loads(body)
    assert to_response(answer) == response
    assert answer.status_code == 200


class _Holder(BaseModel):
    answer: HookResponse
    optional: HookResponse | None = None


@pytest.mark.parametrize(("answer", "body"), EXACT)
def test_an_answer_declared_as_the_base_class_is_its_own_document(
    answer: HookResponse, body: bytes
) -> None:
    """Serialised as ``HookResponse`` (a field, a FastAPI route's return type), which knows
    none of its fields, an answer is still its exact document, never ``{}``: a refusal
    dropped that way would let the request through."""
    document = json.loads(body)
    for declared in (HookResponse, HookResponse | None, type(answer)):
        adapter: TypeAdapter[Any] = TypeAdapter(declared)
        assert adapter.dump_json(answer) == body, declared
        assert adapter.dump_python(answer) == document, declared
        assert adapter.dump_python(answer, mode="json") == document, declared
    holder = _Holder(answer=answer, optional=answer)
    assert holder.model_dump() == {"answer": document, "optional": document}
    assert json.loads(holder.model_dump_json()) == {"answer": document, "optional": document}


def test_answers_are_immutable() -> None:
    answer = HookError(400, "No")
    with pytest.raises(ValidationError):
        answer.message = "Yes"  # type: ignore[misc]


# -- as Supabase Auth reads them -------------------------------------------------------------


@pytest.mark.parametrize("code", [400, 403, 422, 429, 500, 503, 599])
def test_a_hook_error_reaches_the_client_with_its_code(code: int) -> None:
    assert supabase_reads(HookError(code, "Refused.").to_response()) == ("error", code, "Refused.")


@pytest.mark.parametrize(
    "answer",
    [
        SuccessResponse(),
        MFAVerificationResponse(decision="reject"),
        PasswordVerificationResponse(decision="reject", should_logout_user=True),
        CustomAccessTokenResponse(claims=SAMPLE_CLAIMS),
    ],
)
def test_outputs_are_read_as_outputs(answer: HookResponse) -> None:
    outcome = supabase_reads(answer.to_response())
    assert outcome == ("ok", answer.model_dump())


def test_token_claims_pass_supabase_schema() -> None:
    event = event_of("customize-access-token")
    assert isinstance(event, CustomAccessToken)
    outcome = supabase_reads(event.answer(user_role="admin").to_response())
    assert outcome[0] == "ok"
    assert passes_the_claims_schema(outcome[1]["claims"])


def test_none_is_a_success_without_output() -> None:
    answer = to_response(None)
    assert (answer.status, answer.body, answer.content, dict(answer.headers)) == (
        204,
        None,
        b"",
        {},
    )
    assert supabase_reads(answer) == ("ok", None)


@pytest.mark.parametrize(
    "document",
    [{}, {"claims": {"a": 1}}, {"error": {"http_code": 401, "message": "x"}}, {"décision": "ø"}],
)
def test_a_mapping_is_sent_as_it_is(document: dict[str, Any]) -> None:
    answer = to_response(document)
    assert (answer.status, answer.body, dict(answer.headers)) == (
        200,
        document,
        {"Content-Type": "application/json"},
    )
    assert json.loads(answer.content) == document


@pytest.mark.parametrize(
    "document", [{"x": math.nan}, {"x": math.inf}, {"x": object()}, {"x": {1, 2}}]
)
def test_a_mapping_that_is_not_json(document: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="not JSON"):
        to_response(document)


@pytest.mark.parametrize("result", ["{}", b"{}", 200, ["claims"], HTTPAnswer(200, {})])
def test_other_results_are_refused(result: Any) -> None:
    with pytest.raises(TypeError):
        to_response(result)


# -- the mistakes refused at once ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (400, ""),  # Supabase Auth reads an empty message as "no error": the request passes
        (400, "   "),
        (400, None),
        (True, "x"),
        ("400", "x"),
        (400.0, "x"),
        (200, "x"),
        (399, "x"),
        (600, "x"),
        (None, "x"),
        (400, b"x"),
    ],
)
def test_hook_errors_that_supabase_would_not_pass_on(code: Any, message: Any) -> None:
    with pytest.raises(ValidationError):
        HookError(code, message)


def test_a_hook_error_takes_no_other_field() -> None:
    with pytest.raises(TypeError):
        HookError(400, "x", "y")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("decision", "options"),
    [
        ("allow", {}),
        ("Reject", {}),
        ("reject", {"should_logout_user": "false"}),  # Supabase's sample: a string fails in Go
        ("reject", {"should_logout_user": 0}),
        ("reject", {"message": 5}),
        ("reject", {"logout": True}),
    ],
)
def test_password_answers_are_strict(decision: str, options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        PasswordVerificationResponse(decision=decision, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options", [{"decision": "deny"}, {"decision": "reject", "should_logout_user": True}]
)
def test_mfa_answers_are_strict(options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        MFAVerificationResponse(**options)


@pytest.mark.parametrize("name", REQUIRED_CLAIMS)
def test_a_token_without_a_required_claim(name: str) -> None:
    claims = {key: value for key, value in SAMPLE_CLAIMS.items() if key != name}
    assert not passes_the_claims_schema(claims)
    with pytest.raises(ValidationError, match=name):
        CustomAccessTokenResponse(claims=claims)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("exp", "1715690221"),
        ("exp", 1715690221.0),
        ("exp", True),
        ("iat", None),
        ("nbf", 1.5),
        ("aud", 5),
        ("aud", {"a": 1}),
        ("sub", 7),
        ("email", None),
        ("role", ["authenticated"]),
        ("session_id", 1),
        ("app_metadata", []),
        ("user_metadata", "x"),
        ("amr", "password"),
        ("amr", [1]),
        ("client_id", False),
    ],
)
def test_a_token_claim_of_the_wrong_type(name: str, value: Any) -> None:
    claims = {**SAMPLE_CLAIMS, name: value}
    assert not passes_the_claims_schema(claims)
    with pytest.raises(ValidationError, match=name):
        CustomAccessTokenResponse(claims=claims)


@pytest.mark.parametrize("value", [math.nan, object(), {1, 2}])
def test_claims_that_are_not_json(value: Any) -> None:
    with pytest.raises(ValidationError, match="JSON"):
        CustomAccessTokenResponse(claims={**SAMPLE_CLAIMS, "extra": value})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("aud", ["authenticated", "api"]),
        ("nbf", 1715686621),
        ("amr", ["password", {"method": "otp"}]),
        ("custom", None),
    ],
)
def test_claims_supabase_accepts(name: str, value: Any) -> None:
    claims = {**SAMPLE_CLAIMS, name: value}
    assert passes_the_claims_schema(claims)
    assert CustomAccessTokenResponse(claims=claims).model_dump() == {"claims": claims}


# -- the events' answers ---------------------------------------------------------------------


def test_the_access_token_answer_starts_from_the_claims_sent() -> None:
    event = event_of("customize-access-token")
    assert isinstance(event, CustomAccessToken)
    assert event.answer().model_dump() == {"claims": SAMPLE_CLAIMS}
    updated = event.answer(user_role="admin", aal="aal2").model_dump()["claims"]
    assert updated == {**SAMPLE_CLAIMS, "user_role": "admin", "aal": "aal2"}
    assert event.raw["claims"] == SAMPLE_CLAIMS  # the event is not changed


def test_the_access_token_answer_keeps_claims_it_does_not_type() -> None:
    claims = {**SAMPLE_CLAIMS, "aud": ["authenticated", "api"], "tenant": {"id": "t1"}}
    event = event_of("customize-access-token", claims=claims)
    assert isinstance(event, CustomAccessToken)
    assert event.answer().model_dump() == {"claims": claims}


def test_the_access_token_answer_from_other_claims() -> None:
    event = event_of("customize-access-token")
    assert isinstance(event, CustomAccessToken)
    mine = {**SAMPLE_CLAIMS, "role": "service"}
    assert event.answer(mine).model_dump() == {"claims": mine}
    assert event.answer(mine, plan="pro").model_dump() == {"claims": {**mine, "plan": "pro"}}
    copied = event.claims.model_copy(update={"role": "editor"})
    assert event.answer(copied).model_dump()["claims"]["role"] == "editor"
    built = AccessTokenClaims.model_validate({**SAMPLE_CLAIMS, "plan": "pro"})
    assert CustomAccessTokenResponse(claims=built).model_dump() == {
        "claims": {**SAMPLE_CLAIMS, "plan": "pro"}
    }
    with pytest.raises(ValidationError, match="session_id"):
        event.answer({key: value for key, value in SAMPLE_CLAIMS.items() if key != "session_id"})


def test_an_event_built_in_python_answers_with_its_typed_claims() -> None:
    event = CustomAccessToken.model_validate(load_sample("supabase", "customize-access-token"))
    assert event.raw is None
    assert event.answer().model_dump() == {"claims": SAMPLE_CLAIMS}


def test_the_verification_attempts_answers() -> None:
    mfa = event_of("mfa-verification")
    password = event_of("password-verification")
    assert isinstance(mfa, MFAVerificationAttempt)
    assert isinstance(password, PasswordVerificationAttempt)
    assert mfa.answer().model_dump() == {"decision": "continue"}
    assert mfa.reject().model_dump() == {"decision": "reject"}
    assert mfa.reject("Locked").model_dump() == {"decision": "reject", "message": "Locked"}
    assert password.answer().model_dump() == {"decision": "continue"}
    assert password.reject().model_dump() == {"decision": "reject", "should_logout_user": False}
    assert password.reject("Locked", logout=True).model_dump() == {
        "decision": "reject",
        "message": "Locked",
        "should_logout_user": True,
    }


@pytest.mark.parametrize(
    "hook", ["send-email", "send-sms", "before-user-created", "after-user-created"]
)
def test_the_other_hooks_answer_an_empty_object(hook: str) -> None:
    event = event_of(hook)
    assert event.answer() == SuccessResponse()
    assert event.answer().to_json() == b"{}"


def test_a_sign_up_refused() -> None:
    event = event_of("before-user-created")
    assert isinstance(event, BeforeUserCreated)
    refusal = event.reject("Only company emails are allowed to sign up.")
    assert refusal.model_dump() == {
        "error": {"http_code": 400, "message": "Only company emails are allowed to sign up."}
    }
    assert event.reject("No", http_code=403).http_code == 403
    with pytest.raises(ValidationError):
        event.reject("")
