"""``authhooks.answers`` and the receivers' synchronous seam: what a handler's result becomes,
what a failure is answered, and which receivers are synchronous."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

import authhooks
from authhooks import HTTPAnswer, Receiver
from authhooks.answers import answer_of, json_answer
from authhooks.providers import all as all_providers
from authhooks.providers.supabase import HookError, SuccessResponse


@dataclass
class Reply:
    """An answer of another kind: ``status``, ``body`` and ``headers`` only."""

    status: Any
    body: Any
    headers: Any = field(default_factory=lambda: {"Content-Type": "application/json"})


class Helper:
    """An answer helper of a provider authhooks does not know."""

    def __init__(self, reply: Any) -> None:
        self.reply = reply

    def to_response(self) -> Any:
        return self.reply


def test_none_is_204_without_a_body() -> None:
    answer = answer_of(None)
    assert (answer.status, answer.body, answer.content, dict(answer.headers)) == (
        204,
        None,
        b"",
        {},
    )


@pytest.mark.parametrize(
    "document", [{}, {"a": [1, "é", None, True]}, {"error": {"http_code": 400, "message": "x"}}]
)
def test_a_mapping_is_json_200(document: dict[str, Any]) -> None:
    answer = answer_of(document)
    assert (answer.status, answer.body, dict(answer.headers)) == (
        200,
        document,
        {"Content-Type": "application/json"},
    )


def test_a_helper_gives_its_own_answer() -> None:
    assert answer_of(HookError(409, "Taken.")) == HookError(409, "Taken.").to_response()
    assert answer_of(Helper(HTTPAnswer(202, {"ok": 1}, {"X": "y"}))) == HTTPAnswer(
        202, {"ok": 1}, {"X": "y"}
    )
    # Anything with status, body and headers is taken, and becomes an HTTPAnswer.
    answer = answer_of(Helper(Reply(200, {"claims": {}})))
    assert isinstance(answer, HTTPAnswer)
    assert (answer.status, answer.content) == (200, b'{"claims":{}}')
    assert answer_of(Helper(Reply(204, None, {}))) == HTTPAnswer(204, None, {})


@pytest.mark.parametrize(
    "reply",
    [
        None,
        "200",
        Reply(True, {}),
        Reply("200", {}),
        Reply(200.0, {}),
        Reply(99, {}),
        Reply(600, {}),
        Reply(200, {}, None),
        Reply(200, {}, [("Content-Type", "application/json")]),
        Reply(200, {}, {"Content-Type": b"application/json"}),
        Reply(200, {}, {1: "x"}),
    ],
)
def test_a_helper_whose_answer_is_not_one(reply: Any) -> None:
    with pytest.raises(TypeError, match="to_response"):
        answer_of(Helper(reply))


@pytest.mark.parametrize("body", [{"x": math.nan}, {"x": -math.inf}, {"x": object()}, {1j: 1}])
def test_a_body_that_is_not_json(body: Any) -> None:
    with pytest.raises(ValueError, match="not JSON"):
        answer_of(Helper(Reply(200, body)))
    with pytest.raises(ValueError, match="not JSON"):
        answer_of(body)
    with pytest.raises(ValueError, match="not JSON"):
        json_answer(body)


@pytest.mark.parametrize("result", ["{}", b"{}", 0, 200, ["claims"], (200, {}), object()])
def test_other_results_are_refused(result: Any) -> None:
    with pytest.raises(TypeError, match="not "):
        answer_of(result)


def test_a_mapping_is_copied() -> None:
    document = {"claims": {"a": 1}}
    answer = answer_of(document)
    document["other"] = {}
    assert answer.body == {"claims": {"a": 1}}


def test_the_content_is_compact_utf8() -> None:
    assert HTTPAnswer(200, {"m": "ü ✓", "n": [1, 2]}).content == '{"m":"ü ✓","n":[1,2]}'.encode()
    assert HTTPAnswer(204, None).content == b""


# -- the receivers -----------------------------------------------------------------------------


def test_only_supabase_is_synchronous() -> None:
    synchronous = {p.name for p in all_providers() if p.receiver_class.synchronous}
    assert synchronous == {"supabase"}
    assert Receiver.synchronous is False
    assert authhooks.Webhook.synchronous is False


def test_the_default_answers() -> None:
    receiver = authhooks.Userfront(api_key="uf_answers_key_0123")
    assert receiver.answer({"a": 1}) == HTTPAnswer(
        200, {"a": 1}, {"Content-Type": "application/json"}
    )
    assert receiver.answer(None) == HTTPAnswer(204, None, {})
    failure = receiver.failure_answer(RuntimeError("secret detail"))
    assert (failure.status, failure.body) == (500, {"error": "handler_failed"})


@pytest.mark.parametrize(
    "error", [RuntimeError("token=abc"), TypeError("not an answer"), ValueError(""), KeyError("k")]
)
def test_supabase_failure_is_its_error_format_without_the_error(error: Exception) -> None:
    receiver = authhooks.Supabase("v1,whsec_YXV0aGhvb2tzIHN1cGFiYXNlIGZhaWx1cmUga2V5")
    failure = receiver.failure_answer(error)
    assert failure == HookError(500, "The auth hook failed.").to_response()
    assert failure.status == 200  # Supabase Auth passes on an error object only from a 200
    assert str(error) not in failure.content.decode() or not str(error)
    assert receiver.answer(SuccessResponse()) == SuccessResponse().to_response()


def test_a_receiver_made_for_parsing_keeps_its_answers() -> None:
    receiver = authhooks.Supabase.for_parsing()
    assert receiver.synchronous
    assert receiver.failure_answer(RuntimeError()).body == {
        "error": {"http_code": 500, "message": "The auth hook failed."}
    }


def test_the_answer_is_public() -> None:
    assert authhooks.HTTPAnswer is HTTPAnswer
    from authhooks.providers.supabase import HTTPAnswer as SupabaseAnswer

    assert SupabaseAnswer is HTTPAnswer
    assert isinstance(HTTPAnswer(200, {}).headers, Mapping)
