"""``authhooks verify`` explains failures: the body, the secret, the time, the audience."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from authhooks import PayloadError, WebhookError
from authhooks._credentials import Given, credentials_for, known_providers
from authhooks.cli import main
from authhooks.samples import load_sample
from authhooks.testing import sign_userfront
from tests.cli._support import (
    KEY,
    SECRET,
    WITH_SECRET,
    capture,
    format_duration,
    signed_capture,
    stamped,
    verify_fails,
)


@pytest.mark.parametrize(
    ("pasted", "what"),
    [
        (f"Bearer {KEY}", "the prefix 'Bearer '"),
        (f"{KEY}\n", "surrounding spaces or a newline"),
        (f'"{KEY}"', "quotes"),
    ],
)
def test_verify_secret_pasted_with_a_prefix(
    pasted: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = capture(tmp_path, request.body, request.headers)
    report = verify_fails(["verify", "userfront", "--secret", pasted, *files], capsys)
    assert report["codes"] == ["secret_format"]
    assert what in report["text"]
    assert KEY not in report["text"]


def test_verify_wrong_secret_that_also_has_a_prefix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = sign_userfront(load_sample("userfront", "user.create"), api_key=KEY)
    files = capture(tmp_path, request.body, request.headers)
    report = verify_fails(["verify", "userfront", "--secret", "whsec_nope", *files], capsys)
    assert report["codes"] == ["secret_format", "wrong_secret"]
    assert "the prefix 'whsec_'" in report["text"]


@pytest.mark.parametrize("provider", WITH_SECRET)
@pytest.mark.parametrize("indent", [None, 2, 4])
def test_verify_recognises_a_re_serialised_body(
    provider: str, indent: int | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = signed_capture(provider, tmp_path)
    pretty = json.dumps(json.loads(body), indent=indent).encode()
    assert pretty != body
    entry = credentials_for(provider)
    assert entry is not None
    receiver = entry.make_receiver(Given(secrets=(SECRET,)), None)
    argv = ["verify", provider, "--secret", SECRET, *capture(tmp_path, pretty, headers)]
    try:
        receiver.verify(pretty, headers)
    except PayloadError:
        # A check of the sender only, and a body no longer in the sender's format (Auth0's
        # JSON lines, pretty-printed over several lines): a payload error, told as such.
        assert not receiver.covers_body
        assert verify_fails(argv, capsys)["codes"] == ["payload"]
        return
    except WebhookError:
        covers_body = True
    else:
        covers_body = False
    if not covers_body:
        # The provider's check does not cover the body: nothing to diagnose.
        assert main(argv) == 0
        return
    report = verify_fails(argv, capsys)
    assert report["codes"] == ["re_serialised"]
    assert "re-serialised" in report["text"]
    assert SECRET not in report["text"]


@pytest.mark.parametrize("provider", WITH_SECRET)
@pytest.mark.parametrize("prefix", ["Bearer ", "whsec_"])
def test_verify_recognises_a_prefixed_secret(
    provider: str, prefix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = signed_capture(provider, tmp_path)
    argv = ["verify", provider, "--secret", prefix + SECRET, *capture(tmp_path, body, headers)]
    report = verify_fails(argv, capsys)
    assert report["codes"] == ["secret_format"]
    assert f"the prefix {prefix!r}" in report["text"]
    assert SECRET not in report["text"]


def _covers_body(provider: str) -> bool:
    entry = credentials_for(provider)
    assert entry is not None
    return entry.make_receiver(Given(secrets=(SECRET,)), None).covers_body


def test_verify_trailing_newline_added_by_an_editor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Userfront's check and those of a sender only (Okta, Auth0) do not cover the body.
    candidates = [p for p in WITH_SECRET if p != "userfront" and _covers_body(p)]
    if not candidates:
        pytest.skip("no provider signing the body takes a secret from the command line")
    body, headers = signed_capture(candidates[0], tmp_path)
    argv = ["verify", candidates[0], "--secret", SECRET, *capture(tmp_path, body + b"\n", headers)]
    report = verify_fails(argv, capsys)
    assert report["codes"] == ["re_serialised"]
    assert "without its trailing newline" in report["text"]


@pytest.mark.parametrize(
    ("age", "words", "zone"),
    [
        (3 * 3600 + 120, "3 h 2 min in the past", True),
        (-7200, "2 h in the future", True),
        (2 * 86400 + 3600, "2 d 1 h in the past", False),
        (3600 + 1200, "1 h 20 min in the past", False),
    ],
)
def test_verify_reports_how_far_the_timestamp_is_off(
    age: int, words: str, zone: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import sign_authcore

    stamp = int(time.time()) - age
    request = sign_authcore(load_sample("authcore", "user.created"), secret=SECRET, timestamp=stamp)
    files = capture(tmp_path, request.body, request.headers)
    report = verify_fails(["verify", "authcore", "--secret", SECRET, *files], capsys)
    assert report["error"]["reason"] == "timestamp_out_of_tolerance"
    # A skew within the tolerance of a whole number of hours also suggests a time zone.
    expected = (
        ["timestamp", "time_zone", "only_timestamp"] if zone else ["timestamp", "only_timestamp"]
    )
    assert report["codes"] == expected
    assert words in report["text"]
    assert "the signature is valid" in report["text"]


def test_verify_stale_and_re_serialised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from authhooks.testing import sign_authcore

    stamp = int(time.time()) - 7200
    request = sign_authcore(load_sample("authcore", "user.created"), secret=SECRET, timestamp=stamp)
    pretty = json.dumps(json.loads(request.body), indent=4).encode()
    files = capture(tmp_path, pretty, request.headers)
    report = verify_fails(["verify", "authcore", "--secret", SECRET, *files], capsys)
    assert report["codes"] == ["timestamp", "time_zone", "re_serialised"]
    assert "matches compact JSON" in report["text"]
    assert "2 h in the past" in report["text"]


def test_verify_stale_with_the_wrong_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import sign_authcore

    stamp = int(time.time()) - 7200
    request = sign_authcore(load_sample("authcore", "user.created"), secret=SECRET, timestamp=stamp)
    files = capture(tmp_path, request.body, request.headers)
    report = verify_fails(["verify", "authcore", "--secret", "other", *files], capsys)
    # AuthCore checks the signature before the time: the secret is what is wrong.
    assert report["codes"] == ["wrong_secret"]


@pytest.mark.parametrize("indent", [2, 4])
def test_verify_names_the_encoding_the_signature_matches(
    indent: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import sign_authcore

    sent = json.dumps(load_sample("authcore", "user.created"), indent=indent).encode()
    request = sign_authcore(sent, secret=SECRET)
    compact = json.dumps(json.loads(sent), separators=(",", ":")).encode()
    files = capture(tmp_path, compact, request.headers)
    report = verify_fails(["verify", "authcore", "--secret", SECRET, *files], capsys)
    assert report["codes"] == ["re_serialised"]
    assert f"matches json.dumps with indent={indent}" in report["text"]


def test_verify_akamai_explains_a_stale_token(
    akamai_key: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from authhooks.testing import AkamaiTestKeys, sign_akamai

    private, _ = akamai_key
    keys = AkamaiTestKeys.from_pem(private.read_bytes(), kid="k1")
    audience = "https://hooks.example.com/akamai"
    claims = load_sample("akamai", "entityCreated")
    # Older than Akamai's retry horizon (26 h): a day-old token is a genuine retry.
    issued_at = int(time.time()) - 2 * 86400 - 3600
    request = sign_akamai(claims, keys=keys, audience=audience, issued_at=issued_at)
    files = capture(tmp_path, request.body, request.headers)
    argv = ["verify", "akamai", "--key", str(private), "--audience", audience, *files]
    report = verify_fails(argv, capsys)
    assert report["codes"] == ["timestamp", "only_timestamp"]
    assert "2 d 1 h in the past, beyond the 1 d 2 h the receiver allows" in report["text"]


def _covers_body(provider: str) -> bool:
    from authhooks._credentials import demo_provider

    return demo_provider(provider).make_receiver().covers_body


#: What each provider's scheme says of its check (``verify`` reads the same).
BODY_COVERED = {provider: _covers_body(provider) for provider in known_providers()}


@pytest.mark.parametrize("provider", known_providers())
def test_what_a_scheme_says_it_covers_is_what_it_checks(provider: str) -> None:
    """``verify`` reads ``covers_body`` from the receiver's scheme: a changed body fails the
    check exactly when the scheme says it covers the body."""
    from authhooks._credentials import demo_provider

    demo = demo_provider(provider)
    request = demo.sign(load_sample(provider, demo.event))
    changed = request.body[:1] + b" " + request.body[1:]
    try:
        demo.make_receiver().verify(changed, request.headers)
    except WebhookError:
        still_verifies = False
    else:
        still_verifies = True
    assert BODY_COVERED[provider] is not still_verifies
    # The providers known today: Bearer keys and Frontegg's header token authenticate the
    # sender only; AuthCore's HMAC and Akamai's token (the body itself) cover the body.
    known = {
        "userfront": False,
        "theauthapi": False,
        "frontegg": False,
        "authcore": True,
        "akamai": True,
    }
    assert BODY_COVERED[provider] is known.get(provider, BODY_COVERED[provider])


@pytest.mark.parametrize("provider", [p for p in WITH_SECRET if not BODY_COVERED[p]])
@pytest.mark.parametrize("secret", ["uf_other_0123456789", "Bearer uf_other_0123456789"])
@pytest.mark.parametrize("indent", [None, 2])
def test_verify_never_blames_the_body_when_the_check_does_not_cover_it(
    provider: str,
    secret: str,
    indent: int | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    body, headers = signed_capture(provider, tmp_path)
    pretty = json.dumps(json.loads(body), indent=indent).encode() + b"\n"
    argv = ["verify", provider, "--secret", secret, *capture(tmp_path, pretty, headers)]
    report = verify_fails(argv, capsys)
    assert "re_serialised" not in report["codes"]
    assert "wrong_secret" in report["codes"]
    for words in ("re-serialised", "re-encoded", "exact bytes"):
        assert words not in report["text"]
    assert "match none of the 1 secret(s) tried" in report["text"]


@pytest.mark.parametrize("provider", [p for p in WITH_SECRET if BODY_COVERED[p]])
def test_verify_still_considers_the_body_when_the_check_covers_it(
    provider: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body, headers = signed_capture(provider, tmp_path)
    argv = ["verify", provider, "--secret", "other", *capture(tmp_path, body, headers)]
    report = verify_fails(argv, capsys)
    assert report["codes"] == ["wrong_secret"]
    assert "nor with a re-encoded body" in report["text"]


@pytest.mark.parametrize(
    ("provider", "skew"), [("authcore", -600), ("authcore", -40_000), ("frontegg", -600)]
)
def test_verify_a_future_timestamp_is_not_called_an_old_capture(
    provider: str, skew: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = verify_fails(stamped(provider, skew, tmp_path), capsys)
    assert report["codes"][-1] == "only_timestamp"
    assert "in the future" in report["text"]
    assert "not a matter of age" in report["text"]
    assert "ages" not in report["text"]
    assert "in the past" not in report["text"]


@pytest.mark.parametrize(("provider", "skew"), [("authcore", 600), ("authcore", 40_000)])
def test_verify_a_past_timestamp_is_an_old_capture(
    provider: str, skew: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = verify_fails(stamped(provider, skew, tmp_path), capsys)
    assert "in the past" in report["text"]
    assert "A captured request ages" in report["text"]
    assert "in the future" not in report["text"]


@pytest.mark.parametrize("hours", [1, 2, 5, 9, 13, 26, -1, -3, -8, -14])
@pytest.mark.parametrize("off", [-100, 0, 100])
def test_verify_names_a_whole_hour_skew_a_time_zone_mistake(
    hours: int, off: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = verify_fails(stamped("authcore", hours * 3600 + off, tmp_path), capsys)
    assert "time_zone" in report["codes"]
    assert (
        f"off by {abs(hours)} h: a time-zone mistake on the sender or this machine?"
        in (report["text"])
    )
    assert ("captured about" in report["text"]) is (hours > 0)  # a past skew may be age


@pytest.mark.parametrize(
    "skew", [600, 2 * 3600 + 1200, -(5 * 3600 + 1800), 27 * 3600, 3 * 86400, -1200]
)
def test_verify_does_not_suggest_a_time_zone_otherwise(
    skew: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = verify_fails(stamped("authcore", skew, tmp_path), capsys)
    assert report["codes"][0] == "timestamp"
    assert "time_zone" not in report["codes"]
    assert "time-zone" not in report["text"]


@pytest.mark.parametrize("hours", [2, -3])
def test_verify_names_a_whole_hour_skew_of_a_frontegg_token(
    hours: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = verify_fails(stamped("frontegg", hours * 3600, tmp_path), capsys)
    assert f"off by {abs(hours)} h" in report["text"]


@pytest.mark.parametrize(
    ("issued", "expired", "zone"),
    [
        (2 * 3600, "1 h 55 min", True),
        (400, "1 min 4[01] s", False),  # a second may pass while the test runs
        (30 * 3600, "1 d 5 h 55 min", False),
    ],
)
def test_verify_says_how_long_ago_a_frontegg_token_expired(
    issued: int, expired: str, zone: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = stamped("frontegg", issued, tmp_path)
    token = json.loads((tmp_path / "headers.json").read_text())["x-webhook-secret"]
    report = verify_fails(argv, capsys)
    assert report["error"]["reason"] == "timestamp_out_of_tolerance"
    text = report["text"]
    assert re.search(f"the token expired {expired} ago \\(exp 20", text), text
    assert "beyond the receiver's leeway of 30 s" in text
    issued_words = re.escape(format_duration(issued)).replace("40\\ s", "4[01]\\ s")
    assert re.search(f"it was issued {issued_words} ago and was valid for 5 min", text), text
    assert ("time_zone" in report["codes"]) is zone
    assert report["codes"][-1] == "only_timestamp"
    assert token not in text
    assert token.split(".")[1] not in text
    assert SECRET not in text


@pytest.mark.parametrize(
    ("aud", "hint"),
    [
        ("https://hooks.example.com/akamai/", "they differ only in a trailing slash"),
        ("http://hooks.example.com/akamai", "they differ only in the scheme (http or https)"),
        ("https://HOOKS.example.com/akamai", "they differ only in upper and lower case"),
        (["https://a.example/x", "https://b.example/y"], None),
        ("https://other.example/hooks", None),
    ],
)
def test_verify_akamai_audience_says_what_was_received_and_expected(
    aud: str | list[str],
    hint: str | None,
    akamai_key: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from authhooks.testing import AkamaiTestKeys, sign_akamai

    private, public = akamai_key
    keys = AkamaiTestKeys.from_pem(private.read_bytes(), kid="k1")
    configured = "https://hooks.example.com/akamai"
    request = sign_akamai(load_sample("akamai", "entityUpdated"), keys=keys, audience=aud)
    files = capture(tmp_path, request.body, request.headers)
    argv = ["verify", "akamai", "--key", str(public), "--audience", configured, *files]
    report = verify_fails(argv, capsys)
    assert report["error"]["reason"] == "invalid_audience"
    assert report["codes"] == ["audience"]
    text = report["text"]
    for received in [aud] if isinstance(aud, str) else aud:
        assert repr(received) in text
    assert f"not to the configured audience {configured!r}" in text
    assert (hint in text) if hint else ("differ only" not in text)
    assert "secret(s)" not in text
    assert request.body.decode() not in text
    assert request.body.decode().split(".")[1] not in text


@pytest.mark.parametrize(("ahead", "zone"), [(600, False), (2 * 3600, True)])
def test_verify_akamai_token_from_the_future(
    ahead: int,
    zone: bool,
    akamai_key: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from authhooks.testing import AkamaiTestKeys, sign_akamai

    private, _ = akamai_key
    keys = AkamaiTestKeys.from_pem(private.read_bytes(), kid="k1")
    audience = "https://hooks.example.com/akamai"
    issued_at = int(time.time()) + ahead
    request = sign_akamai(
        load_sample("akamai", "entityCreated"), keys=keys, audience=audience, issued_at=issued_at
    )
    files = capture(tmp_path, request.body, request.headers)
    argv = ["verify", "akamai", "--key", str(private), "--audience", audience, *files]
    report = verify_fails(argv, capsys)
    shown = {600: "(9 min 5[89] s|10 min)", 7200: "2 h"}[ahead]  # seconds pass while it runs
    assert re.search(f"{shown} in the future, beyond the 5 min the receiver allows", report["text"])
    assert ("time_zone" in report["codes"]) is zone
    assert "not a matter of age" in report["text"]
