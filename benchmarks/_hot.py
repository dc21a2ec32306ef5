"""The providers' hot path: every registered provider verifying its padded demo sample.

Imported by ``run.py``; also a worker of ``compare.py``: ``python _hot.py SECONDS REPEATS``
prints, as JSON, the fastest ns/op of every provider and size with the ``authhooks`` of the
interpreter running it, and ``python _hot.py --calls NAME SIZE N`` verifies N times (to count
instructions under valgrind). The worker needs only ``authhooks`` (it finds the providers in the
registry, ``authhooks.providers``, or, in a version from before the registry, in the demo),
so that one version's hot paths can be compared with another's on the same payloads.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _payloads import encoded, padded
from _timing import fastest_ns

SIZES = {"1 KB": 1024, "64 KB": 64 * 1024}


@dataclass
class ProviderCase:
    name: str
    fn: Callable[[], object]
    body_bytes: int
    doc: bytes
    #: Whether the body is a token rather than the JSON (Akamai's body is a signed JWT).
    token_body: bool = False


def _demos(only: str | None = None) -> list[tuple[str, str, Any]]:
    """(name, demo event, demo) of every provider (or ``only`` that one): make_receiver,
    sign."""
    try:
        import authhooks.providers as registry

        entries = [registry.get(only)] if only is not None else registry.all()
    except (ImportError, AttributeError):  # a version from before the registry
        from authhooks._demo import demo_providers

        return [(p.name, p.event, p) for p in demo_providers() if only in (None, p.name)]
    return [(entry.name, entry.demo_event, entry.demo()) for entry in entries]


def _sample(name: str, event: str) -> Any:
    from authhooks.samples import load_sample

    return load_sample(name, event)


def provider_cases(size: int, only: str | None = None) -> dict[str, ProviderCase]:
    """Every provider (or ``only`` that one), verifying a request built from its demo sample
    padded to ``size``."""
    cases: dict[str, ProviderCase] = {}
    for name, event, demo in _demos(only):
        payload = padded(_sample(name, event), size)
        request = demo.sign(payload)
        receiver = demo.make_receiver()
        receiver.verify(request.body, request.headers)  # fails loudly if the setup is wrong
        body, headers = request.body, request.headers
        cases[name] = ProviderCase(
            name=name,
            fn=lambda r=receiver, b=body, h=headers: r.verify(b, h),
            body_bytes=len(body),
            doc=encoded(payload),
            token_body=not body.lstrip().startswith((b"{", b"[")),
        )
    return cases


def main() -> None:
    if sys.argv[1:2] == ["--calls"]:
        # ``--calls NAME SIZE N``: N verifications and nothing else (instruction counts).
        name, size, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        fn = provider_cases(size, only=name)[name].fn
        for _ in range(count):
            fn()
        return
    target_s = float(sys.argv[1]) if len(sys.argv) > 1 else 0.02
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    result: dict[str, dict[str, float]] = {}
    for label, size in SIZES.items():
        cases = provider_cases(size)
        ns = fastest_ns({n: c.fn for n, c in cases.items()}, repeats=repeats, target_s=target_s)
        for name, value in ns.items():
            result.setdefault(name, {})[label] = value
            result[name][f"{label} bytes"] = cases[name].body_bytes
    print(json.dumps(result))


if __name__ == "__main__":
    main()
