"""``authhooks verify``: a captured request, its headers file, the typed event."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from authhooks.cli import main
from authhooks.samples import load_sample
from authhooks.testing import sign_userfront
from tests.cli._support import (
    KEY,
    SECRET,
    capture,
    verify_fails,
)


def test_verify_prints_the_typed_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = capture(tmp_path, request.body, request.headers)
    assert main(["verify", "userfront", "--secret", KEY, *files]) == 0
    out = capsys.readouterr().out
    assert "verified: UserCreated type='user.create' kind='user.created'" in out
    assert '"email": "ada@example.com"' in out
    assert KEY not in out


def test_verify_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = sign_userfront(load_sample("userfront", "tenant.delete"), api_key=KEY)
    files = capture(tmp_path, request.body, request.headers)
    assert (
        main(["verify", "userfront", "--secret", "old-key", "--secret", KEY, *files, "--json"]) == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["event"]["class"] == "TenantDeleted"
    assert report["event"]["kind"] == "tenant.deleted"


def test_verify_headers_as_curl_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    (tmp_path / "body.json").write_bytes(request.body)
    (tmp_path / "headers.txt").write_text(
        f"> POST /hooks HTTP/1.1\n> Content-Type: application/json\n> Authorization: Bearer {KEY}\n"
    )
    argv = ["verify", "userfront", "--secret", KEY, "--headers", str(tmp_path / "headers.txt")]
    assert main([*argv, str(tmp_path / "body.json")]) == 0


def test_verify_missing_header_without_headers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = capture(tmp_path, b'{"action":"create","model":"user"}', None)
    report = verify_fails(["verify", "userfront", "--secret", KEY, *files], capsys)
    assert report["error"]["header"] == "Authorization"
    assert report["codes"] == ["missing_header"]
    assert "'Authorization'" in report["text"]
    assert "--headers FILE" in report["text"]


def test_verify_missing_header_names_the_headers_present(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = capture(tmp_path, b"{}", {"Content-Type": "application/json", "X-Forwarded-For": "1"})
    report = verify_fails(["verify", "userfront", "--secret", KEY, *files], capsys)
    assert report["codes"] == ["missing_header"]
    assert "Content-Type, X-Forwarded-For" in report["text"]
    assert "proxy" in report["text"]


def test_verify_wrong_secret(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = capture(tmp_path, request.body, request.headers)
    report = verify_fails(["verify", "userfront", "--secret", "uf_other", *files], capsys)
    assert report["error"]["reason"] == "invalid_signature"
    assert report["codes"] == ["wrong_secret"]
    assert "uf_other" not in report["text"]
    assert KEY not in report["text"]


def test_verify_malformed_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = capture(tmp_path, b"{}", {"Authorization": f"Basic {KEY}"})
    report = verify_fails(["verify", "userfront", "--secret", KEY, *files], capsys)
    assert report["error"]["reason"] == "invalid_header"
    assert "invalid_header" in report["codes"]


def test_verify_authentic_but_invalid_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = sign_userfront(b'{"model": "user", "action": "create", "record": 7}', api_key=KEY)
    files = capture(tmp_path, request.body, request.headers)
    report = verify_fails(["verify", "userfront", "--secret", KEY, *files], capsys)
    assert report["codes"] == ["payload"]
    assert "authentic" in report["text"]
    assert "400" in report["text"]


def test_verify_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = capture(tmp_path, b"{}", {})
    assert main(["verify", "userfront", "--secret", KEY, *files]) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT verified: MissingHeaderError:")
    assert "\n  - the request has no 'Authorization' header" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [("[1, 2]", "JSON object"), ("{nope", "not valid JSON"), ("no colon here", "Name: value")],
)
def test_verify_bad_headers_file(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "h").write_text(content)
    (tmp_path / "b").write_bytes(b"{}")
    argv = ["verify", "userfront", "--secret", KEY, "--headers", str(tmp_path / "h")]
    assert main([*argv, str(tmp_path / "b")]) == 2
    assert message in capsys.readouterr().err


def test_verify_unknown_provider(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b").write_bytes(b"{}")
    assert main(["verify", "nobody", "--secret", "x", str(tmp_path / "b")]) == 2
    assert "unknown provider 'nobody'" in capsys.readouterr().err


@pytest.mark.parametrize("which", ["public", "private", "jwks"])
def test_verify_akamai_with_a_key(
    which: str,
    akamai_key: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from authhooks.testing import AkamaiTestKeys, sign_akamai

    private, public = akamai_key
    keys = AkamaiTestKeys.from_pem(private.read_bytes(), kid="k1")
    audience = "https://hooks.example.com/akamai"
    request = sign_akamai(load_sample("akamai", "entityDeleted"), keys=keys, audience=audience)
    files = capture(tmp_path, request.body, request.headers)
    key_file = {"public": public, "private": private, "jwks": tmp_path / "jwks.json"}[which]
    (tmp_path / "jwks.json").write_text(json.dumps(keys.jwks))
    argv = ["verify", "akamai", "--key", str(key_file), "--audience", audience, *files]
    assert main(argv) == 0
    assert "verified: EntityDeleted type='entityDeleted'" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "--audience"),
        (["--audience", "https://x.example/"], None),
    ],
)
def test_verify_akamai_usage_errors(
    extra: list[str],
    message: str | None,
    akamai_key: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    private, _ = akamai_key
    (tmp_path / "bad.pem").write_text(
        "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n"
    )
    (tmp_path / "b").write_bytes(b"x.y.z")
    key = str(private) if message else str(tmp_path / "bad.pem")
    assert main(["verify", "akamai", "--key", key, *extra, str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    assert (message or "not an unencrypted RSA PEM private key") in err


@pytest.mark.parametrize("json_output", [False, True])
def test_verify_never_prints_an_api_key_from_the_payload(
    json_output: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import sign_theauthapi

    payload = load_sample("theauthapi", "api-key.created")
    request = sign_theauthapi(payload, secret=SECRET)
    files = capture(tmp_path, request.body, request.headers)
    argv = ["verify", "theauthapi", "--secret", SECRET, *files] + (
        ["--json"] if json_output else []
    )
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "ApiKeyCreated" in out
    assert payload["data"]["key"] not in out
    assert SECRET not in out


def _verify_with_headers(
    tmp_path: Path, text: str, *, newline: str = "\n", body: bytes | None = None
) -> int:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    (tmp_path / "body.json").write_bytes(request.body if body is None else body)
    (tmp_path / "headers.txt").write_bytes(text.replace("\n", newline).encode())
    argv = ["verify", "userfront", "--secret", KEY, "--headers", str(tmp_path / "headers.txt")]
    return main([*argv, str(tmp_path / "body.json")])


CURL_V = f"""\
*   Trying 127.0.0.1:8000...
* Connected to 127.0.0.1 (127.0.0.1) port 8000 (#0)
> POST /hooks/userfront HTTP/1.1
> Host: 127.0.0.1:8000
> User-Agent: curl/7.88.1
> Accept: */*
> Authorization: Bearer {KEY}
> Content-Type: application/json
> Content-Length: 42
>{" "}
}} [42 bytes data]
< HTTP/1.1 401 Unauthorized
< content-type: application/json
< content-length: 95
<{" "}
{{ [95 bytes data]
* Connection #0 to host 127.0.0.1 left intact
{{"error": "invalid_signature", "detail": "header 'Authorization' holds no accepted key"}}
"""


CURL_V_HTTP2 = f"""\
* ALPN: offers h2,http/1.1
* [HTTP/2] [1] OPENED stream for https://hooks.example.com/hooks/userfront
* [HTTP/2] [1] [:method: POST]
* [HTTP/2] [1] [authorization: Bearer {KEY}]
> POST /hooks/userfront HTTP/2
> host: hooks.example.com
> authorization: Bearer {KEY}
> content-type: application/json
>
< HTTP/2 204
< date: Mon, 01 Jan 2024 00:00:00 GMT
<
* Connection #0 to host hooks.example.com left intact
"""


@pytest.mark.parametrize(
    ("text", "newline"),
    [
        (CURL_V, "\n"),
        (CURL_V, "\r\n"),  # curl writes CRLF after each header line
        (CURL_V_HTTP2, "\n"),
        # The response body curl printed quotes a '> ' line: not a request header.
        (CURL_V + "> Authorization: Bearer forged\n", "\n"),
        (f"> Authorization: Bearer {KEY}\n> Content-Type: application/json\n", "\n"),
        (f"POST /hooks HTTP/1.1\nAuthorization: Bearer {KEY}\n\nContent-Type: text/x\n", "\n"),
        (f":method: POST\n:path: /hooks\nauthorization: Bearer {KEY}\n", "\n"),  # devtools
        (f"Authorization: Bearer {KEY}\nauthorization: Bearer {KEY}\n", "\n"),  # same value
        (json.dumps({"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}), ""),
    ],
    ids=[
        "curl-v",
        "curl-v-crlf",
        "curl-v-http2",
        "curl-v-quoting-body",
        "curl-lines-alone",
        "request-line-and-blank-lines",
        "pseudo-headers",
        "repeated-same-value",
        "json",
    ],
)
def test_verify_reads_headers_as_captured(
    text: str, newline: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _verify_with_headers(tmp_path, text, newline=newline or "\n") == 0
    assert "verified: UserCreated" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            f"Authorization: Bearer {KEY}\nAuthorization: Bearer uf_other\n",
            "'Authorization' is given twice with different values (line 1 and line 2)",
        ),
        (
            f"> POST /h HTTP/1.1\n> Authorization: Bearer {KEY}\n> authorization: Bearer x\n>\n",
            "given twice with different values (line 2 and line 3)",
        ),
        (
            '{"Authorization": "Bearer a", "authorization": "Bearer b"}',
            "given twice with different values",
        ),
        ('{"Authorization": "Bearer a", "Authorization": "Bearer b"}', "given twice"),
        (
            f"> POST /h HTTP/1.1\n> Authorization: Bearer {KEY}\n>\n< HTTP/1.1 307 Moved\n<\n"
            f"> POST /elsewhere HTTP/1.1\n> Authorization: Bearer {KEY}\n>\n",
            "line 6: the transcript holds several requests",
        ),
        ("< HTTP/1.1 401 Unauthorized\n< content-type: text/plain\n", "no request headers"),
        ("* Trying 127.0.0.1...\n* Connected\n", "no request headers"),
        (f"Authorization Bearer {KEY}\n", "line 1: expected 'Name: value'"),
        (f"Content-Type: a\nbad header: {KEY}\n", "line 2: expected 'Name: value'"),
        (f"> POST /h HTTP/1.1\n> {KEY}\n>\n", "line 2: expected 'Name: value'"),
        ('{"Authorization": 5}', "string values"),
        (f'{{"Authorization: Bearer {KEY}": ""}}', "key number 1 is not a header name"),
        ("[1, 2]", "JSON object"),
        ("{nope", "not valid JSON"),
    ],
)
def test_verify_refuses_ambiguous_or_unreadable_headers(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _verify_with_headers(tmp_path, text) == 2
    err = capsys.readouterr().err
    assert message in err
    assert KEY not in err  # the offending line is named, never echoed


@pytest.mark.network
def test_verify_reads_a_real_curl_v_transcript(
    server: tuple[str, list[bytes]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    url, bodies = server
    request = sign_userfront(load_sample("userfront", "user.update"), api_key=KEY)
    (tmp_path / "body.json").write_bytes(request.body)
    headers = [arg for name, value in request.headers.items() for arg in ("-H", f"{name}: {value}")]
    done = subprocess.run(
        [curl, "-v", "-sS", "--data-binary", f"@{tmp_path / 'body.json'}", *headers, url],
        capture_output=True,
        timeout=30,
        check=True,
    )
    transcript = done.stderr + done.stdout  # as 'curl -v URL > out.txt 2>&1' saves it
    for part in (b"\n* ", b"> POST ", b"> \r\n", b"< HTTP/1."):  # a whole transcript
        assert part in transcript
    (tmp_path / "curl.txt").write_bytes(transcript)
    argv = ["verify", "userfront", "--secret", KEY, "--headers", str(tmp_path / "curl.txt")]
    assert main([*argv, str(tmp_path / "body.json")]) == 0
    assert "verified: UserUpdated" in capsys.readouterr().out
    assert bodies == [request.body]


# -- which signature form a request matched (AuthCore accepts several) ---------------------------


@pytest.mark.parametrize("form", ["timestamped", "plain", "timestamp-header"])
@pytest.mark.parametrize("prefix", [True, False])
def test_verify_names_the_authcore_signature_form(
    form: str, prefix: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks import AuthCore

    scheme = AuthCore(SECRET).scheme
    options = {} if form == "timestamped" else {"prefix": prefix}
    request = scheme.sign(load_sample("authcore", "user.created"), form=form, **options)
    files = capture(tmp_path, request.body, request.headers)
    assert main(["verify", "authcore", "--secret", SECRET, *files]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("verified: UserCreated")
    assert out[1] == (
        f"signature form: {form} (accepted: plain, timestamp-header, timestamped). AuthCore "
        "publishes no signature format: the forms accepted are authhooks' documented "
        "assumption (see the AuthCore page of the documentation)."
    )
    assert main(["verify", "authcore", "--secret", SECRET, *files, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["form"] == form
    assert "documented assumption" in report["form_note"]


@pytest.mark.parametrize("provider", ["userfront", "theauthapi", "frontegg"])
def test_verify_names_no_form_for_a_scheme_with_one(
    provider: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli._support import signed_capture

    body, headers = signed_capture(provider, tmp_path)
    files = capture(tmp_path, body, headers)
    assert main(["verify", provider, "--secret", SECRET, *files]) == 0
    assert "signature form" not in capsys.readouterr().out
    assert main(["verify", provider, "--secret", SECRET, *files, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "form" not in report
    assert "form_note" not in report
