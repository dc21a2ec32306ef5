from __future__ import annotations

import warnings

import pytest

from authhooks import ConfigurationError
from authhooks._secrets import (
    SecretFormatWarning,
    matches_any,
    normalise_secrets,
    secret_items,
)


def test_one_or_many() -> None:
    assert normalise_secrets("a") == (b"a",)
    assert normalise_secrets(b"a") == (b"a",)
    assert normalise_secrets(["a", b"b"]) == (b"a", b"b")
    assert normalise_secrets(("é",)) == ("é".encode(),)


@pytest.mark.parametrize(
    # A lone surrogate cannot be encoded: a ConfigurationError, not a UnicodeEncodeError.
    "bad",
    ["", b"", "   ", [], ["ok", ""], [1], 1, None, "\ud800", ["ok", "a\udfffb"]],
)
def test_bad_secrets_are_configuration_errors(bad: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        normalise_secrets(bad, name="api_key")  # type: ignore[arg-type]
    assert "api_key" in str(info.value)


def test_error_never_contains_the_secret() -> None:
    with pytest.raises(ConfigurationError) as info:
        normalise_secrets(["hunter2-secret", ""], name="secret")
    assert "hunter2" not in str(info.value)


def test_matches_any() -> None:
    secrets = (b"old-key", b"new-key")
    assert matches_any(b"old-key", secrets)
    assert matches_any(b"new-key", secrets)
    assert not matches_any(b"new-ke", secrets)
    assert not matches_any(b"new-key2", secrets)
    assert not matches_any(b"", secrets)


def test_secret_items_keep_text_and_bytes_apart() -> None:
    assert secret_items("a") == ["a"]
    assert secret_items(b"a") == [b"a"]
    assert secret_items(("a", b"b")) == ["a", b"b"]
    assert secret_items(item for item in ["a", "b"]) == ["a", "b"]


@pytest.mark.parametrize("bad", [None, 5, 1.5, [], [None], ["a", 5], [["a"]], object()])
def test_secret_items_refuse_what_is_no_secret(bad: object) -> None:
    with pytest.raises(ConfigurationError, match="api_key"):
        secret_items(bad, name="api_key")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "pasted", ['"hunter2-secret"', "'hunter2-secret'", "hunter2-secret\n", " hunter2-secret"]
)
def test_paste_mistakes_are_refused_without_the_secret(pasted: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        normalise_secrets(pasted)
    assert "hunter2" not in str(info.value)


def test_the_scheme_word_is_refused_where_it_is_added() -> None:
    with pytest.raises(ConfigurationError, match="'Bearer'") as info:
        normalise_secrets("bearer hunter2-secret", scheme_word="Bearer")
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize("text", ["whsec_hunter2", "Bearer hunter2", "token hunter2"])
def test_likely_mistakes_warn_at_the_caller(text: str) -> None:
    with pytest.warns(SecretFormatWarning) as record:
        normalise_secrets(text)
    assert record[0].filename == __file__
    assert "hunter2" not in str(record[0].message)


def test_no_warning_where_the_text_is_decoded() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        normalise_secrets("whsec_hunter2", raw_text=False)
