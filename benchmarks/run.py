"""authhooks against its anchors: every scheme, every provider, cold start, ASGI throughput.

Run with ``nox -s bench`` (or ``python benchmarks/run.py`` in an environment with
``authhooks[all]``, ``standardwebhooks``, ``svix`` and ``stripe``). In one run:

- every scheme of ``authhooks.schemes`` in each of its forms, through ``authhooks.Webhook``,
  against its anchor on the very same request (``_schemes.py``);
- every registered provider (``authhooks.providers``) on its demo sample padded to ~1 KB and
  ~64 KB, against the same baselines;
- cold start and Starlette throughput; then a verdict for each target.

Options: ``--quick`` (fewer repeats, for a smoke run), ``--write-docs PATH`` (replace the
report between the ``bench:start``/``bench:end`` markers of a Markdown file).
``compare.py`` compares the providers' hot paths with another version of authhooks.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _asgi import requests_per_second, served_requests_per_second
from _hot import SIZES, provider_cases
from _payloads import encoded
from _schemes import JWT_ANCHOR, SchemeCase, rsa_keys, scheme_cases
from _timing import cold_ms, fastest_ns, fmt_ns, fmt_ratio, ratio, table

NA = "n/a (not available)"
KEY = "bench_secret_0123456789abcdef0123456789"

BASELINES = (
    "floor: compare + json.loads",
    "floor: hmac + json.loads",
    "standardwebhooks verify",
    "svix verify + json.loads",
    "stripe construct_event",
    "jwt.decode HS256 + json.loads",
    "jwt.decode RS256",
)


# --- baselines -------------------------------------------------------------------------------


def baselines(doc: bytes, rsa_private: Any, rsa_public: Any) -> dict[str, Callable[[], object]]:
    """The anchors, each verifying and parsing ``doc`` as its library would."""
    import jwt
    import standardwebhooks
    import stripe
    from svix.webhooks import Webhook as SvixWebhook

    key = KEY.encode()
    now = datetime.now(timezone.utc)
    stamp = int(now.timestamp())
    fns: dict[str, Callable[[], object]] = {}

    bearer = {"authorization": f"Bearer {KEY}"}

    def floor_compare() -> object:
        hmac.compare_digest(bearer["authorization"][7:].encode(), key)
        return json.loads(doc)

    fns[BASELINES[0]] = floor_compare

    signature = hmac.new(key, doc, hashlib.sha256).hexdigest()

    def floor_hmac() -> object:
        expected = hmac.new(key, doc, hashlib.sha256).hexdigest()
        hmac.compare_digest(expected, signature)
        return json.loads(doc)

    fns[BASELINES[1]] = floor_hmac

    wh_secret = "whsec_" + base64.b64encode(key[:24]).decode()
    wh = standardwebhooks.Webhook(wh_secret)
    text = doc.decode()
    wh_headers = {
        "webhook-id": "msg_2Kq3bench",
        "webhook-timestamp": str(stamp),
        "webhook-signature": wh.sign("msg_2Kq3bench", now, text),
    }
    fns[BASELINES[2]] = lambda: wh.verify(doc, wh_headers)

    sv = SvixWebhook(wh_secret)
    sv_headers = {
        "svix-id": "msg_2Kq3bench",
        "svix-timestamp": str(stamp),
        "svix-signature": sv.sign("msg_2Kq3bench", now, text),
    }

    def svix_verify() -> object:
        sv.verify(doc, sv_headers)
        return json.loads(doc)

    fns[BASELINES[3]] = svix_verify

    stripe_sig = hmac.new(key, f"{stamp}.".encode() + doc, hashlib.sha256).hexdigest()
    stripe_header = f"t={stamp},v1={stripe_sig}"
    fns[BASELINES[4]] = lambda: stripe.Webhook.construct_event(doc, stripe_header, KEY)

    hs_token = jwt.encode({"iat": stamp, "exp": stamp + 300}, KEY, algorithm="HS256")

    def jwt_hs256() -> object:
        jwt.decode(hs_token, KEY, algorithms=["HS256"])
        return json.loads(doc)

    fns[BASELINES[5]] = jwt_hs256

    claims = json.loads(doc)
    if not isinstance(claims, dict):
        claims = {"payload": claims}
    claims.setdefault("iat", stamp)
    claims.setdefault("aud", "https://bench.example/hooks")
    audience = claims["aud"][0] if isinstance(claims["aud"], list) else claims["aud"]
    rs_token = jwt.encode(
        claims, rsa_private, algorithm="RS256", headers={"kid": "k1", "typ": "secevent+jwt"}
    )
    fns[BASELINES[6]] = lambda: jwt.decode(
        rs_token, rsa_public, algorithms=["RS256"], audience=audience
    )
    return fns


# --- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    label: str
    provider: str
    size: str
    baseline: str
    limit: float


HOT_TARGETS = (
    Target(
        "AuthCore verify, 1 KB <= 1.0x floor (hmac + json.loads)",
        "authcore",
        "1 KB",
        BASELINES[1],
        1.0,
    ),
    Target(
        "AuthCore verify, 1 KB <= 0.6x standardwebhooks verify",
        "authcore",
        "1 KB",
        BASELINES[2],
        0.6,
    ),
    Target(
        "AuthCore verify, 64 KB <= 1.2x standardwebhooks verify",
        "authcore",
        "64 KB",
        BASELINES[2],
        1.2,
    ),
    Target(
        "Userfront verify, 1 KB <= 1.0x floor (compare + json.loads)",
        "userfront",
        "1 KB",
        BASELINES[0],
        1.0,
    ),
    Target(
        "Frontegg verify, 1 KB <= 0.6x jwt.decode HS256 + json.loads",
        "frontegg",
        "1 KB",
        BASELINES[5],
        0.6,
    ),
    Target(
        "Akamai verify, 1 KB <= 1.1x jwt.decode RS256 (key loaded once)",
        "akamai",
        "1 KB",
        BASELINES[6],
        1.1,
    ),
)


def verdict(value: float | None, limit: float, *, at_least: bool = False) -> str:
    if value is None:
        return NA
    met = value >= limit if at_least else value <= limit
    return "met" if met else "MISSED"


# --- cold start ------------------------------------------------------------------------------


def _cold_verify_script(provider: str) -> str | None:
    import authhooks
    from authhooks.samples import load_sample, sample_events

    try:
        event = sample_events(provider)[0]
    except LookupError:
        return None
    body = encoded(load_sample(provider, event))
    if provider == "authcore":
        if not hasattr(authhooks, "AuthCore"):
            return None
        sig = hmac.new(KEY.encode(), body, hashlib.sha256).hexdigest()
        build = f"authhooks.AuthCore(secret={KEY!r})"
        headers = {"X-Webhook-Signature": f"sha256={sig}"}
    elif provider == "userfront":
        build = f"authhooks.Userfront(api_key={KEY!r})"
        headers = {"Authorization": f"Bearer {KEY}"}
    else:
        return None
    return (
        "import authhooks\n"
        f"receiver = {build}\n"
        f"event = receiver.verify({body!r}, {headers!r})\n"
        "event.type, event.id\n"
    )


_PYDANTIC_MODEL = (
    "from pydantic import BaseModel\n"
    "class M(BaseModel):\n    a: int\n    b: str\n"
    'M.model_validate_json(b\'{"a": 1, "b": "x"}\')\n'
)


def cold_start(repeats: int) -> dict[str, float | None]:
    scripts: dict[str, str | None] = {
        "python -c pass (interpreter only)": "pass",
        "import pydantic": "import pydantic",
        "pydantic: import + one BaseModel validated": _PYDANTIC_MODEL,
        "import authhooks": "import authhooks",
        "import standardwebhooks": "import standardwebhooks",
        "from svix.webhooks import Webhook": "from svix.webhooks import Webhook",
        "import stripe": "import stripe",
        "authhooks: first verified AuthCore event": _cold_verify_script("authcore"),
        "authhooks: first verified Userfront event": _cold_verify_script("userfront"),
    }
    available = {name: s for name, s in scripts.items() if s is not None}
    measured = cold_ms(available, repeats=repeats)
    return {name: measured.get(name) for name in scripts}


# --- report ----------------------------------------------------------------------------------


def _versions() -> str:
    names = (
        *("authhooks", "pydantic", "pydantic-core", "pyjwt", "cryptography"),
        *("standardwebhooks", "svix", "stripe", "starlette"),
    )
    parts = []
    for name in names:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} (absent)")
    return ", ".join(parts)


def hot_section(
    out: list[str], repeats: int, target_s: float, keys: tuple[Any, Any]
) -> dict[tuple[str, str], dict[str, float]]:
    rsa_private, rsa_public = keys
    hot: dict[tuple[str, str], dict[str, float]] = {}
    for size_label, size in SIZES.items():
        cases = provider_cases(size)
        rows = []
        for name in sorted(cases):
            case = cases[name]
            fns: dict[str, Callable[[], object]] = {"authhooks": case.fn}
            base = baselines(case.doc, rsa_private, rsa_public)
            if case.token_body:
                # The body is a token, not JSON: only the JWT anchor does the same work.
                base = {BASELINES[6]: base[BASELINES[6]]}
            fns.update(base)
            ns = fastest_ns(fns, repeats=repeats, target_s=target_s)
            hot[(name, size_label)] = ns
            cells = []
            for baseline in BASELINES:
                if baseline in ns:
                    r = ratio(ns["authhooks"], ns[baseline])
                    cells.append(f"{fmt_ns(ns[baseline])} ({fmt_ratio(r)})")
                else:
                    cells.append("-")
            rows.append([name, str(case.body_bytes), fmt_ns(ns["authhooks"]), *cells])
        out.append(f"\n### Providers, {size_label} payload: ns/op\n")
        out.append(
            "Each baseline cell is the baseline's ns/op on the same payload, then authhooks' "
            "time as a multiple of it.\n"
        )
        out.append(table(["provider", "body bytes", "authhooks verify", *BASELINES], rows))
    return hot


def scheme_section(
    out: list[str], repeats: int, target_s: float, keys: tuple[Any, Any]
) -> dict[tuple[str, str], dict[str, float]]:
    """Every scheme form through ``authhooks.Webhook`` against its anchors."""
    measured: dict[tuple[str, str], dict[str, float]] = {}
    try:
        import authhooks.schemes  # noqa: F401
    except ImportError:  # a version from before the schemes (to compare providers with it)
        out.append(f"\n### Schemes through Webhook\n\n{NA}: this version has no schemes.")
        return measured
    now = int(time.time())
    for size_label, size in SIZES.items():
        rows = []
        cases: list[SchemeCase] = scheme_cases(size, now, keys)
        for case in cases:
            fns = {"authhooks": case.authhooks, **case.anchors}
            ns = fastest_ns(fns, repeats=repeats, target_s=target_s)
            measured[(case.form, size_label)] = ns
            for index, anchor in enumerate(case.anchors):
                rows.append(
                    [
                        case.form if index == 0 else "",
                        str(case.body_bytes) if index == 0 else "",
                        fmt_ns(ns["authhooks"]) if index == 0 else "",
                        anchor,
                        fmt_ns(ns[anchor]),
                        fmt_ratio(ratio(ns["authhooks"], ns[anchor])),
                    ]
                )
        out.append(f"\n### Schemes through Webhook, {size_label} payload: ns/op\n")
        out.append(
            "`authhooks.Webhook(scheme).verify` (check, then a `GenericEvent`) against each "
            "anchor on the very same request; the ratio is authhooks' time over the anchor's.\n"
        )
        headers = ["scheme form", "body bytes", "authhooks", "anchor", "anchor ns", "ratio"]
        out.append(table(headers, rows))
    return measured


def cold_section(out: list[str], repeats: int) -> dict[str, float | None]:
    cold = cold_start(repeats)
    pyd = cold.get("import pydantic")
    rows = [
        [name, "n/a" if value is None else f"{value:.1f}", fmt_ratio(ratio(value, pyd))]
        for name, value in cold.items()
    ]
    out.append("\n### Cold start: fresh process, median wall time\n")
    out.append(table(["what", "ms", "vs import pydantic"], rows))
    return cold


def asgi_section(
    out: list[str], rounds: int, per_round: int, seconds: float
) -> dict[str, tuple[float, float] | None]:
    import authhooks

    provider = "authcore" if hasattr(authhooks, "AuthCore") else "userfront"
    results = {
        "in-process ASGI": requests_per_second(provider, rounds=rounds, per_round=per_round),
        "uvicorn on 127.0.0.1, load from a second process": served_requests_per_second(
            provider, rounds=rounds, seconds=seconds
        ),
    }
    out.append(f"\n### Starlette: requests/s, {provider} events\n")
    rows = []
    for how, rps in results.items():
        if rps is None:
            rows.append([how, NA, NA, "n/a"])
        else:
            rows.append([how, f"{rps[0]:,.0f}", f"{rps[1]:,.0f}", fmt_ratio(rps[0] / rps[1])])
    headers = ["driven", "WebhookMiddleware + route", "bare route, by hand", "ratio"]
    out.append(table(headers, rows))
    return results


#: JWT through PyJWT: no slower than this multiple of a bare ``jwt.decode`` + ``json.loads``.
JWT_LIMIT = 1.15
#: The generic ``Jwt`` forms the JWT target covers (a token in a header, the body a token).
JWT_FORMS = ("jwt-header-hs256", "jwt-header-rs256", "jwt-body-hs256", "jwt-body-rs256")


def targets_section(
    out: list[str],
    hot: dict[tuple[str, str], dict[str, float]],
    schemes: dict[tuple[str, str], dict[str, float]],
    cold: dict[str, float | None],
    rps: dict[str, tuple[float, float] | None],
) -> None:
    rows = []
    for target in HOT_TARGETS:
        ns = hot.get((target.provider, target.size))
        value = ratio(ns["authhooks"], ns[target.baseline]) if ns else None
        rows.append([target.label, fmt_ratio(value), verdict(value, target.limit)])
    for size in SIZES:
        ns = hot.get(("frontegg", size))
        value = ratio(ns["authhooks"], ns[BASELINES[5]]) if ns else None
        label = f"Frontegg verify, {size} <= {JWT_LIMIT}x jwt.decode HS256 + json.loads"
        rows.append([label, fmt_ratio(value), verdict(value, JWT_LIMIT)])
    for size in SIZES:
        for form in JWT_FORMS:
            ns = schemes.get((form, size))
            value = ratio(ns["authhooks"], ns[JWT_ANCHOR]) if ns else None
            label = f"Webhook {form}, {size} <= {JWT_LIMIT}x {JWT_ANCHOR}"
            rows.append([label, fmt_ratio(value), verdict(value, JWT_LIMIT)])
    auth_cold = cold.get("authhooks: first verified AuthCore event")
    for label, base, limit in (
        ("Cold start to first AuthCore event <= 1.3x import pydantic", "import pydantic", 1.3),
        ("... far below svix (<= 0.5x its import)", "from svix.webhooks import Webhook", 0.5),
        ("... far below stripe (<= 0.5x its import)", "import stripe", 0.5),
    ):
        value = ratio(auth_cold, cold.get(base))
        rows.append([label, fmt_ratio(value), verdict(value, limit)])
    for how, measured in rps.items():
        value = ratio(measured[0], measured[1]) if measured else None
        label = f"Starlette middleware requests/s >= 0.9x bare route ({how.split(',')[0]})"
        rows.append([label, fmt_ratio(value), verdict(value, 0.9, at_least=True)])
    out.append("\n### Targets\n")
    out.append(table(["target", "measured", "verdict"], rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (smoke run)")
    parser.add_argument("--write-docs", metavar="PATH", help="update the report in this file")
    parser.add_argument(
        "--baseline",
        metavar="PYTHON",
        help="also compare the providers' hot paths with the authhooks of this interpreter",
    )
    args = parser.parse_args(argv)
    repeats, target_s, cold_n, rounds = (5, 0.01, 5, 3) if args.quick else (15, 0.03, 25, 7)

    started = time.perf_counter()
    out = [
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; {_versions()}."
    ]
    keys = rsa_keys()
    schemes = scheme_section(out, repeats, target_s, keys)
    hot = hot_section(out, repeats, target_s, keys)
    cold = cold_section(out, cold_n)
    rps = asgi_section(out, rounds, 300 if args.quick else 1500, 1.0 if args.quick else 3.0)
    targets_section(out, hot, schemes, cold, rps)
    if args.baseline:
        from compare import compare

        out.append("\n### Providers' hot paths against the baseline version\n")
        out.append(
            compare(
                args.baseline,
                sys.executable,
                rounds=2 if args.quick else 4,
                target_s=target_s,
                repeats=repeats // 2 + 1,
            )
        )
    out.append(f"\n(run took {time.perf_counter() - started:.0f} s)")

    report = "\n".join(out)
    print(report)
    if args.write_docs:
        path = Path(args.write_docs)
        text = path.read_text(encoding="utf-8")
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        before, _, rest = text.partition(start)
        _, _, after = rest.partition(end)
        path.write_text(f"{before}{start}\n{report}\n{end}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
