"""Coverage-guided fuzzing (atheris / libFuzzer) of the header, token and body parsers.

Usage: ``python fuzz/run.py headers|tokens|bodies [libFuzzer options]``, e.g.
``python fuzz/run.py tokens -max_total_time=600``. ``nox -s fuzz`` runs every target.

The targets are those of the adversarial suite (``tests/adversarial/_targets.py``): every
registered provider with its demo credentials, and ``Webhook`` with every scheme of
``authhooks.schemes`` in each of its forms (StaticSecret Bearer, Basic and raw; BodyHmac hex
and base64; TimestampedHmac in seconds and milliseconds; StandardWebhooks with HMAC and
Ed25519; Jwt in a header, as the body and over the body's digest, with HMAC and RSA keys).
A run fails (and libFuzzer saves the input as ``crash-*``) when untrusted input raises
anything but an ``authhooks.WebhookError``, or when a request is accepted although its
credentials were changed.

- ``headers``: the case-insensitive header lookup, and every target's ``verify`` with fuzzed
  header mappings (names in any case, duplicates, any text as values) and bodies.
- ``tokens``: every JWT target with tokens built from fuzzed JOSE headers, claims and
  signatures (``alg``, ``crit``, ``jku``, ``kid``, bad base64, extra segments, ...).
- ``bodies``: every target whose body is JSON, with fuzzed bodies signed with the genuine
  credentials: the parsers see authentic bytes of any shape.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

import atheris

# The targets are shared with the adversarial suite.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports(include=["authhooks", "jwt"]):
    import jwt  # noqa: F401  (instrumented for the token target)
    from tests.adversarial._targets import Target, all_targets, events_of

    from authhooks import WebhookError
    from authhooks._headers import OWS, get_header, require_header

    # Building the targets imports each provider and scheme lazily: inside the block, so
    # that libFuzzer sees their coverage.
    TARGETS = list(all_targets().values())

TOKEN_TARGETS = [t for t in TARGETS if t.token is not None]
JSON_TARGETS = [t for t in TARGETS if not t.token_in_body]
NAMES = sorted({n for t in TARGETS for n in t.valid.headers} | {"Content-Type", "X-Other"})


def _accepted(target: Target, body: bytes, headers: dict[str, str]) -> bool:
    try:
        target.receiver.verify(body, headers)
    except WebhookError:
        return False
    return True


def _header_name(fdp: atheris.FuzzedDataProvider) -> str:
    name = NAMES[fdp.ConsumeIntInRange(0, len(NAMES) - 1)]
    style = fdp.ConsumeIntInRange(0, 3)
    return (name, name.lower(), name.upper(), fdp.ConsumeUnicodeNoSurrogates(12))[style]


def headers_target(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    target = TARGETS[fdp.ConsumeIntInRange(0, len(TARGETS) - 1)]
    mode = fdp.ConsumeIntInRange(0, 2)
    headers: dict[str, str] = dict(target.valid.headers)
    if mode == 0:  # replace the authentication headers by arbitrary text
        for name in target.auth_headers:
            headers[name] = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 300))
    elif mode == 1:  # arbitrary header mappings
        headers = {}
        for _ in range(fdp.ConsumeIntInRange(0, 6)):
            headers[_header_name(fdp)] = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 200))
    else:  # keep the headers, add spellings of the same names with other values
        for name in target.auth_headers:
            headers[name.lower() if name != name.lower() else name.upper()] = fdp.ConsumeUnicode(40)
    genuine_body = fdp.ConsumeBool()
    body = target.valid.body if genuine_body else fdp.ConsumeBytes(fdp.remaining_bytes())
    for name in NAMES:
        try:
            require_header(headers, name)
            get_header(headers, name)
        except WebhookError:
            pass
    if not _accepted(target, body, headers):
        return
    changed = [
        name
        for name in target.auth_headers
        if name not in headers or headers[name].strip(OWS) != target.valid.headers[name]
    ]
    if mode == 0 and changed:
        raise AssertionError(f"{target.name}: accepted with changed {changed}: {headers!r}")
    if not genuine_body and target.covers_body and body.strip() != target.valid.body.strip():
        raise AssertionError(f"{target.name}: accepted another body: {body!r}")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


_JOSE_VALUES: list[Any] = [
    "none", "None", "HS256", "HS384", "HS512", "RS256", "RS512", "ES256", "PS256", "EdDSA",
    "secevent+jwt", "JWT", ["exp"], [], "http://127.0.0.1:9/jwks", None, 0, True, {},
]  # fmt: skip
_JOSE_KEYS = ["alg", "typ", "kid", "crit", "jku", "x5u", "jwk", "b64", "cty", "exp"]
_CLAIMS = ["iat", "exp", "nbf", "aud", "iss", "events", "jti", "toe", "request_body_sha256"]


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
    fdp = atheris.FuzzedDataProvider(data)
    target = TOKEN_TARGETS[fdp.ConsumeIntInRange(0, len(TOKEN_TARGETS) - 1)]
    token = str(target.token)
    head, claims, signature = token.split(".")
    parts = [
        _segment(fdp, head, _JOSE_KEYS),
        _segment(fdp, claims, _CLAIMS),
        signature if fdp.ConsumeBool() else _segment(fdp, signature, ["x"]),
    ]
    extra = fdp.ConsumeIntInRange(0, 2)
    suffix = fdp.ConsumeUnicode(8) if fdp.ConsumeBool() else ""
    forged = ".".join(parts + ["e30"] * extra) + suffix
    body, headers = target.with_token(forged)
    if not _accepted(target, body, headers):
        return
    if forged.strip() == token:
        return
    same_signed_input = parts[:2] == [head, claims] and not extra and not suffix.strip()
    if same_signed_input and _decoded(parts[2]) == _decoded(signature):
        return  # another base64url spelling of the very same signature bytes
    raise AssertionError(f"{target.name}: a changed token was accepted: {forged!r}")


def _decoded(segment: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except ValueError:
        return None


def bodies_target(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    target = JSON_TARGETS[fdp.ConsumeIntInRange(0, len(JSON_TARGETS) - 1)]
    genuine = target.valid.body
    mode = fdp.ConsumeIntInRange(0, 2)
    if mode == 0:  # arbitrary bytes
        body = fdp.ConsumeBytes(fdp.remaining_bytes())
    elif mode == 1:  # the genuine JSON with a fuzzed splice
        start = fdp.ConsumeIntInRange(0, len(genuine))
        end = fdp.ConsumeIntInRange(start, len(genuine))
        body = genuine[:start] + fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 64)) + genuine[end:]
    else:  # the genuine document with fuzzed members (of an object, or of a list's items)
        document = json.loads(genuine)
        members = (
            document if isinstance(document, dict) else {str(i): v for i, v in enumerate(document)}
        )
        document = members or {"x": None}
        for _ in range(fdp.ConsumeIntInRange(1, 4)):
            key = list(document)[fdp.ConsumeIntInRange(0, len(document) - 1)]
            document[key if fdp.ConsumeBool() else fdp.ConsumeUnicodeNoSurrogates(8)] = _json_value(
                fdp
            )
        body = json.dumps(document, allow_nan=fdp.ConsumeBool()).encode()
    request = target.sign(body)
    try:
        result = target.receiver.verify(request.body, request.headers)
    except WebhookError:
        return
    # Every part of the contract computes without a foreign exception, for the event or for
    # each event of a delivery that carries several.
    for event in events_of(result):
        _ = (event.type, event.id, event.kind, event.occurred_at, event.raw, repr(event))
    _ = (result.id, result.raw, repr(result))


TARGETS_BY_NAME = {"headers": headers_target, "tokens": tokens_target, "bodies": bodies_target}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS_BY_NAME:
        sys.exit(f"usage: {sys.argv[0]} {'|'.join(TARGETS_BY_NAME)} [libFuzzer options]")
    target = TARGETS_BY_NAME[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
