"""Property-based attacks on every target: each registered provider, and ``Webhook`` with
every scheme form (see ``_targets``).

- a single-byte change to an authentication header or token is always rejected, and a
  single-byte change to the body is rejected wherever the scheme covers the body;
- arbitrary bodies and header values raise nothing but :class:`authhooks.WebhookError`;
- whatever JSON object is signed verifies back to the same document.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from authhooks import PayloadError, VerificationError, WebhookError

from ._cases import Case, b64decode, is_jwt
from ._targets import all_targets, raw_of

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: Examples per property for a ``Webhook`` scheme form (each scheme has property tests of its
#: own in ``tests/schemes``); a registered provider gets :data:`SETTINGS`' sixty.
SCHEME_EXAMPLES = 20


def explore(case: Case, check: Callable[..., None], **strategies: Any) -> None:
    """Run the property ``check`` over ``strategies`` with as many examples as ``case``
    deserves."""
    examples = SETTINGS.max_examples if case.provider else SCHEME_EXAMPLES
    settings(SETTINGS, max_examples=examples)(given(**strategies)(check))()


def _mutate(text: str, index: int, replacement: str) -> str:
    return text[:index] + replacement + text[index + 1 :]


def _case_only(a: str, b: str) -> bool:
    return a != b and a.lower() == b.lower()


def _same_token_bytes(original: str, mutated: str) -> bool:
    """Whether ``mutated`` spells the very same JWS (another base64url spelling of the
    signature segment's bytes: its last character carries unused bits)."""
    if not (is_jwt(original) and mutated.count(".") == 2):
        return False
    head, claims, sig = original.split(".")
    m_head, m_claims, m_sig = mutated.split(".")
    return (head, claims) == (m_head, m_claims) and b64decode(sig) == b64decode(m_sig)


def _accepted(case: Case, body: bytes, headers: dict[str, str]) -> bool:
    try:
        case.receiver.verify(body, headers)
    except WebhookError:
        return False
    return True


# --- single-byte changes ----------------------------------------------------------------------


def test_any_single_change_to_an_auth_header_is_rejected(header_case: Case) -> None:
    def check(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(header_case.auth_headers), label="header")
        value = header_case.valid.headers[name]
        index = data.draw(st.integers(0, len(value) - 1), label="index")
        replacement = data.draw(
            st.characters(max_codepoint=0x2FF) | st.sampled_from(["\r", "\n", "\x00", " "])
        )
        # A change of letter header_case alone is a different secret except where the format says
        # otherwise (the Bearer scheme word, hex digests): covered by the providers' own tests.
        assume(replacement != value[index] and not _case_only(replacement, value[index]))
        mutated = _mutate(value, index, replacement)
        headers = {**header_case.valid.headers, name: mutated}
        if _accepted(header_case, header_case.valid.body, headers):
            assert mutated.strip() == value or _same_token_bytes(value, mutated.strip()), (
                f"{header_case.name}: {name} changed at {index} and still accepted"
            )

    explore(header_case, check, data=st.data())


def test_any_single_byte_change_to_the_body(case: Case) -> None:
    def check(data: st.DataObject) -> None:
        body = case.valid.body
        index = data.draw(st.integers(0, len(body) - 1), label="index")
        byte = data.draw(st.integers(0, 255).filter(lambda b: b != body[index]), label="byte")
        mutated = body[:index] + bytes([byte]) + body[index + 1 :]
        try:
            case.receiver.verify(mutated, case.valid.headers)
        except WebhookError:
            return
        if case.covers_body:
            original, text = body.decode("latin-1"), mutated.decode("latin-1")
            assert case.token_in_body, f"{case.name}: body changed at {index}, still accepted"
            assert _same_token_bytes(original, text.strip()), (
                f"{case.name}: token changed, accepted"
            )

    explore(case, check, data=st.data())


# --- arbitrary input --------------------------------------------------------------------------

#: Every header name a target sends, in several spellings, and other names.
_SENT = sorted({name for target in all_targets().values() for name in target.valid.headers})
header_names = st.sampled_from(
    sorted({*_SENT, *map(str.lower, _SENT), *map(str.upper, _SENT), "User-Agent", "Cookie"})
) | st.text(max_size=20)


def test_arbitrary_bodies_and_headers_raise_only_webhook_errors(case: Case) -> None:
    def check(body: bytes, headers: dict[str, str]) -> None:
        try:
            case.receiver.verify(body, headers)
        except WebhookError:
            return
        # Accepted only with the genuine credentials, which arbitrary text does not hold.
        raise AssertionError(f"{case.name}: arbitrary request accepted")

    explore(
        case,
        check,
        body=st.binary(max_size=2048),
        headers=st.dictionaries(header_names, st.text(), max_size=6),
    )


def test_arbitrary_auth_header_values_raise_only_webhook_errors(header_case: Case) -> None:
    def check(data: st.DataObject) -> None:
        headers = dict(header_case.valid.headers)
        for name in header_case.auth_headers:
            headers[name] = data.draw(st.text(max_size=400), label=name)
        body = data.draw(
            st.one_of(st.just(header_case.valid.body), st.binary(max_size=512)), label="body"
        )
        assert not _accepted(header_case, body, headers)

    explore(header_case, check, data=st.data())


def test_arbitrary_text_headers_alongside_valid_ones_never_crash(case: Case) -> None:
    def check(data: st.DataObject) -> None:
        extra = data.draw(st.dictionaries(header_names, st.text(max_size=100), max_size=4))
        headers = {**case.valid.headers, **extra}
        with contextlib.suppress(WebhookError):
            case.receiver.verify(case.valid.body, headers)

    explore(case, check, data=st.data())


# --- round trips ------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
extras = st.dictionaries(st.text(max_size=10).map(lambda k: f"x_{k}"), json_values, max_size=4)


def test_sign_then_verify_round_trips(case: Case) -> None:
    def check(extra: dict[str, Any]) -> None:
        payload = {**case.payload, **extra}
        request = case.sign(payload)
        event = case.receiver.verify(request.body, request.headers)
        raw = raw_of(event)
        assert isinstance(raw, dict)
        for key, value in extra.items():
            assert key in raw
            assert json.dumps(raw[key], sort_keys=True) == json.dumps(value, sort_keys=True)
        assert event.id
        assert event.provider == case.receiver.provider

    explore(case, check, extra=extras)


def test_any_signed_json_object_is_accepted_or_a_payload_error(case: Case) -> None:
    def check(payload: dict[str, Any]) -> None:
        request = case.sign(payload)
        try:
            event = case.receiver.verify(request.body, request.headers)
        except PayloadError:
            return
        except VerificationError:
            # A token-bodied scheme also checks claims (audience, issued-at) of the document.
            assert case.token_in_body, f"{case.name}: a genuine request failed verification"
            return
        assert isinstance(event.raw, dict)

    explore(case, check, payload=st.dictionaries(st.text(max_size=10), json_values, max_size=6))


# --- any text, any JSON type ------------------------------------------------------------------

#: Text with lone surrogates mixed in: headers taken from JSON (serverless platforms) can
#: hold them, and ``st.text()`` never draws them.
surrogates = st.integers(0xD800, 0xDFFF).map(chr)
any_text = st.text(st.characters() | surrogates, max_size=80)


def test_any_text_in_any_auth_header_raises_only_webhook_errors(header_case: Case) -> None:
    def check(data: st.DataObject) -> None:
        headers = dict(header_case.valid.headers)
        name = data.draw(st.sampled_from(header_case.auth_headers), label="header")
        value = headers[name]
        # Around, inside or instead of the genuine value.
        where = data.draw(st.sampled_from(["instead", "prefix", "suffix", "middle"]), label="where")
        text = data.draw(any_text, label="text")
        middle = len(value) // 2
        headers[name] = {
            "instead": text,
            "prefix": text + value,
            "suffix": value + text,
            "middle": value[:middle] + text + value[middle:],
        }[where]
        try:
            header_case.receiver.verify(header_case.valid.body, headers)
        except WebhookError:
            return
        # Accepted only when what was added is HTTP whitespace around the genuine value.
        assert headers[name].strip(" \t") == value, (header_case.name, where, text)

    explore(header_case, check, data=st.data())


def test_any_text_in_any_header_raises_only_webhook_errors(case: Case) -> None:
    def check(headers: dict[str, str]) -> None:
        with contextlib.suppress(WebhookError):
            case.receiver.verify(case.valid.body, {**case.valid.headers, **headers})

    explore(case, check, headers=st.dictionaries(header_names | any_text, any_text, max_size=6))
