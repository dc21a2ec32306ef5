"""Coverage-guided fuzzing (atheris / libFuzzer) of the header and token parsers.

Usage: ``python fuzz/run.py headers|tokens [libFuzzer options]``, e.g.
``python fuzz/run.py tokens -max_total_time=600``. ``nox -s fuzz`` runs every target.

Every provider in the demo registry is covered. A target fails (and libFuzzer saves the
crashing input as ``crash-*``) when untrusted input raises anything but an
``authhooks.WebhookError`` subclass, or when a mutated request is accepted although its
authentication header or token was changed.

- ``headers``: the case-insensitive header lookup, and every provider's ``verify`` with
  fuzzed header mappings (names in any case, duplicates, any text as values) and bodies.
- ``tokens``: every JWT-based provider with tokens built from fuzzed JOSE headers, claims and
  signatures (``alg``, ``crit``, ``jku``, ``kid``, bad base64, extra segments, ...).
"""

from __future__ import annotations

import base64
import json
import sys
from typing import Any

import atheris


def _is_jwt(value: str) -> bool:
    parts = value.split(".")
    return len(parts) == 3 and all(parts[:2]) and value.startswith("eyJ")


class Case:
    """One provider: its receiver, a valid request and where its credentials travel."""

    def __init__(self, provider: Any) -> None:
        self.name: str = provider.name
        self.receiver = provider.make_receiver()
        payload = load_sample(provider.name, provider.event)
        self.valid = provider.sign(payload)
        forged = provider.forge(payload)
        # Authentication headers: the ones whose value differs between genuine and forged.
        self.auth_headers = [
            name for name, value in self.valid.headers.items() if forged.headers.get(name) != value
        ]
        self.token_in_body = _is_jwt(self.valid.body.decode("ascii", "replace"))
        self.token_headers = [n for n in self.auth_headers if _is_jwt(self.valid.headers[n])]


with atheris.instrument_imports(include=["authhooks", "jwt"]):
    import jwt  # noqa: F401  (instrumented for the token target)

    from authhooks import WebhookError
    from authhooks._demo import demo_providers
    from authhooks._headers import get_header, require_header
    from authhooks.samples import load_sample

    # Building the receivers imports each provider (and its verifiers) lazily: inside the
    # block, so that libFuzzer sees their coverage.
    CASES = [Case(p) for p in demo_providers()]
TOKEN_CASES = [c for c in CASES if c.token_in_body or c.token_headers]
NAMES = sorted({n for c in CASES for n in c.valid.headers} | {"Content-Type", "X-Other"})


def _verify(case: Case, body: bytes, headers: dict[str, str]) -> None:
    try:
        case.receiver.verify(body, headers)
    except WebhookError:
        return


def _header_name(fdp: atheris.FuzzedDataProvider) -> str:
    name = NAMES[fdp.ConsumeIntInRange(0, len(NAMES) - 1)]
    style = fdp.ConsumeIntInRange(0, 3)
    return (name, name.lower(), name.upper(), fdp.ConsumeUnicodeNoSurrogates(12))[style]


def headers_target(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    case = CASES[fdp.ConsumeIntInRange(0, len(CASES) - 1)]
    mode = fdp.ConsumeIntInRange(0, 2)
    headers: dict[str, str] = dict(case.valid.headers)
    if mode == 0:  # replace the authentication headers by arbitrary text
        for name in case.auth_headers:
            headers[name] = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 300))
    elif mode == 1:  # arbitrary header mappings
        headers = {}
        for _ in range(fdp.ConsumeIntInRange(0, 6)):
            headers[_header_name(fdp)] = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 200))
    else:  # keep the headers, add spellings of the same names with other values
        for name in case.auth_headers:
            headers[name.lower() if name != name.lower() else name.upper()] = fdp.ConsumeUnicode(40)
    body = case.valid.body if fdp.ConsumeBool() else fdp.ConsumeBytes(fdp.remaining_bytes())
    for name in NAMES:
        try:
            require_header(headers, name)
            get_header(headers, name)
        except WebhookError:
            pass
    _verify(case, body, headers)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


_JOSE_VALUES: list[Any] = [
    "none", "None", "HS256", "HS384", "HS512", "RS256", "RS512", "ES256", "PS256", "EdDSA",
    "secevent+jwt", "JWT", ["exp"], [], "http://127.0.0.1:9/jwks", None, 0, True, {},
]  # fmt: skip
_JOSE_KEYS = ["alg", "typ", "kid", "crit", "jku", "x5u", "jwk", "b64", "cty", "exp"]


def _json_value(fdp: atheris.FuzzedDataProvider, depth: int = 0) -> Any:
    kind = fdp.ConsumeIntInRange(0, 6 if depth < 3 else 4)
    if kind == 0:
        return _JOSE_VALUES[fdp.ConsumeIntInRange(0, len(_JOSE_VALUES) - 1)]
    if kind == 1:
        return fdp.ConsumeUnicodeNoSurrogates(16)
    if kind == 2:
        return fdp.ConsumeInt(8)
    if kind == 3:
        return fdp.ConsumeRegularFloat()
    if kind == 4:
        return None
    if kind == 5:
        return [_json_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))]
    return {
        fdp.ConsumeUnicodeNoSurrogates(8): _json_value(fdp, depth + 1)
        for _ in range(fdp.ConsumeIntInRange(0, 3))
    }


def _segment(fdp: atheris.FuzzedDataProvider, original: str, keys: list[str]) -> str:
    mode = fdp.ConsumeIntInRange(0, 3)
    if mode == 0:
        return original
    if mode == 1:  # the original JSON with fuzzed members
        try:
            doc = json.loads(base64.urlsafe_b64decode(original + "=" * (-len(original) % 4)))
        except ValueError:
            doc = {}
        if not isinstance(doc, dict):
            doc = {}
        for _ in range(fdp.ConsumeIntInRange(1, 3)):
            key = keys[fdp.ConsumeIntInRange(0, len(keys) - 1)]
            doc[key] = _json_value(fdp)
        try:
            return _b64(json.dumps(doc, allow_nan=True).encode())
        except (TypeError, ValueError):
            return original
    if mode == 2:  # arbitrary bytes, well encoded
        return _b64(fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 200)))
    return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 120))  # arbitrary text


def tokens_target(data: bytes) -> None:
    if not TOKEN_CASES:
        return
    fdp = atheris.FuzzedDataProvider(data)
    case = TOKEN_CASES[fdp.ConsumeIntInRange(0, len(TOKEN_CASES) - 1)]
    if case.token_in_body:
        token = case.valid.body.decode("ascii")
    else:
        token = case.valid.headers[case.token_headers[0]]
    head, claims, signature = token.split(".")
    parts = [
        _segment(fdp, head, _JOSE_KEYS),
        _segment(fdp, claims, ["iat", "exp", "nbf", "aud", "iss", "events", "jti", "toe"]),
        signature if fdp.ConsumeBool() else _segment(fdp, signature, ["x"]),
    ]
    extra = fdp.ConsumeIntInRange(0, 2)
    suffix = fdp.ConsumeUnicode(8) if fdp.ConsumeBool() else ""
    forged = ".".join(parts + ["e30"] * extra) + suffix
    body, headers = case.valid.body, dict(case.valid.headers)
    if case.token_in_body:
        body = forged.encode("utf-8", "surrogatepass")
    else:
        headers[case.token_headers[0]] = forged
    try:
        case.receiver.verify(body, headers)
    except WebhookError:
        return
    if forged.strip() == token:
        return
    same_signed_input = parts[:2] == [head, claims] and not extra and not suffix.strip()
    if same_signed_input and _decoded(parts[2]) == _decoded(signature):
        return  # another base64url spelling of the very same signature bytes
    raise AssertionError(f"{case.name}: a changed token was accepted: {forged!r}")


def _decoded(segment: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError:
        return None


TARGETS = {"headers": headers_target, "tokens": tokens_target}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(TARGETS)} [libFuzzer options]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
