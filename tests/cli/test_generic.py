"""``PROVIDER generic --scheme ...``: any sender through ``verify``, ``send`` and ``listen``."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from authhooks import Webhook
from authhooks.cli import main
from tests.cli._support import (
    SECRET,
    capture,
    generic_scheme,
    listen,
    post,
    serving,
    sign_generic,
    stop,
    verify_fails,
)

SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_OTHER = "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA=="
JWT_SECRET = "jwt_shared_secret_0123456789abcdef0123"

#: A sender of each scheme family, as the command line configures it, and its secret.
CASES: dict[str, tuple[list[str], str]] = {
    "static-secret": (["static-secret"], SECRET),
    "static-secret-raw": (
        ["static-secret", "--header", "X-Hook-Secret", "--auth-scheme", ""],
        SECRET,
    ),
    "body-hmac": (["body-hmac", "--header", "X-Signature", "--prefix", "sha256="], SECRET),
    "body-hmac-base64": (
        ["body-hmac", "--header", "X-Sig", "--encoding", "base64", "--algorithm", "sha512"],
        SECRET,
    ),
    "timestamped-hmac": (["timestamped-hmac", "--header", "X-Webhook-Signature"], SECRET),
    "timestamped-hmac-ms": (
        [
            "timestamped-hmac",
            "--header",
            "WorkOS-Signature",
            "--timestamp-unit",
            "ms",
            "--separator",
            ", ",
        ],
        SECRET,
    ),
    "timestamped-hmac-header": (
        [
            "timestamped-hmac",
            "--header",
            "X-Signature",
            "--timestamp-header",
            "X-Timestamp",
            "--prefix",
            "sha256=",
        ],
        SECRET,
    ),
    "standard-webhooks": (["standard-webhooks"], SW_SECRET),
    "standard-webhooks-svix": (["standard-webhooks", "--header-prefix", "svix-"], SW_SECRET),
    "jwt": (["jwt", "--algorithm", "HS256", "--header", "X-Token"], JWT_SECRET),
    "jwt-body-digest": (
        ["jwt", "--algorithm", "HS256", "--placement", "body_digest", "--header", "X-Token"],
        JWT_SECRET,
    ),
}
OTHER = {SECRET: "an0ther_secret_0123456789abcdef", SW_SECRET: SW_OTHER, JWT_SECRET: SECRET * 2}
PAYLOAD = {"type": "invoice.paid", "id": "evt_42", "data": {"amount": 5}}


def _argv(command: str, name: str, secret: str | None = None) -> list[str]:
    args, own = CASES[name]
    return [command, "generic", "--scheme", *args, "--secret", secret or own]


# -- verify --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_verify_any_sender(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args, secret = CASES[name]
    request = sign_generic(args, secret, PAYLOAD)
    files = capture(tmp_path, request.body, request.headers)
    assert main([*_argv("verify", name), *files, "--json"]) == 0
    event = json.loads(capsys.readouterr().out)["event"]
    assert (event["provider"], event["class"], event["type"]) == (
        "generic",
        "GenericEvent",
        "invoice.paid",
    )
    assert event["payload"] == PAYLOAD
    assert main([*_argv("verify", name), *files]) == 0
    out = capsys.readouterr().out
    assert out.startswith("verified: GenericEvent type='invoice.paid' kind=None id=")
    assert "signature form" not in out  # one form per scheme
    report = verify_fails([*_argv("verify", name, OTHER[secret]), *files], capsys)
    assert report["codes"] == ["wrong_secret"]
    assert secret not in report["text"]
    assert OTHER[secret] not in report["text"]


@pytest.mark.parametrize(
    ("name", "blamed"),
    [
        ("body-hmac", True),
        ("timestamped-hmac", True),
        ("standard-webhooks", True),
        ("static-secret", False),
        ("jwt", False),
        ("jwt-body-digest", True),
    ],
)
def test_verify_blames_the_body_only_when_the_scheme_covers_it(
    name: str, blamed: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, secret = CASES[name]
    request = sign_generic(args, secret, PAYLOAD)
    pretty = json.dumps(json.loads(request.body), indent=2).encode()
    argv = [*_argv("verify", name), *capture(tmp_path, pretty, request.headers)]
    if not blamed:  # the check does not cover the body: the re-encoded body verifies
        assert main(argv) == 0
        return
    report = verify_fails(argv, capsys)
    assert report["codes"] == ["re_serialised"]
    assert "json.dumps with its default separators" not in report["text"]
    assert "compact JSON" in report["text"]


@pytest.mark.parametrize(
    ("name", "allowed"),
    [("timestamped-hmac", "5 min"), ("standard-webhooks", "5 min"), ("jwt", "30 s")],
)
def test_verify_says_how_far_a_generic_timestamp_is_off(
    name: str, allowed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, secret = CASES[name]
    then = int(time.time()) - 3 * 3600
    if name == "jwt":
        request = sign_generic(args, secret, PAYLOAD, issued_at=then)
    else:
        request = sign_generic(args, secret, PAYLOAD, timestamp=then)
    report = verify_fails(
        [*_argv("verify", name), *capture(tmp_path, request.body, request.headers)], capsys
    )
    assert report["error"]["reason"] == "timestamp_out_of_tolerance"
    assert report["codes"][0] == "timestamp"
    assert report["codes"][-1] == "only_timestamp"
    assert "time_zone" in report["codes"]
    assert allowed in report["text"]


def test_verify_tolerance_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args, secret = CASES["timestamped-hmac"]
    request = sign_generic(args, secret, PAYLOAD, timestamp=int(time.time()) - 600)
    files = capture(tmp_path, request.body, request.headers)
    assert main([*_argv("verify", "timestamped-hmac"), *files, "--json"]) == 1
    capsys.readouterr()
    assert main([*_argv("verify", "timestamped-hmac"), "--tolerance", "900", *files]) == 0


def test_verify_the_webhook_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args, secret = CASES["body-hmac"]
    payload = {"event": {"name": "user.created"}, "uid": 7}
    request = sign_generic(args, secret, payload)
    files = capture(tmp_path, request.body, request.headers)
    options = ["--type-field", "event.name", "--id-field", "uid", "--provider-name", "acme"]
    assert main([*_argv("verify", "body-hmac"), *options, *files, "--json"]) == 0
    event = json.loads(capsys.readouterr().out)["event"]
    assert (event["provider"], event["type"], event["id"]) == ("acme", "user.created", "7")
    # The default type field is absent: authentic, but not a valid event.
    report = verify_fails([*_argv("verify", "body-hmac"), *files], capsys)
    assert report["codes"] == ["payload"]
    assert "authentic" in report["text"]
    # No type field at all.
    assert main([*_argv("verify", "body-hmac"), "--type-field", "", *files]) == 0


# -- jwt with keys: a PEM, a JWKS file, a JWKS URL -------------------------------------------------


@pytest.fixture
def ec_key(tmp_path: Path) -> tuple[Any, Path, Path, Path]:
    """An EC P-256 key: the object, its private PEM, its public PEM and a JWKS file."""
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    private = tmp_path / "key.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = tmp_path / "key.pub.pem"
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig"}]}))
    return key, private, public, jwks


JWT_BODY = ["jwt", "--algorithm", "ES256", "--placement", "body"]


@pytest.mark.parametrize("which", ["private", "public", "jwks"])
def test_verify_a_token_body_with_a_key_file(
    which: str,
    ec_key: tuple[Any, Path, Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from authhooks.schemes import Jwt

    key, private, public, jwks = ec_key
    scheme = Jwt(key.public_key(), algorithms=["ES256"], placement="body")
    request = scheme.sign({"type": "user.created", "sub": "u1"}, signing_key=key, kid="k1")
    key_file = {"private": private, "public": public, "jwks": jwks}[which]
    argv = ["verify", "generic", "--scheme", *JWT_BODY, "--key", str(key_file)]
    assert main([*argv, *capture(tmp_path, request.body, request.headers), "--json"]) == 0
    event = json.loads(capsys.readouterr().out)["event"]
    assert (event["type"], event["payload"]["sub"]) == ("user.created", "u1")


@contextlib.contextmanager
def _jwks_server(document: bytes) -> Iterator[tuple[str, list[str]]]:
    """A JWKS endpoint on 127.0.0.1: its URL, and the paths fetched."""
    fetched: list[str] = []

    class Keys(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fetched.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(document)))
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Keys)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/.well-known/jwks.json", fetched
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_verify_a_token_with_keys_from_a_jwks_url(
    ec_key: tuple[Any, Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.schemes import Jwt

    key, _, _, jwks = ec_key
    scheme = Jwt(key.public_key(), algorithms=["ES256"], placement="body")
    request = scheme.sign({"type": "user.deleted"}, signing_key=key, kid="k1")
    with _jwks_server(jwks.read_bytes()) as (url, fetched):
        argv = ["verify", "generic", "--scheme", *JWT_BODY, "--jwks-url", url]
        assert main([*argv, *capture(tmp_path, request.body, request.headers)]) == 0
    assert "verified: GenericEvent type='user.deleted'" in capsys.readouterr().out
    assert fetched == ["/.well-known/jwks.json"]


def test_the_diagnosis_fetches_a_jwks_url_once(
    ec_key: tuple[Any, Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Explaining a re-serialised body tries a dozen bodies: with one receiver, whose keys
    are fetched once."""
    from authhooks.schemes import Jwt

    key, _, _, jwks = ec_key
    options = ["--algorithm", "ES256", "--placement", "body_digest", "--header", "X-Token"]
    scheme = Jwt(key.public_key(), algorithms=["ES256"], placement="body_digest", header="X-Token")
    sent = json.dumps(PAYLOAD, indent=4, ensure_ascii=True).encode()  # the last one tried
    request = scheme.sign(sent, signing_key=key, kid="k1")
    compact = json.dumps(PAYLOAD, separators=(",", ":")).encode()
    with _jwks_server(jwks.read_bytes()) as (url, fetched):
        argv = ["verify", "generic", "--scheme", "jwt", *options, "--jwks-url", url]
        report = verify_fails([*argv, *capture(tmp_path, compact, request.headers)], capsys)
    assert report["codes"] == ["re_serialised"]
    assert "matches json.dumps with indent=4" in report["text"]
    assert len(fetched) == 2  # the request as given, then the one receiver of the diagnosis


# -- send, over real HTTP ------------------------------------------------------------------------


@pytest.mark.network
@pytest.mark.parametrize("name", sorted(CASES))
def test_send_any_sender(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args, secret = CASES[name]
    data = tmp_path / "payload.json"
    raw = b'{"type": "invoice.paid",\n "id": "evt_7"}'
    data.write_bytes(raw)
    with serving(Webhook(generic_scheme(args, secret))) as (url, bodies):
        argv = [*_argv("send", name), "--to", url, "--data", str(data), "--json"]
        assert main(argv) == 0
        summary = json.loads(capsys.readouterr().out)
        assert (summary["status"], summary["response"]) == (200, '{"received": "invoice.paid"}')
        assert main([*_argv("send", name, OTHER[secret]), "--to", url, "--data", str(data)]) == 1
        assert "401 Unauthorized" in capsys.readouterr().out
    assert bodies[0] == raw  # byte for byte


@pytest.mark.network
def test_send_a_token_body_with_a_private_key(
    ec_key: tuple[Any, Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.schemes import Jwt

    key, private, _, _ = ec_key
    data = tmp_path / "claims.json"
    data.write_text('{"type": "user.created", "sub": "u1"}')
    receiver = Webhook(Jwt(key.public_key(), algorithms=["ES256"], placement="body"))
    with serving(receiver) as (url, bodies):
        argv = ["send", "generic", "--scheme", *JWT_BODY, "--key", str(private), "--kid", "k1"]
        assert main([*argv, "--to", url, "--data", str(data)]) == 0
    assert "200 OK" in capsys.readouterr().out
    assert bodies[0].count(b".") == 2  # a compact JWS, not JSON


V = ["verify", "generic", "--scheme"]
S = ["send", "generic", "--scheme"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "generic", "--secret", "x", "b"], "generic needs --scheme"),
        ([*V, "body-hmac", "--secret", "x", "b"], "needs --header"),
        ([*V, "jwt", "--header", "X-T", "--secret", "x", "b"], "needs --algorithm"),
        (
            [*V, "standard-webhooks", "--header", "X", "b"],
            "--header does not apply to --scheme standard-webhooks",
        ),
        (
            [*V, "static-secret", "--key", "k.pem", "b"],
            "--key does not apply to --scheme static-secret",
        ),
        (
            [*V, "body-hmac", "--header", "X", "--algorithm", "md5", "--secret", "x", "b"],
            'algorithm must be "sha256", "sha384" or "sha512"',
        ),
        (
            [
                *V,
                "body-hmac",
                "--header",
                "X",
                "--algorithm",
                "sha256",
                "--algorithm",
                "sha512",
                "b",
            ],
            "takes one --algorithm",
        ),
        (
            [*V, "jwt", "--algorithm", "none", "--header", "X", "--secret", JWT_SECRET, "b"],
            "algorithm",
        ),
        ([*V, "static-secret", "b"], "needs --secret"),
        ([*V, "jwt", "--algorithm", "RS256", "--header", "X", "b"], "--key"),
        (["verify", "userfront", "--scheme", "static-secret", "b"], "for generic senders"),
        (["listen", "authcore", "--header", "X", "--port", "0"], "--header is for generic"),
        ([*S, "static-secret", "--secret", "x", "--to", "http://h/"], "--data FILE"),
        (
            [*S[:2], "ev", "--scheme", "static-secret", "--secret", "x", "--to", "http://h/"],
            "drop EVENT 'ev'",
        ),
        (
            [*V, "static-secret", "--provider-name", "A B", "--secret", "x", "b"],
            "provider must be",
        ),
    ],
)
def test_generic_usage_errors(
    argv: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AUTHHOOKS_SECRET", raising=False)
    (tmp_path / "b").write_bytes(b"{}")
    (tmp_path / "k.pem").write_bytes(b"-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----\n")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert JWT_SECRET not in err


# -- listen, with send, over real HTTP ------------------------------------------------------------


@pytest.mark.network
@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["static-secret", "body-hmac", "timestamped-hmac-ms", "standard-webhooks-svix", "jwt"]
)
def test_listen_and_send_any_sender(name: str, tmp_path: Path) -> None:
    args, secret = CASES[name]
    data = tmp_path / "payload.json"
    data.write_text(json.dumps(PAYLOAD))
    proc, lines, base = listen(*_argv("listen", name)[1:], "--provider-name", "acme", "--json")
    try:
        argv = ["--to", base + "hooks/acme", "--data", str(data)]
        assert main([*_argv("send", name), *argv]) == 0
        assert main([*_argv("send", name, OTHER[secret]), *argv]) == 1
        forged = sign_generic(args, OTHER[secret], PAYLOAD)
        assert post(base + "other", forged.body, forged.headers) == 401
        accepted, rejected, again = (lines.get(timeout=30) for _ in range(3))
    finally:
        stop(proc)
    event = json.loads(accepted)["event"]
    assert (event["provider"], event["type"], event["payload"]) == ("acme", "invoice.paid", PAYLOAD)
    assert json.loads(rejected)["status"] == json.loads(again)["status"] == 401
    assert json.loads(again)["path"] == "/other"
    assert secret not in accepted + rejected + again
