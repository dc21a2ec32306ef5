from __future__ import annotations

import pytest

from authhooks import ConfigurationError
from authhooks._secrets import matches_any, normalise_secrets


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
