"""``authhooks.samples``: the shipped sample payloads, by provider and event name.

That every sample verifies into its typed event, and that every typed event has a sample, is
part of the provider contract (``tests/providers/test_contract.py``).
"""

from __future__ import annotations

import pytest

import authhooks.providers
from authhooks.samples import load_sample, sample_events, sample_providers


def test_every_registered_provider_has_samples() -> None:
    assert sample_providers() == authhooks.providers.names()


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


def test_samples_are_the_registry_entries_samples() -> None:
    for entry in authhooks.providers.all():
        assert sample_events(entry.name) == entry.sample_events()
        for event in entry.sample_events():
            assert load_sample(entry.name, event) == entry.sample(event)


def test_unknown_samples() -> None:
    with pytest.raises(LookupError):
        sample_events("nobody")
    with pytest.raises(LookupError):
        load_sample("userfront", "user.exploded")
    with pytest.raises(LookupError, match="did you mean"):
        load_sample("userfront", "user.creat")
    with pytest.raises(LookupError):
        load_sample("userfront", "../authcore/user.created")
