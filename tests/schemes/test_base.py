"""``Verified``: what a scheme vouches for, an immutable value whatever builds it."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from authhooks.schemes import TimestampedHmac, Verified

from .conftest import NOW, FrozenClock


def test_fields_defaults_and_positions() -> None:
    verified = Verified(b"{}")
    assert (verified.payload, verified.delivery_id, verified.signed_at) == (b"{}", None, None)
    assert (verified.claims, verified.form) == (None, None)
    full = Verified(b"x", "msg_1", 17, {"jti": "j"}, "plain")
    assert full == Verified(
        b"x", delivery_id="msg_1", signed_at=17, claims={"jti": "j"}, form="plain"
    )
    assert [field.name for field in dataclasses.fields(Verified)] == [
        "payload",
        "delivery_id",
        "signed_at",
        "claims",
        "form",
    ]


@pytest.mark.parametrize("name", ["payload", "delivery_id", "signed_at", "claims", "form", "other"])
def test_is_immutable(name: str) -> None:
    verified = Verified(b"{}", signed_at=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(verified, name, "changed")
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(verified, "payload")
    assert verified == Verified(b"{}", signed_at=1)


def test_values_compare_copy_replace_and_pickle() -> None:
    verified = Verified(b"{}", delivery_id="msg_1", signed_at=1)
    assert verified != Verified(b"{}", delivery_id="msg_2", signed_at=1)
    assert hash(verified) == hash(Verified(b"{}", delivery_id="msg_1", signed_at=1))
    assert dataclasses.replace(verified, form="plain") == Verified(
        b"{}", delivery_id="msg_1", signed_at=1, form="plain"
    )
    assert pickle.loads(pickle.dumps(verified)) == verified  # noqa: S301 (our own bytes)
    assert repr(verified) == (
        "Verified(payload=b'{}', delivery_id='msg_1', signed_at=1, claims=None, form=None)"
    )


@pytest.mark.parametrize("form", [None, "timestamped", "timestamp-header"])
def test_a_scheme_reports_the_form_it_was_told(form: str | None) -> None:
    scheme = TimestampedHmac("secret", header="X-Sig", clock=FrozenClock())
    request = scheme.sign(b"{}", timestamp=NOW)
    stamp, signatures = scheme.parse(request.headers["X-Sig"])
    verified = scheme.check(b"{}", stamp, signatures, form=form)
    assert verified == Verified(b"{}", signed_at=NOW, form=form)
