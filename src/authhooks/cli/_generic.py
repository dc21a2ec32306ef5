"""``PROVIDER generic``: any sender, verified with a scheme configured on the command line.

``authhooks verify generic --scheme body-hmac --header X-Signature --secret ...`` builds
``authhooks.Webhook(BodyHmac(secret, header="X-Signature"), ...)``; ``send`` signs with the
same scheme and ``listen`` serves it. Each option maps to the scheme's argument of the same
name (see ``authhooks.schemes``); options that the chosen scheme does not take are refused.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from authhooks.cli._common import GENERIC, UsageError
from authhooks.errors import ConfigurationError

if TYPE_CHECKING:
    from authhooks._credentials import Clock, Given
    from authhooks.schemes import Scheme
    from authhooks.signing import SignedRequest
    from authhooks.webhook import Webhook

__all__ = ["GENERIC", "SCHEMES", "add_options", "check_options", "make_receiver", "make_signer"]

#: ``--scheme`` -> the options it takes (besides the credentials and the Webhook's own).
SCHEMES: dict[str, frozenset[str]] = {
    "static-secret": frozenset({"header", "auth_scheme"}),
    "body-hmac": frozenset({"header", "encoding", "prefix", "algorithm"}),
    "timestamped-hmac": frozenset(
        {
            "header",
            "encoding",
            "prefix",
            "algorithm",
            "timestamp_unit",
            "separator",
            "timestamp_header",
            "tolerance",
        }
    ),
    "standard-webhooks": frozenset({"header_prefix", "tolerance"}),
    "jwt": frozenset({"header", "algorithm", "placement", "jwks_url", "issuer", "tolerance"}),
}
#: Options every generic scheme takes: the Webhook's.
_WEBHOOK = ("type_field", "id_field", "provider_name")
_SCHEME_OPTIONS = frozenset().union(*SCHEMES.values())


def add_options(parser: argparse.ArgumentParser, *, signing: bool) -> None:
    """Add ``--scheme`` and the scheme options, for ``PROVIDER generic``."""
    group = parser.add_argument_group(
        "generic senders (PROVIDER generic)",
        "Verify or sign like any sender: pick its scheme and options as its docs describe them "
        "(each maps to the argument of the same name of authhooks.schemes).",
    )
    group.add_argument("--scheme", choices=list(SCHEMES), help="the verification scheme")
    group.add_argument("--header", metavar="NAME", help="the header of the secret/signature/token")
    group.add_argument(
        "--auth-scheme",
        metavar="WORD",
        help="static-secret: the word before the secret (default Bearer; '' for the bare value)",
    )
    group.add_argument(
        "--encoding", choices=("hex", "base64", "base64url"), help="HMAC: the digest's encoding"
    )
    group.add_argument("--prefix", metavar="TEXT", help="HMAC: text before the digest (sha256=)")
    group.add_argument(
        "--algorithm",
        action="append",
        metavar="NAME",
        help="HMAC: sha256 (default), sha384 or sha512; jwt: a pinned JWS algorithm "
        "(HS256, RS256, ...; repeat for several)",
    )
    group.add_argument(
        "--timestamp-unit", choices=("s", "ms"), help="timestamped-hmac: seconds or milliseconds"
    )
    group.add_argument(
        "--separator", metavar="TEXT", help="timestamped-hmac: between the parts (',' or ', ')"
    )
    group.add_argument(
        "--timestamp-header", metavar="NAME", help="timestamped-hmac: a header of its own"
    )
    group.add_argument(
        "--header-prefix", choices=("webhook-", "svix-"), help="standard-webhooks: the headers"
    )
    group.add_argument(
        "--placement", choices=("body", "header", "body_digest"), help="jwt: where the token is"
    )
    group.add_argument("--issuer", metavar="ISS", help="jwt: the accepted (or signed) iss")
    if signing:
        return
    group.add_argument("--jwks-url", metavar="URL", help="jwt: fetch the keys from this URL")
    group.add_argument(
        "--tolerance",
        type=float,
        metavar="S",
        help="timestamped schemes: seconds the signed time may be off; jwt: the leeway",
    )
    group.add_argument(
        "--type-field", metavar="PATH", help="the event type's field (default type; '' for none)"
    )
    group.add_argument(
        "--id-field", metavar="PATH", help="the event id's field (default id; '' for none)"
    )
    group.add_argument(
        "--provider-name", metavar="NAME", help="the sender's name, as in event.provider"
    )


def _given_options(args: argparse.Namespace) -> list[str]:
    return [
        name
        for name in sorted(_SCHEME_OPTIONS | set(_WEBHOOK) | {"scheme"})
        if getattr(args, name, None) is not None
    ]


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def check_options(args: argparse.Namespace) -> None:
    """Refuse scheme options given for a registered provider, or that do not fit
    ``--scheme``; refuse a generic sender without ``--scheme``."""
    given = _given_options(args)
    if args.provider != GENERIC:
        if given:
            raise UsageError(
                f"{_flag(given[0])} is for generic senders (PROVIDER generic); "
                f"{args.provider} is configured by its name alone"
            )
        return
    if args.scheme is None:
        raise UsageError(f"generic needs --scheme: one of {', '.join(SCHEMES)}")
    allowed = SCHEMES[args.scheme] | set(_WEBHOOK) | {"scheme"}
    if args.scheme != "jwt":
        credentials = ("audience", "kid", "key")
        given += [name for name in credentials if getattr(args, name, None) is not None]
    for name in given:
        if name not in allowed:
            raise UsageError(f"{_flag(name)} does not apply to --scheme {args.scheme}")
    needs_header = args.scheme in ("body-hmac", "timestamped-hmac") or (
        args.scheme == "jwt" and (args.placement or "header") != "body"
    )
    if needs_header and args.header is None:
        raise UsageError(f"--scheme {args.scheme} needs --header NAME")
    if args.scheme == "jwt" and not args.algorithm:
        raise UsageError("--scheme jwt needs --algorithm (HS256, RS256, ...): it is never guessed")
    if args.scheme != "jwt" and args.algorithm and len(args.algorithm) > 1:
        raise UsageError(f"--scheme {args.scheme} takes one --algorithm")


def _options(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}


def _field(value: str | None, default: str) -> str | None:
    if value is None:
        return default
    return value or None


def _jwt_keys(args: argparse.Namespace, given: Given, *, signing: bool) -> tuple[list[Any], Any]:
    """The keys a Jwt scheme verifies with, and the private key it signs with (or None)."""
    keys: list[Any] = list(given.secrets)
    private: Any = None
    if given.key is not None:
        data = given.key
        if data.lstrip().startswith(b"{"):
            try:
                keys.append(json.loads(data))
            except ValueError:
                raise ConfigurationError("--key is not valid JSON") from None
        elif b"PRIVATE KEY" in data:
            private = data
            keys.append(_public_half(data))
        else:
            keys.append(data)
    if getattr(args, "jwks_url", None):
        keys.append(args.jwks_url)
    if not keys:
        raise ConfigurationError("--scheme jwt needs --secret, --key FILE or --jwks-url URL")
    if signing and private is None and given.key is not None:
        raise ConfigurationError("to sign, --key is a PEM private key")
    return keys, private


def _public_half(pem: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise ConfigurationError("--key is not an unencrypted PEM private key") from None
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _scheme(
    args: argparse.Namespace, given: Given, clock: Clock | None, *, signing: bool
) -> tuple[Scheme, Any]:
    """The scheme the options describe, and the private key to sign with (jwt only)."""
    from authhooks import schemes

    kind = args.scheme
    secrets = list(given.secrets)
    if kind != "jwt" and not secrets:
        raise ConfigurationError("generic needs --secret (or $AUTHHOOKS_SECRET)")
    algorithm = args.algorithm[0] if args.algorithm else None
    hmac_options = _options(args, ("encoding", "prefix")) | (
        {"algorithm": algorithm} if algorithm else {}
    )
    timed: dict[str, Any] = {"clock": clock}
    if getattr(args, "tolerance", None) is not None:
        timed["tolerance"] = args.tolerance
    if kind == "static-secret":
        word = "Bearer" if args.auth_scheme is None else (args.auth_scheme or None)
        header = args.header or "Authorization"
        return schemes.StaticSecret(secrets, header=header, auth_scheme=word), None
    if kind == "body-hmac":
        return schemes.BodyHmac(secrets, header=args.header, **hmac_options), None
    if kind == "timestamped-hmac":
        more = _options(args, ("timestamp_unit", "separator", "timestamp_header"))
        timestamped = schemes.TimestampedHmac(
            secrets, header=args.header, **hmac_options, **more, **timed
        )
        return timestamped, None
    if kind == "standard-webhooks":
        prefix = args.header_prefix or "webhook-"
        return schemes.StandardWebhooks(secrets, header_prefix=prefix, **timed), None
    keys, private = _jwt_keys(args, given, signing=signing)
    if "tolerance" in timed:
        timed["leeway"] = timed.pop("tolerance")
    scheme = schemes.Jwt(
        keys,
        algorithms=args.algorithm,
        placement=args.placement or "header",
        header=args.header,
        audience=given.audience,
        issuer=args.issuer,
        **timed,
    )
    return scheme, private


def make_receiver(args: argparse.Namespace) -> Callable[[Given, Clock | None], Webhook]:
    """Builds the ``Webhook`` the options describe, for given credentials and clock."""

    def build(given: Given, clock: Clock | None) -> Webhook:
        from authhooks.webhook import Webhook

        scheme, _ = _scheme(args, given, clock, signing=False)
        return Webhook(
            scheme,
            provider=args.provider_name or GENERIC,
            type_field=_field(args.type_field, "type"),
            id_field=_field(args.id_field, "id"),
        )

    return build


def make_signer(args: argparse.Namespace) -> Callable[[Given], Callable[[Any], SignedRequest]]:
    """Builds a function signing payloads as the options' scheme does, with the first
    secret (or ``--key``)."""

    def signer(given: Given) -> Callable[[Any], SignedRequest]:
        first = given if len(given.secrets) <= 1 else _first(given)
        scheme, private = _scheme(args, first, None, signing=True)
        options: dict[str, Any] = {}
        if private is not None:
            options["signing_key"] = private
        if given.key_id is not None and args.scheme == "jwt":
            options["kid"] = given.key_id

        def sign(payload: Any) -> SignedRequest:
            if args.scheme == "jwt" and args.placement == "body" and isinstance(payload, bytes):
                try:
                    payload = json.loads(payload)
                except ValueError:
                    raise ConfigurationError(
                        "with --placement body, --data is the token's claims, as JSON"
                    ) from None
            return scheme.sign(payload, **options)

        return sign

    return signer


def _first(given: Given) -> Given:
    from dataclasses import replace

    return replace(given, secrets=given.secrets[:1])
