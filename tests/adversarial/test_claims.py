"""Token claims of every JSON type, correctly signed: only authhooks errors, never a crash.

Every target whose request carries a JWT (each registered provider on the ``Jwt`` scheme, and
``Webhook`` with a token in a header, as the body, or signing the body's digest; HMAC and RSA)
gets arbitrary JSON in every claim a receiver reads (``iss``, ``aud``, ``iat``, ``exp``,
``nbf``, ``jti``, ``sub``, the body digest...). Akamai's own claims (``toe``, ``txn``,
``events``) are also attacked with its optional checks configured.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

import pytest
from hypothesis import given, strategies as st

import authhooks
from authhooks import WebhookError
from authhooks.samples import load_sample
from authhooks.testing import AkamaiTestKeys

from ._cases import NAMES, Case, get_case
from ._targets import Unsignable
from .test_properties import SETTINGS, explore

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)

AUDIENCE = "https://hooks.example.com/akamai"
ISSUER = "https://v1.api.us.janrain.com/customer/webhooks"
KEYS = AkamaiTestKeys.generate("claims")
AKAMAI = {
    "plain": authhooks.Akamai(keys=KEYS.jwks, audience=AUDIENCE),
    "issuer": authhooks.Akamai(keys=KEYS.jwks, audience=AUDIENCE, issuer=[ISSUER, "other"]),
}
AKAMAI_CLAIMS = ["iss", "aud", "iat", "exp", "nbf", "jti", "toe", "txn", "sub", "events"]

#: The claims the scheme and the receivers read.
CLAIMS = [
    "iss",
    "aud",
    "iat",
    "exp",
    "nbf",
    "jti",
    "sub",
    "request_body_sha256",
    "tenantId",
    "type",
    "id",
    "data",
]
_SIGNERS = [name for name in NAMES if (case := get_case(name)) and case.sign_claims]


@pytest.fixture(params=_SIGNERS)
def claims_case(request: pytest.FixtureRequest) -> Case:
    """Each JWT target that can sign a token with chosen claims."""
    case = get_case(request.param)
    assert case is not None
    return case


def test_claims_of_any_type_raise_only_authhooks_errors(claims_case: Case) -> None:
    sign_claims = claims_case.sign_claims
    assert sign_claims is not None

    def check(changes: dict[str, Any]) -> None:
        try:
            request = sign_claims(claims_case.payload, changes)
        except Unsignable:
            return
        with contextlib.suppress(WebhookError):
            claims_case.receiver.verify(request.body, request.headers)

    explore(
        claims_case,
        check,
        changes=st.dictionaries(st.sampled_from(CLAIMS), json_values, min_size=1),
    )


def test_every_scheme_placement_is_attacked() -> None:
    kinds = {
        (case.token_in_body, case.token_header is not None, case.covers_body)
        for case in map(get_case, _SIGNERS)
        if case
    }
    # A body token, a header token over the body's digest, a header token alone.
    assert kinds == {(True, False, True), (False, True, True), (False, True, False)}


@pytest.mark.parametrize("configured", sorted(AKAMAI))
@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(AKAMAI_CLAIMS), json_values, min_size=1))
def test_akamai_claims_of_any_type(configured: str, changes: dict[str, Any]) -> None:
    claims = load_sample("akamai", "entityUpdated")
    claims.update({"iat": int(time.time()), "aud": [AUDIENCE], "iss": ISSUER})
    claims.update(changes)
    try:
        event = AKAMAI[configured].verify(KEYS.sign(claims).encode(), {})
    except WebhookError:
        return
    assert event.raw == claims


@pytest.mark.parametrize("iss", [[ISSUER], {"iss": ISSUER}, 1, 2.5, True, None, [], {}])
def test_akamai_issuer_of_another_type_is_refused(iss: Any) -> None:
    claims = load_sample("akamai", "entityUpdated")
    claims.update({"iat": int(time.time()), "aud": [AUDIENCE], "iss": iss})
    with pytest.raises(authhooks.VerificationError) as info:
        AKAMAI["issuer"].verify(KEYS.sign(claims).encode(), {})
    assert info.value.reason == "invalid_issuer"
