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
        "RetryLaterError",
        "KeysUnavailableError",
        "EventInProgressError",
        "StoreUnavailableError",
        "QueueUnavailableError",
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


RETRY_LATER = {
    authhooks.KeysUnavailableError: "keys_unavailable",
    authhooks.EventInProgressError: "event_in_progress",
    authhooks.StoreUnavailableError: "store_unavailable",
    authhooks.QueueUnavailableError: "queue_unavailable",
}


@pytest.mark.parametrize(("cls", "reason"), sorted(RETRY_LATER.items(), key=str))
def test_the_retry_later_errors_share_one_parent(cls: type[Exception], reason: str) -> None:
    assert issubclass(cls, authhooks.RetryLaterError)
    exc = cls("try again", retry_after=12)  # type: ignore[call-arg]
    assert isinstance(exc, authhooks.RetryLaterError)
    assert (exc.reason, exc.retry_after) == (reason, 12)  # type: ignore[attr-defined]
    assert cls("try again").retry_after == 30  # type: ignore[attr-defined]
    # Neither unauthentic nor malformed: the request may well be genuine.
    assert not isinstance(exc, (authhooks.VerificationError, authhooks.PayloadError))


def test_the_parent_names_its_own_reason() -> None:
    exc = authhooks.RetryLaterError("the queue is full", retry_after=5)
    assert (exc.reason, exc.retry_after, str(exc)) == ("retry_later", 5, "the queue is full")
    assert isinstance(exc, authhooks.WebhookError)
    assert "RetryLaterError" in authhooks.__all__
    assert "RetryLaterError" in errors.__all__


def test_the_tree_documents_the_parent() -> None:
    tree = errors.__doc__ or ""
    parent = tree.index("+-- RetryLaterError")
    for cls in RETRY_LATER:
        child = tree.index(cls.__name__)
        assert child > parent
        # Drawn one level under the parent, not beside it.
        line = tree[tree.rindex("\n", 0, child) + 1 : child]
        assert line.strip() == "+--", line


@pytest.mark.parametrize(
    ("given", "kept"), [(0, 0), (1, 1), (2.5, 3), (0.001, 1), (59.999, 60), (-4, 0), (-0.5, 0)]
)
def test_retry_after_is_whole_seconds_rounded_up(given: float, kept: int) -> None:
    for cls in (authhooks.RetryLaterError, *RETRY_LATER):
        retry_after = cls("later", retry_after=given).retry_after  # type: ignore[call-arg]
        assert retry_after == kept
        assert type(retry_after) is int


@pytest.mark.parametrize(
    ("given", "error"),
    [
        (True, TypeError),
        ("30", TypeError),
        (None, TypeError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (float("-inf"), ValueError),
    ],
)
def test_retry_after_is_a_finite_number(given: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        authhooks.StoreUnavailableError("down", retry_after=given)  # type: ignore[arg-type]
