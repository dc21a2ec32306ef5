from __future__ import annotations

import pytest

from authhooks.samples import load_sample, sample_events, sample_providers


def test_providers_have_samples() -> None:
    assert "userfront" in sample_providers()


def test_userfront_has_all_six() -> None:
    assert sample_events("userfront") == [
        "tenant.create",
        "tenant.delete",
        "tenant.update",
        "user.create",
        "user.delete",
        "user.update",
    ]


def test_load_returns_a_fresh_copy() -> None:
    first = load_sample("userfront", "user.create")
    first["record"] = None
    assert load_sample("userfront", "user.create")["record"] is not None


def test_unknown_samples() -> None:
    with pytest.raises(LookupError):
        sample_events("nobody")
    with pytest.raises(LookupError):
        load_sample("userfront", "user.exploded")
