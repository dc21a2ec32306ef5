from __future__ import annotations

import pytest

import authhooks
from authhooks import errors


@pytest.mark.parametrize(
    "name",
    [
        "ConfigurationError",
        "RequestTooLargeError",
        "InvalidRequestError",
        "VerificationError",
        "PayloadError",
        "KeysUnavailableError",
        "EventInProgressError",
        "StoreUnavailableError",
    ],
)
def test_every_error_has_one_root(name: str) -> None:
    cls = getattr(authhooks, name)
    assert issubclass(cls, authhooks.WebhookError)


@pytest.mark.parametrize(
    "cls",
    [
        errors.MissingHeaderError,
        errors.InvalidHeaderError,
        errors.InvalidSignatureError,
        errors.TimestampError,
        errors.SourceNotAllowedError,
    ],
)
def test_verification_subclasses(cls: type[Exception]) -> None:
    assert issubclass(cls, authhooks.VerificationError)
    assert not issubclass(cls, authhooks.PayloadError)


def test_mode_mismatch_is_a_payload_error() -> None:
    assert issubclass(authhooks.ModeMismatchError, authhooks.PayloadError)


def test_error_attributes() -> None:
    exc = authhooks.MissingHeaderError("header 'X' is missing", header="X")
    assert exc.header == "X"
    assert exc.reason == "missing_header"
    assert str(exc) == "header 'X' is missing"
    custom = authhooks.VerificationError("nope", reason="custom")
    assert custom.reason == "custom"
    assert authhooks.VerificationError("x").reason == "verification_failed"


def test_payload_error_keeps_the_body() -> None:
    exc = authhooks.PayloadError("bad", body=b"{}", raw={}, errors=(("a", "missing"),))
    assert exc.body == b"{}"
    assert exc.raw == {}
    assert exc.errors == (("a", "missing"),)


def test_timestamp_and_keys_errors_carry_numbers() -> None:
    assert authhooks.TimestampError("old", skew=301.0).skew == 301.0
    assert authhooks.KeysUnavailableError("down", retry_after=12).retry_after == 12
    assert authhooks.RequestTooLargeError("big", limit=10).limit == 10


def test_an_invalid_request_is_neither_unauthentic_nor_a_payload_error() -> None:
    # A malformed request says nothing about the sender nor about a payload.
    exc = authhooks.InvalidRequestError("Content-Length is not a number")
    assert exc.reason == "invalid_request"
    assert not isinstance(exc, (authhooks.VerificationError, authhooks.PayloadError))
    assert "InvalidRequestError" in authhooks.__all__
    assert "InvalidRequestError" in (errors.__doc__ or "")
