"""A secret pasted with something around it: ``verify`` explains it, ``send``/``listen`` say it.

Schemes refuse a secret pasted with surrounding whitespace, quotes or the scheme word they
add themselves, and warn about one that only looks pasted. ``verify`` reports the mistake,
tries the secret without it, and says whether the request verifies then (exit 1, never 2).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from authhooks import ConfigurationError, SecretFormatWarning
from authhooks._credentials import Given, credentials_for
from authhooks.cli import main
from authhooks.samples import load_sample
from authhooks.testing import sign_userfront
from tests.cli._support import (
    SECRET,
    WITH_SECRET,
    capture,
    serving,
    sign_generic,
    signed_capture,
    verify_fails,
)

#: How a secret gets pasted, and how ``verify`` names what was around it.
MISTAKES = [
    ("Bearer {}", "the prefix 'Bearer '"),
    ("bearer {}", "the prefix 'bearer '"),
    ("Token {}", "the prefix 'Token '"),
    ("{}\n", "surrounding spaces or a newline"),
    ("  {}\t", "surrounding spaces or a newline"),
    ('"{}"', "quotes"),
    ("'{}'", "quotes"),
    ('"Bearer {}"', "quotes and the prefix 'Bearer '"),
    (" whsec_{}\n", "surrounding spaces or a newline and the prefix 'whsec_'"),
    ("whsec_{}", "the prefix 'whsec_'"),
]
_IDS = [pasted.replace("{}", "S").encode("unicode_escape").decode() for pasted, _ in MISTAKES]


@pytest.mark.parametrize("provider", WITH_SECRET)
@pytest.mark.parametrize(("pasted", "what"), MISTAKES, ids=_IDS)
def test_verify_names_the_mistake_and_verifies_without_it(
    provider: str, pasted: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = signed_capture(provider, tmp_path)
    argv = ["verify", provider, "--secret", pasted.format(SECRET)]
    report = verify_fails([*argv, *capture(tmp_path, body, headers)], capsys)
    assert report["codes"] == ["secret_format"]
    assert f"the secret was pasted with {what}: strip it." in report["text"]
    assert "The signature matches without it." in report["text"]
    assert SECRET not in report["text"]


@pytest.mark.parametrize("provider", WITH_SECRET)
@pytest.mark.parametrize(("pasted", "what"), MISTAKES, ids=_IDS)
def test_verify_names_the_mistake_of_a_wrong_secret_too(
    provider: str, pasted: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = signed_capture(provider, tmp_path)
    wrong = "an0ther_secret_0123456789abcdef"
    argv = ["verify", provider, "--secret", pasted.format(wrong)]
    report = verify_fails([*argv, *capture(tmp_path, body, headers)], capsys)
    if not _refused_or_warned(provider, pasted.format(wrong)):
        # The scheme takes the text as it is (AuthCore and 'whsec_'): its own business.
        assert report["codes"] == ["wrong_secret"]
        return
    assert report["codes"][0] == "secret_format"
    assert report["codes"][-1] == "wrong_secret"
    # What the receiver refuses or warns about is named (the rest is the scheme's format).
    assert what.split(" and ", maxsplit=1)[0] in report["text"]
    assert "The signature matches" not in report["text"]
    assert "not verify either" in report["text"] or "did not match without it" in report["text"]
    assert wrong not in report["text"]


def _refused_or_warned(provider: str, secret: str) -> bool:
    entry = credentials_for(provider)
    assert entry is not None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SecretFormatWarning)
        try:
            entry.make_receiver(Given(secrets=(secret,)), None)
        except ConfigurationError:
            return True
    return bool(caught)


def test_a_refused_secret_is_the_reported_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = signed_capture("userfront", tmp_path)
    argv = ["verify", "userfront", "--secret", f"Bearer {SECRET}"]
    report = verify_fails([*argv, *capture(tmp_path, body, headers)], capsys)
    assert report["error"]["type"] == "ConfigurationError"
    assert report["error"]["reason"] == "configuration_error"
    assert "starts with 'Bearer'" in report["error"]["message"]
    assert main([*argv, *capture(tmp_path, body, headers)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT verified: ConfigurationError: secret starts with 'Bearer'")
    assert "\n  - the secret was pasted with the prefix 'Bearer ': strip it." in out


@pytest.mark.parametrize("provider", WITH_SECRET)
def test_one_of_several_secrets_pasted(
    provider: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = signed_capture(provider, tmp_path)
    argv = ["verify", provider, "--secret", "old_secret_0123456789", "--secret", f"'{SECRET}'"]
    report = verify_fails([*argv, *capture(tmp_path, body, headers)], capsys)
    assert report["codes"] == ["secret_format"]
    assert "secret 2 was pasted with quotes: strip it." in report["text"]
    assert "secret 1" not in report["text"]


def test_two_pasted_secrets_each_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body, headers = signed_capture("userfront", tmp_path)
    argv = ["verify", "userfront", "--secret", "Bearer old_0123456789", "--secret", f"{SECRET}\n"]
    report = verify_fails([*argv, *capture(tmp_path, body, headers)], capsys)
    assert report["codes"] == ["secret_format"]
    assert (
        "secret 1 was pasted with the prefix 'Bearer '; secret 2 was pasted with surrounding "
        "spaces or a newline: strip it." in report["text"]
    )


@pytest.mark.parametrize(
    "secret",
    [
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZI\n-----END PUBLIC KEY-----",
        "",
    ],
)
def test_a_refusal_that_is_not_a_paste_mistake_is_a_usage_error(
    secret: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = signed_capture("frontegg", tmp_path)
    argv = ["verify", "frontegg", "--secret", secret, *capture(tmp_path, body, headers)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("authhooks verify: error: ")
    assert "BEGIN" not in err


@pytest.mark.parametrize(
    ("scheme", "pasted", "what"),
    [
        (["static-secret", "--header", "X-Hook-Secret", "--auth-scheme", ""], " {}", "spaces"),
        (["static-secret"], "Bearer {}", "the prefix 'Bearer '"),
        (["body-hmac", "--header", "X-Signature"], "'{}'", "quotes"),
        (["body-hmac", "--header", "X-Signature"], "Bearer {}", "the prefix 'Bearer '"),
        (["timestamped-hmac", "--header", "X-Signature"], "{}\r\n", "a newline"),
        (["standard-webhooks"], "'{}'", "quotes"),
        (["standard-webhooks"], "{}\n", "a newline"),
    ],
)
def test_generic_schemes_explain_a_pasted_secret(
    scheme: list[str], pasted: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" if "standard" in scheme[0] else SECRET
    request = sign_generic(scheme, secret, {"type": "invoice.paid", "id": "evt_1"})
    argv = ["verify", "generic", "--scheme", *scheme, "--secret", pasted.format(secret)]
    report = verify_fails([*argv, *capture(tmp_path, request.body, request.headers)], capsys)
    assert report["codes"] == ["secret_format"]
    assert what in report["text"]
    assert secret not in report["text"]


# -- a warning is one line, and a secret that verifies despite it is accepted ---------------------


def test_verify_accepts_a_key_that_really_starts_with_whsec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "whsec_is_part_of_this_userfront_key_0123"
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=key)
    files = capture(tmp_path, request.body, request.headers)
    assert main(["verify", "userfront", "--secret", key, *files]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("verified: UserCreated")
    assert captured.err.startswith("authhooks verify: warning: secret starts with 'whsec_'")
    assert captured.err.count("\n") == 1
    assert "SecretFormatWarning" not in captured.err
    assert key not in captured.out + captured.err
    assert main(["verify", "userfront", "--secret", key, *files, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert len(report["warnings"]) == 1
    assert "'whsec_'" in report["warnings"][0]


@pytest.mark.network
def test_send_says_a_warning_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from authhooks import Userfront

    key = "whsec_is_part_of_this_userfront_key_0123"
    with pytest.warns(SecretFormatWarning):
        receiver = Userfront(api_key=key)
    with serving(receiver) as (url, bodies):
        assert main(["send", "userfront", "--to", url, "--secret", key]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("authhooks send: warning: secret starts with 'whsec_'")
    assert captured.err.count("\n") == 1
    assert key not in captured.out + captured.err
    assert len(bodies) == 1


@pytest.mark.parametrize("command", ["send", "listen"])
def test_send_and_listen_refuse_a_pasted_secret_as_a_usage_error(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = f"Bearer {SECRET}"
    extra = ["--to", "http://127.0.0.1:9/"] if command == "send" else ["--port", "0"]
    assert main([command, "userfront", "--secret", secret, *extra]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"authhooks {command}: error: secret starts with 'Bearer': give the secret alone, "
        "the Bearer scheme is added for you\n"
    )


def test_many_pasted_secrets_are_cleaned_all_at_once_past_the_bound(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each of eight secrets is refused as pasted: the combinations tried are bounded, and the
    last one cleans them all, so the right one is still found."""
    import time

    body, headers = signed_capture("userfront", tmp_path)
    secrets = [f" 'Bearer old_secret_{n}_0123456789'" for n in range(7)] + [f"'Bearer {SECRET}'"]
    argv = ["verify", "userfront", *(arg for s in secrets for arg in ("--secret", s))]
    started = time.perf_counter()
    report = verify_fails([*argv, *capture(tmp_path, body, headers)], capsys)
    assert time.perf_counter() - started < 20
    assert report["codes"] == ["secret_format"]
    assert "secret 8 was pasted with quotes and the prefix 'Bearer ': strip it." in report["text"]
    assert "The signature matches without it." in report["text"]
    assert SECRET not in report["text"]
