"""Token claims of every JSON type, correctly signed: only authhooks errors, never a crash.

Akamai's claims are the body's token; Frontegg's are the header's token. Every claim the
receivers read (``iss``, ``aud``, ``iat``, ``exp``, ``nbf``, ``jti``, ``sub``, ``toe``,
``txn``, ``events``...) gets arbitrary JSON, with and without the optional checks
configured.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import given, strategies as st

import authhooks
from authhooks import WebhookError
from authhooks.providers.frontegg.signing import make_frontegg_token
from authhooks.samples import load_sample
from authhooks.testing import AkamaiTestKeys

from .test_properties import SETTINGS

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

FRONTEGG_SECRET = "claims-frontegg-secret-0123456789"
FRONTEGG = authhooks.Frontegg(secret=FRONTEGG_SECRET)
FRONTEGG_CLAIMS = ["iat", "exp", "nbf", "sub", "jti", "aud", "iss", "tenantId"]


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


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(FRONTEGG_CLAIMS), json_values, min_size=1))
def test_frontegg_claims_of_any_type(changes: dict[str, Any]) -> None:
    token = make_frontegg_token(secret=FRONTEGG_SECRET, claims=changes)
    body = b'{"eventKey":"frontegg.user.created","user":{"email":"a@b.c"}}'
    try:
        FRONTEGG.verify(body, {"x-webhook-secret": token})
    except WebhookError:
        return


@pytest.mark.parametrize("iss", [[ISSUER], {"iss": ISSUER}, 1, 2.5, True, None, [], {}])
def test_akamai_issuer_of_another_type_is_refused(iss: Any) -> None:
    claims = load_sample("akamai", "entityUpdated")
    claims.update({"iat": int(time.time()), "aud": [AUDIENCE], "iss": iss})
    with pytest.raises(authhooks.VerificationError) as info:
        AKAMAI["issuer"].verify(KEYS.sign(claims).encode(), {})
    assert info.value.reason == "invalid_issuer"
