"""The Userfront receiver's parse (tags read by pydantic-core, a generic fallback) gives the
same result as a plain reference: one union with a Python discriminator over every event."""

from __future__ import annotations

import json
from typing import Annotated, Any

from hypothesis import given, settings, strategies as st
from pydantic import Discriminator, Tag, TypeAdapter, ValidationError

from authhooks import PayloadError
from authhooks.providers.userfront import (
    TenantCreated,
    TenantDeleted,
    TenantUpdated,
    UserCreated,
    UserDeleted,
    Userfront,
    UserfrontGenericEvent,
    UserUpdated,
)
from authhooks.samples import load_sample, sample_events

_KNOWN = {"user.create", "user.update", "user.delete", "tenant.create", "tenant.update"}
_KNOWN |= {"tenant.delete"}


def _tag(value: Any) -> str:
    model, action = value.get("model"), value.get("action")
    if isinstance(model, str) and isinstance(action, str) and f"{model}.{action}" in _KNOWN:
        return f"{model}.{action}"
    return "generic"


REFERENCE: TypeAdapter[Any] = TypeAdapter(
    Annotated[
        Annotated[UserCreated, Tag("user.create")]
        | Annotated[UserUpdated, Tag("user.update")]
        | Annotated[UserDeleted, Tag("user.delete")]
        | Annotated[TenantCreated, Tag("tenant.create")]
        | Annotated[TenantUpdated, Tag("tenant.update")]
        | Annotated[TenantDeleted, Tag("tenant.delete")]
        | Annotated[UserfrontGenericEvent, Tag("generic")],
        Discriminator(_tag),
    ]
)

KEY = "uf_test_key_fast_path"
HEADERS = {"Authorization": f"Bearer {KEY}"}

records = st.one_of(
    st.just({}),
    st.sampled_from(
        [load_sample("userfront", name)["record"] for name in sample_events("userfront")]
    ),
    st.dictionaries(
        st.sampled_from(["userId", "email", "createdAt", "tenant", "authorization", "x"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=8), st.booleans(), st.just({})),
        max_size=4,
    ),
)


def _reference(body: bytes) -> tuple[str, Any]:
    try:
        event = REFERENCE.validate_json(body)
    except ValidationError:
        return ("error", None)
    return (type(event).__name__, event.model_dump())


def _receiver(body: bytes) -> tuple[str, Any]:
    try:
        event = Userfront(api_key=KEY).verify(body, HEADERS)
    except PayloadError:
        return ("error", None)
    return (type(event).__name__, event.model_dump())


@settings(max_examples=150, deadline=None)
@given(
    model=st.sampled_from(["user", "tenant", "webhook", "User", 1, None]),
    action=st.sampled_from(["create", "update", "delete", "archive", "Create", 2, None]),
    mode=st.sampled_from(["live", "test", None]),
    record=records,
)
def test_the_receiver_parses_like_the_reference(
    model: object, action: object, mode: object, record: object
) -> None:
    payload: dict[str, Any] = {"model": model, "action": action, "record": record}
    if mode is not None:
        payload["mode"] = mode
    body = json.dumps(payload).encode()
    assert _receiver(body) == _reference(body)
