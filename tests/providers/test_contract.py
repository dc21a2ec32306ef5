"""The contract every registered provider keeps, checked through the registry.

Each test is parametrised over [`authhooks.providers.all()`][authhooks.providers.all] (and
over every shipped sample), with the provider's demo credentials: a provider added to the
registry is held to all of it with no change here. What is particular to one provider (its
formats, options and special cases) is tested in its own folder.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import copy
import functools
import io
import json
import os
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import authhooks
import authhooks.schemes
from authhooks import (
    InvalidSignatureError,
    MissingHeaderError,
    PayloadError,
    VerificationError,
)
from authhooks.events import WebhookEvent
from authhooks.kinds import KINDS
from authhooks.providers import Demo, Provider
from authhooks.receiver import Receiver
from authhooks.schemes import Jwt, Verified
from authhooks.signing import SignedRequest

ROOT = Path(__file__).resolve().parents[2]
PROVIDERS = authhooks.providers.all()
NAMES = [entry.name for entry in PROVIDERS]
SAMPLES = [(entry.name, event) for entry in PROVIDERS for event in entry.sample_events()]

#: What replaces the event name to make an event type no provider has a model for.
UNKNOWN = "x_unknown_event"

#: Whether each verification family covers the body (a ``Jwt`` says by its placement).
FAMILY_COVERS_BODY = {
    "StaticSecret": False,
    "BodyHmac": True,
    "TimestampedHmac": True,
    "StandardWebhooks": True,
}


@dataclass(frozen=True)
class Setup:
    """A provider with its demo credentials: the receiver, the signer and the forger."""

    entry: Provider
    demo: Demo
    receiver: Receiver[Any]

    def sign(self, payload: Any) -> SignedRequest:
        return self.demo.sign(payload)

    def verified(self, request: SignedRequest) -> Verified:
        """What the scheme vouches for in ``request``."""
        return self.receiver.scheme.authenticate(request.body, request.headers)

    @property
    def token_in_body(self) -> bool:
        """Whether the body is a token rather than the JSON itself."""
        return isinstance(self.receiver.scheme, Jwt) and self.receiver.scheme.placement == "body"


@functools.cache
def setup(name: str) -> Setup:
    entry = authhooks.providers.get(name)
    demo = entry.demo()
    return Setup(entry, demo, demo.make_receiver())


def _secrets_of(s: Setup, request: SignedRequest) -> list[str]:
    """What must never appear in a repr or a message: the demo secrets, every credential
    header's value and its last word, and a body token's signature."""
    found = [value for value in (s.entry.demo_secret, s.entry.forged_secret) if value]
    names = {name.lower() for name in s.receiver.scheme.credential_headers}
    for name, value in request.headers.items():
        if name.lower() in names:
            found += [value, value.split()[-1], value.rsplit(".", 1)[-1]]
    if s.token_in_body:
        found.append(request.body.decode("ascii").rsplit(".", 1)[-1])
    return [item for item in found if len(item) >= 8]


def _assert_hidden(s: Setup, request: SignedRequest, *texts: str) -> None:
    for secret in _secrets_of(s, request):
        for text in texts:
            assert secret not in text, f"{s.entry.name}: a secret shows in {text[:80]!r}"


def _events(result: Any) -> tuple[WebhookEvent, ...]:
    """The events of a verified result: the event itself, or each event of a delivery that
    carries several (a batch)."""
    if isinstance(result, WebhookEvent):
        return (result,)
    events = tuple(getattr(result, "events", ()))
    assert all(isinstance(event, WebhookEvent) for event in events), result
    return events


def _within(document: Any, part: Any) -> bool:
    """Whether ``part`` is ``document`` or one of its values, at any depth."""
    if document == part:
        return True
    if isinstance(document, dict):
        return any(_within(value, part) for value in document.values())
    if isinstance(document, list):
        return any(_within(value, part) for value in document)
    return False


def _keeps(result: Any, document: Any) -> bool:
    """Whether ``result`` keeps the decoded ``document`` as it came: an event as its ``raw``,
    a delivery's events each as a part of it."""
    if isinstance(result, WebhookEvent):
        return bool(result.raw == document)
    return all(_within(document, event.raw) for event in _events(result))


def _credentials_sent(s: Setup, request: SignedRequest) -> list[str]:
    """The credential headers ``request`` carries (a scheme may read one of several header
    sets, such as ``svix-`` or ``webhook-``): one at least, unless the body is the token."""
    declared = {header.lower() for header in s.receiver.scheme.credential_headers}
    sent = [header for header in request.headers if header.lower() in declared]
    assert sent or not declared, f"{s.entry.name}: no credential header in the request"
    return sent


def _without(headers: Mapping[str, str], name: str) -> dict[str, str]:
    return {key: value for key, value in headers.items() if key.lower() != name.lower()}


def _change_one_character(text: str, start: int = 0) -> str:
    """``text`` with one letter from the middle on (or from ``start``) replaced by another,
    or a digit by another digit: the same length and alphabet, a different value."""
    for index in [*range(max(start, len(text) // 2), len(text)), *range(start, len(text))]:
        char = text[index]
        if char.isascii() and char.isalnum():
            if char.isdigit():
                other = "7" if char != "7" else "3"
            else:
                other = "b" if char.lower() != "b" else "c"
                other = other.upper() if char.isupper() else other
            return text[:index] + other + text[index + 1 :]
    raise AssertionError(f"nothing to change in {text!r}")


def _tampered_body(body: bytes) -> bytes:
    """``body`` with one character of a JSON string value changed (still the same JSON
    document's shape), or one character of a token changed."""
    try:
        document = json.loads(body)
    except ValueError:
        return _change_one_character(body.decode("ascii")).encode("ascii")
    text = body.decode("utf-8")
    for match in reversed(list(re.finditer(r'"([A-Za-z0-9 _@.:/+-]{4,})"', text))):
        candidate = text[: match.start(1)] + _change_one_character(match[1]) + text[match.end(1) :]
        changed = json.loads(candidate)
        if _shape(changed) == _shape(document):  # a value changed, not a key
            return candidate.encode("utf-8")
    raise AssertionError("no string value to tamper with")


def _shape(document: Any) -> Any:
    if isinstance(document, dict):
        return {key: _shape(value) for key, value in document.items()}
    if isinstance(document, list):
        return [_shape(value) for value in document]
    return None


def _renamed(document: Any, old: str, new: str) -> tuple[Any, int]:
    """``document`` with every string value and object key equal to ``old`` made ``new``,
    and how many there were."""
    if isinstance(document, dict):
        result: dict[str, Any] = {}
        count = 0
        for key, value in document.items():
            changed, found = _renamed(value, old, new)
            count += found + (key == old)
            result[new if key == old else key] = changed
        return result, count
    if isinstance(document, list):
        pairs = [_renamed(value, old, new) for value in document]
        return [value for value, _ in pairs], sum(found for _, found in pairs)
    if document == old:
        return new, 1
    return document, 0


def _string_leaves(document: Any, path: Path_ = ()) -> list[Path_]:
    if isinstance(document, (dict, list)):
        items = document.items() if isinstance(document, dict) else enumerate(document)
        return [leaf for key, value in items for leaf in _string_leaves(value, (*path, key))]
    return [path] if isinstance(document, str) else []


def _unknown_event(s: Setup) -> tuple[Any, str]:
    """The provider's sample with its event name replaced by one that has no model, and the
    event type that makes.

    The event name is found as a value or a key of the payload (AuthCore's ``type``,
    Akamai's key of ``events``), else its last dotted part is (Userfront's ``action``), else
    the name is made of several values (Stytch's ``source.object_type.action``) and one of
    them is replaced.
    """
    name, payload = s.entry.demo_event, s.entry.sample()
    head, _, last = name.rpartition(".")
    unknown = f"{head}.{UNKNOWN}" if head else UNKNOWN
    changed, count = _renamed(payload, name, unknown)
    if not count:
        changed, count = _renamed(payload, last, UNKNOWN)
    if count:
        return changed, unknown
    parts = {part.lower() for part in name.split(".")}
    for path in _string_leaves(payload):
        if str(_lookup(payload, path)).lower() in parts:
            changed = _replaced(payload, path, UNKNOWN)
            request = s.sign(changed)
            with contextlib.suppress(PayloadError):
                result = s.receiver.verify(request.body, request.headers)
                for event in _events(result):
                    if UNKNOWN in event.type.lower():
                        return changed, event.type
    raise AssertionError(f"the event name {name!r} is nowhere in its sample")


# -- every sample ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "event"), SAMPLES, ids=[f"{p}:{e}" for p, e in SAMPLES])
def test_every_sample_verifies_into_its_typed_event(name: str, event: str) -> None:
    s = setup(name)
    payload = s.entry.sample(event)
    request = s.sign(payload)
    verified = s.verified(request)
    result = s.receiver.verify(request.body, request.headers)

    parser = s.receiver.parser
    base = getattr(authhooks, s.entry.event)
    events = _events(result)
    for item in events:
        assert isinstance(item, base)
        assert item.provider == name
        assert item.kind is None or item.kind in KINDS
        assert isinstance(item.id, str)
        assert item.id
        _assert_hidden(s, request, repr(item), str(item))
    named = [item for item in events if item.type == event]
    assert named, f"no {event} event in its sample"
    for item in named:
        assert parser.generic is None or not isinstance(item, parser.generic)
        assert type(item) is parser.classes[event]
    assert _keeps(result, json.loads(verified.payload))
    if not s.token_in_body:
        assert _keeps(result, payload)
    _assert_hidden(s, request, repr(result), str(result))

    # A stored payload parses again into the same event, without verification.
    again = s.receiver.parse(verified.payload, delivery_id=verified.delivery_id)
    assert type(again) is type(result)
    assert again == result
    assert (again.id, again.raw) == (result.id, result.raw)

    # The async path gives the same event.
    awaited = asyncio.run(s.receiver.averify(request.body, request.headers))
    assert type(awaited) is type(result)
    assert awaited == result


@pytest.mark.parametrize("name", NAMES)
def test_events_are_immutable_values_that_survive_copies(name: str) -> None:
    s = setup(name)
    request = s.sign(s.entry.sample())
    result = s.receiver.verify(request.body, request.headers)
    assert s.receiver.verify(request.body, request.headers) == result
    for event in _events(result):
        with pytest.raises(ValidationError, match="frozen"):
            event.type = "x"  # type: ignore[misc]
        for other in (
            copy.copy(event),
            copy.deepcopy(event),
            event.model_copy(),
            pickle.loads(pickle.dumps(event)),  # noqa: S301 (our own bytes)
        ):
            assert type(other) is type(event)
            assert other == event
            assert (other.id, other.raw, other.kind) == (event.id, event.raw, event.kind)
        text = repr(event)
        assert text.startswith(f"{type(event).__name__}(")
        assert "raw=" not in text


@pytest.mark.parametrize("name", NAMES)
def test_one_receiver_is_shared_by_threads(name: str) -> None:
    s = setup(name)
    sample = s.entry.sample()
    genuine, forged = s.sign(sample), s.demo.forge(sample)
    expected = s.receiver.verify(genuine.body, genuine.headers)
    wrong: list[str] = []

    def work(index: int) -> None:
        for _ in range(40):
            request = genuine if index % 2 else forged
            try:
                event = s.receiver.verify(request.body, request.headers)
            except InvalidSignatureError:
                ok = not index % 2  # only the forged requests fail
            else:
                ok = bool(index % 2) and event == expected
            if not ok:
                wrong.append(f"thread {index}")

    threads = [threading.Thread(target=work, args=(index,)) for index in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


@pytest.mark.parametrize("name", NAMES)
def test_every_typed_event_has_a_sample(name: str) -> None:
    entry = authhooks.providers.get(name)
    samples = entry.sample_events()
    assert entry.demo_event in samples
    assert set(samples) <= set(entry.event_types())
    # Every event class has a sample (a class may read several spellings of its name).
    classes = setup(name).receiver.parser.classes
    assert {classes[event] for event in samples} == set(classes.values())


@pytest.mark.parametrize("name", NAMES)
def test_unknown_event_types_parse_into_the_generic_event(name: str) -> None:
    s = setup(name)
    parser = s.receiver.parser
    assert parser.generic is not None, f"{name} has no generic event class"
    assert issubclass(parser.generic, getattr(authhooks, s.entry.event))
    payload, unknown = _unknown_event(s)
    request = s.sign(payload)
    result = s.receiver.verify(request.body, request.headers)
    generic = [event for event in _events(result) if event.type == unknown]
    assert generic, f"no {unknown} event"
    for event in generic:
        assert isinstance(event, parser.generic)
        assert (event.provider, event.kind) == (name, None)
    assert _keeps(result, json.loads(s.verified(request).payload))
    assert unknown not in parser.types


# -- what the scheme checks --------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_a_forged_request_is_refused(name: str) -> None:
    s = setup(name)
    forged = s.demo.forge(s.entry.sample())
    with pytest.raises(InvalidSignatureError) as info:
        s.receiver.verify(forged.body, forged.headers)
    credentials = [header.lower() for header in s.receiver.scheme.credential_headers]
    if credentials:  # the error names the header that failed
        assert info.value.header is not None
        assert info.value.header.lower() in credentials
    _assert_hidden(s, forged, str(info.value), repr(info.value))
    _assert_hidden(s, s.sign(s.entry.sample()), str(info.value))


@pytest.mark.parametrize("name", NAMES)
def test_verification_comes_before_parsing(name: str) -> None:
    # Bodies that, signed genuinely, are payload errors: forged, the signature fails first.
    s = setup(name)
    payloads = [item.payload for item in _refused(name)[:3]]
    assert payloads
    if not s.token_in_body:  # a token's claims are JSON objects
        payloads.append(b"not json at all")
    for payload in payloads:
        forged = s.demo.forge(payload)
        with pytest.raises(InvalidSignatureError):
            s.receiver.verify(forged.body, forged.headers)


@pytest.mark.parametrize("name", NAMES)
def test_header_names_in_any_case_and_text_bodies(name: str) -> None:
    s = setup(name)
    note = "Zoë ✓ 日本"
    payload = {**s.entry.sample(), "x_note": note}
    request = s.sign(payload)
    expected = s.receiver.verify(request.body, request.headers)
    assert _keeps(expected, json.loads(s.verified(request).payload))
    assert note in json.dumps(expected.raw, ensure_ascii=False)
    for spell in (str.lower, str.upper):
        headers = {spell(key): value for key, value in request.headers.items()}
        assert s.receiver.verify(request.body, headers) == expected
    # A text body is its UTF-8 bytes.
    assert s.receiver.verify(request.body.decode("utf-8"), request.headers) == expected


@pytest.mark.parametrize("name", NAMES)
def test_a_tampered_body_is_refused_where_the_scheme_covers_it(name: str) -> None:
    s = setup(name)
    request = s.sign(s.entry.sample())
    body = _tampered_body(request.body)
    assert body != request.body
    assert len(body) == len(request.body)
    if s.receiver.covers_body:
        with pytest.raises(InvalidSignatureError):
            s.receiver.verify(body, request.headers)
    else:
        # The check proves who sent it, not what: the changed body is vouched for as sent.
        assert s.verified(SignedRequest(body=body, headers=request.headers)).payload == body
        with contextlib.suppress(PayloadError):  # a changed value may no longer validate
            assert _keeps(s.receiver.verify(body, request.headers), json.loads(body))


@pytest.mark.parametrize("name", NAMES)
def test_a_tampered_credential_header_is_refused(name: str) -> None:
    s = setup(name)
    request = s.sign(s.entry.sample())
    for header in _credentials_sent(s, request):
        value = request.headers[header]
        for start in (0, len(value) // 2):
            changed = _change_one_character(value, start)
            headers = {**_without(request.headers, header), header: changed}
            with pytest.raises(VerificationError):
                s.receiver.verify(request.body, headers)


@pytest.mark.parametrize("name", NAMES)
def test_a_missing_header_is_refused(name: str) -> None:
    s = setup(name)
    request = s.sign(s.entry.sample())
    credentials = {header.lower() for header in _credentials_sent(s, request)}
    for header in request.headers:
        headers = _without(request.headers, header)
        if header.lower() in credentials:
            with pytest.raises(MissingHeaderError) as info:
                s.receiver.verify(request.body, headers)
            assert info.value.header is not None
            assert info.value.header.lower() == header.lower()
        else:
            with contextlib.suppress(VerificationError):
                s.receiver.verify(request.body, headers)
    if credentials:
        with pytest.raises(MissingHeaderError):
            s.receiver.verify(request.body, {})
    else:  # the body is the credential
        with pytest.raises(VerificationError):
            s.receiver.verify(b"", request.headers)


@pytest.mark.parametrize("name", NAMES)
def test_may_block_and_covers_body_match_the_scheme(name: str) -> None:
    s = setup(name)
    scheme = s.receiver.scheme
    family = s.entry.scheme
    assert family in authhooks.schemes.__all__, f"{name}: unknown scheme {family!r}"
    assert isinstance(scheme, authhooks.schemes.Scheme)
    assert s.receiver.may_block is scheme.may_block
    assert s.receiver.covers_body is scheme.covers_body
    if family == "Jwt":
        assert isinstance(scheme, Jwt)
        assert scheme.covers_body is (scheme.placement != "header")
        assert scheme.may_block is (scheme.jwks_url is not None)
    else:
        assert scheme.covers_body is FAMILY_COVERS_BODY[family]
        assert scheme.may_block is False
    # The demo's receiver holds its keys: it never waits on the network.
    assert s.receiver.may_block is False


# -- payloads ----------------------------------------------------------------------------------


def _payload_error(receiver: Receiver[Any], request: SignedRequest) -> PayloadError | None:
    """The payload error ``request`` raises, or ``None`` when it verifies."""
    try:
        receiver.verify(request.body, request.headers)
    except PayloadError as exc:
        return exc
    return None


Path_ = tuple[str | int, ...]


def _containers(document: Any, path: Path_ = (), depth: int = 4) -> list[Path_]:
    """The paths of the objects and arrays in ``document``, ``depth`` levels deep at most."""
    found: list[Path_] = []
    if depth and isinstance(document, (dict, list)):
        items = document.items() if isinstance(document, dict) else enumerate(document)
        for key, value in items:
            if isinstance(value, (dict, list)):
                found += [(*path, key), *_containers(value, (*path, key), depth - 1)]
    return found


def _lookup(document: Any, path: Path_) -> Any:
    for part in path:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def _replaced(document: Any, path: Path_, value: Any) -> Any:
    changed = copy.deepcopy(document)
    _lookup(changed, path[:-1])[path[-1]] = value
    return changed


def _dump_of(s: Setup) -> Any:
    request = s.sign(s.entry.sample())
    return _dump(s.receiver.verify(request.body, request.headers))


def _dump(result: Any) -> Any:
    """A verified result as wire-named data: an event, or a delivery's events."""
    if isinstance(result, WebhookEvent):
        return result.model_dump(by_alias=True)
    return [_dump(event) for event in getattr(result, "events", ())]


def _field_of(dumped: Any, path: Path_) -> Path_ | None:
    """Where the entity at wire ``path`` is in the typed result: the same path, or its tail
    when the event is an envelope's inner object (FusionAuth's ``event``)."""
    for start in range(len(path)):
        if dumped is not None and isinstance(_lookup(dumped, path[start:]), (dict, list)):
            return path[start:]
    return None


@dataclass(frozen=True)
class Refused:
    """A sample with one entity made a number, and the payload error it raises."""

    payload: Any
    path: Path_
    field: Path_ | None
    request: SignedRequest
    error: PayloadError


@functools.cache
def _refused(name: str) -> list[Refused]:
    """Every entity of the provider's sample whose replacement by a number is refused."""
    s = setup(name)
    sample = s.entry.sample()
    genuine = s.sign(sample)
    result = s.receiver.verify(genuine.body, genuine.headers)
    # An event is read at its own paths; a delivery of several events at the body's.
    dumped = _dump(result) if isinstance(result, WebhookEvent) else None
    refused = []
    for path in _containers(sample):
        payload = _replaced(sample, path, 12345)
        request = s.sign(payload)
        error = _payload_error(s.receiver, request)
        if error is not None:
            refused.append(Refused(payload, path, _field_of(dumped, path), request, error))
    return refused


@pytest.mark.parametrize("name", NAMES)
def test_wrong_json_is_a_payload_error_that_keeps_the_document(name: str) -> None:
    s = setup(name)
    named = 0
    for item in _refused(name):
        # Nothing is lost: the error keeps the document (or a delivery holding it).
        assert _within(item.error.raw, json.loads(s.verified(item.request).payload))
        _assert_hidden(s, item.request, str(item.error), repr(item.error))
        if item.error.field is None:
            continue
        if item.field is not None and len(item.field) <= 2:
            # The error names the entity (of the event, or of one of its objects), or a field
            # inside it.
            where = [str(part) for part in item.field]
            assert item.error.field.split(".")[: len(where)] == where, item.error.field
            named += 1
        elif item.field is None and not isinstance(_dump_of(s), dict):
            # In a delivery of several events: the entity's name is in the error's location.
            assert str(item.path[-1]) in item.error.field.split("."), item.error.field
            named += 1
    assert named, f"{name}: no entity of the wrong type was refused by its name"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("payload", [b"{not json", b"", b"[1, 2", b'{"a": 1} {}'])
def test_a_body_that_is_not_json_is_a_payload_error(name: str, payload: bytes) -> None:
    s = setup(name)
    with pytest.raises(PayloadError) as info:
        s.receiver.parse(payload)
    assert info.value.raw in (None, [])  # nothing decoded (or a delivery of no records)
    if not s.token_in_body:  # signed as it is: the scheme vouches for it, the parse fails
        request = s.sign(payload)
        with pytest.raises(PayloadError) as info:
            s.receiver.verify(request.body, request.headers)
        assert info.value.raw in (None, [])
        assert info.value.body == payload


@pytest.mark.parametrize("name", NAMES)
def test_reprs_never_show_a_secret(name: str) -> None:
    s = setup(name)
    request = s.sign(s.entry.sample())
    shown = [repr(s.receiver), str(s.receiver), repr(s.receiver.scheme)]
    _assert_hidden(s, request, *shown)
    assert all(type(s.receiver).__name__ in text for text in shown[:2])


# -- the package and the docs ------------------------------------------------------------------


def _documented() -> str:
    return "\n".join(path.read_text("utf-8") for path in sorted((ROOT / "docs").rglob("*.md")))


@pytest.mark.parametrize("name", NAMES)
def test_receiver_and_event_are_exported_and_documented(name: str) -> None:
    entry = authhooks.providers.get(name)
    receiver, event = entry.receiver_class, getattr(entry.load(), entry.event)
    assert getattr(authhooks, entry.receiver) is receiver
    assert getattr(authhooks, entry.event) is event
    for exported in (entry.receiver, entry.event, *entry.exports):
        assert exported in authhooks.__all__
        assert exported in dir(authhooks)
        assert getattr(authhooks, exported) is getattr(entry.load(), exported)
    assert issubclass(receiver, Receiver)
    assert issubclass(event, WebhookEvent)
    assert (receiver.provider, event.provider) == (name, name)
    assert receiver.__doc__
    assert event.__doc__
    docs = _documented()
    for exported in (entry.receiver, entry.event):
        paths = (f"authhooks.{exported}", f"{entry.module_name}.{exported}")
        assert any(f"::: {path}\n" in docs for path in paths), f"{exported} is not in the docs"


def _type_checker_exports() -> tuple[dict[str, str], list[str]]:
    """The providers' names in the package root's ``TYPE_CHECKING`` block: its imports from
    a provider's package (name -> module) and what it adds to ``__all__``."""
    tree = ast.parse((ROOT / "src/authhooks/__init__.py").read_text("utf-8"))
    imports: dict[str, str] = {}
    exported: list[str] = []
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for item in node.body:
            if isinstance(item, ast.ImportFrom) and str(item.module).startswith(
                "authhooks.providers."
            ):
                for alias in item.names:
                    assert alias.asname == alias.name, "re-exported as itself"
                    imports[alias.name] = str(item.module)
            elif isinstance(item, ast.AugAssign) and ast.unparse(item.target) == "__all__":
                exported += ast.literal_eval(item.value)
    return imports, exported


def test_the_type_checkers_export_list_equals_the_registry() -> None:
    imports, exported = _type_checker_exports()
    expected = authhooks.providers.exports()
    assert imports == expected
    assert sorted(exported) == sorted(expected)
    assert len(exported) == len(set(exported))


@pytest.mark.parametrize("name", NAMES)
def test_every_provider_has_a_docs_page_and_a_samples_folder(name: str) -> None:
    entry = authhooks.providers.get(name)
    page = ROOT / "docs" / "providers" / f"{name}.md"
    assert page.is_file(), f"docs/providers/{name}.md is missing"
    assert f"providers/{name}.md" in (ROOT / "mkdocs.yml").read_text("utf-8")
    assert entry.receiver in page.read_text("utf-8")
    folder = ROOT / "src" / "authhooks" / "providers" / name / "samples"
    assert folder.is_dir()
    files = sorted(path.name for path in folder.iterdir() if path.suffix == ".json")
    assert files == sorted(f"{event}.json" for event in entry.sample_events())
    assert files


def test_the_registry_lists_each_provider_once_under_its_own_name() -> None:
    assert sorted(set(NAMES)) == NAMES
    packages = sorted(
        path.parent.name
        for path in (ROOT / "src" / "authhooks" / "providers").glob("*/__init__.py")
    )
    assert packages == NAMES
    for entry in PROVIDERS:
        assert entry.module_name == f"authhooks.providers.{entry.name}"
        assert authhooks.providers.get(entry.name) is entry


# -- loading and the demo ----------------------------------------------------------------------

_LOADS = """
import json, os, sys
import authhooks, authhooks.providers
names = authhooks.providers.names()

def providers_loaded():
    return sorted({m.split(".")[2] for m in sys.modules if m.startswith("authhooks.providers.")}
                  & set(names))

print(json.dumps(providers_loaded()))
sys.stdout.flush()
for name in names:
    pid = os.fork()
    if pid == 0:
        entry = authhooks.providers.get(name)
        entry.demo().make_receiver()
        loaded = providers_loaded()
        heavy = sorted(m for m in ("jwt", "cryptography") if m in sys.modules)
        print(json.dumps([name, loaded, heavy]))
        sys.stdout.flush()
        os._exit(0)
    os.waitpid(pid, 0)
"""


@functools.cache
def _loaded_modules() -> tuple[list[str], dict[str, tuple[list[str], list[str]]]]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADS], capture_output=True, text=True, check=True, timeout=120
    )
    first, *rest = done.stdout.splitlines()
    return json.loads(first), {row[0]: (row[1], row[2]) for row in map(json.loads, rest)}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
@pytest.mark.parametrize("name", NAMES)
def test_a_receiver_loads_only_its_own_provider(name: str) -> None:
    at_import, per_provider = _loaded_modules()
    assert at_import == []  # import authhooks loads no provider
    loaded, heavy = per_provider[name]
    assert loaded == [name]
    family = authhooks.providers.get(name).scheme
    if family in ("StaticSecret", "BodyHmac", "TimestampedHmac"):
        assert heavy == []  # no JWT library, no cryptography


@pytest.fixture(scope="module")
def demo_output() -> str:
    from authhooks.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["demo"]) == 0
    return out.getvalue()


@pytest.mark.network
@pytest.mark.parametrize("name", NAMES)
def test_the_demo_accepts_genuine_and_refuses_forged_requests(demo_output: str, name: str) -> None:
    entry = authhooks.providers.get(name)
    assert f"[{name}] genuine {entry.demo_event}: accepted" in demo_output
    assert f"[{name}] forged {entry.demo_event}: rejected" in demo_output
    for secret in (entry.demo_secret, entry.forged_secret):
        if secret:
            assert secret not in demo_output


@pytest.mark.parametrize("name", NAMES)
def test_every_provider_is_in_the_readme_and_docs_index_tables(name: str) -> None:
    receiver = f"`authhooks.{authhooks.providers.get(name).receiver}`"
    readme_rows = [
        line for line in (ROOT / "README.md").read_text("utf-8").splitlines() if receiver in line
    ]
    index_rows = [
        line
        for line in (ROOT / "docs" / "index.md").read_text("utf-8").splitlines()
        if receiver in line and f"(providers/{name}.md)" in line
    ]
    assert readme_rows, f"README.md's provider table has no row for {receiver}"
    assert index_rows, f"docs/index.md's provider table has no linked row for {receiver}"
