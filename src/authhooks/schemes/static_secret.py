"""A shared secret sent as it is in a header: ``Authorization: Bearer <secret>`` and its kin."""

from __future__ import annotations

import binascii
import re
from collections.abc import Mapping

from authhooks._headers import OWS, header_byte_forms, require_header
from authhooks._secrets import SecretInput, matches_any, normalise_secrets
from authhooks.errors import ConfigurationError, InvalidHeaderError, InvalidSignatureError
from authhooks.schemes._base import Scheme, Verified
from authhooks.schemes.body_hmac import check_header_name
from authhooks.signing import Payload, SignedRequest, encode_payload

__all__ = ["StaticSecret"]

_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")  # HTAB may appear in a header


class StaticSecret(Scheme):
    """A secret the sender puts in a header of every request (no signature, no timestamp).

    Senders: Userfront, The Auth API, Okta event hooks, Auth0 log streams, and any webhook
    configured with a custom secret header. The check proves the sender knows the secret; it
    does not cover the body (`covers_body` is ``False``) and cannot stop a replay.

    Args:
        secret: the secret, or several (rotation: any one is accepted). With
            ``auth_scheme="Basic"`` each is ``"user:password"``.
        header: the header carrying it.
        auth_scheme: the HTTP authentication scheme in front of the secret: ``"Bearer"``
            (``Bearer <secret>``, the scheme word in any case), ``"Basic"`` (``Basic
            base64(user:password)``), another word such as ``"Token"``, or ``None`` for the
            header's whole value (a secret that is a whole ``Authorization`` value, such as
            ``"Basic dXNlcjpwYXNz"``, compared exactly as the sender sends it).

    Raises:
        ConfigurationError: no secret, an empty one, one pasted with its scheme word, or
            one no header value can hold (a control character, surrounding whitespace,
            bytes that are not UTF-8).

    Example:
        ```python
        from authhooks import Webhook
        from authhooks.schemes import StaticSecret

        receiver = Webhook(StaticSecret("s3cr3t", header="X-Hook-Secret", auth_scheme=None))
        ```
    """

    covers_body = False

    def __init__(
        self,
        secret: SecretInput,
        *,
        header: str = "Authorization",
        auth_scheme: str | None = "Bearer",
    ) -> None:
        header = check_header_name(header)
        if auth_scheme is not None and (
            not isinstance(auth_scheme, str)
            or not auth_scheme.isascii()
            or not auth_scheme.isalnum()
        ):
            raise ConfigurationError('auth_scheme must be a word such as "Bearer", or None')
        self.header = header
        self.auth_scheme = auth_scheme
        self.credential_headers = (header,)
        self._basic = auth_scheme is not None and auth_scheme.lower() == "basic"
        secrets = normalise_secrets(
            secret,
            name="secret",
            scheme_word=auth_scheme,
            # The whole Authorization value starts with its scheme word (RFC 9110): Okta's
            # "Basic ..." and an Auth0 log stream's "Bearer ..." are what the sender sends.
            authorization_value=auth_scheme is None and header.lower() == "authorization",
        )
        if not self._basic:
            for item in secrets:
                _check_matchable(item)
        if self._basic:
            if not all(b":" in item for item in secrets):
                raise ConfigurationError('with auth_scheme="Basic", each secret is "user:password"')
            # Compared as the canonical base64 token: untrusted input is never decoded.
            secrets = tuple(binascii.b2a_base64(item, newline=False) for item in secrets)
        self._secrets = secrets
        self._word = None if auth_scheme is None else auth_scheme.lower()

    def authenticate(self, body: bytes, headers: Mapping[str, str]) -> Verified:
        """See [`Scheme.authenticate`][authhooks.schemes.Scheme.authenticate]."""
        name = self.header
        value = require_header(headers, name).strip(OWS)
        if self._word is not None:
            word, _, credentials = value.partition(" ")
            if not word.isascii() or word.lower() != self._word:
                raise InvalidHeaderError(
                    f"header {name!r} does not use the {self.auth_scheme} scheme", header=name
                )
            value = credentials.lstrip(" ")
            if not value:
                raise InvalidHeaderError(
                    f"header {name!r} has no {self.auth_scheme} credentials", header=name
                )
        if value.isascii():  # the usual case: one byte form
            matched = matches_any(value.encode("ascii"), self._secrets)
        else:
            matched = False
            for form in header_byte_forms(value, name):  # one or two; each compared in full
                matched |= matches_any(form, self._secrets)
        if not matched:
            raise InvalidSignatureError(f"header {name!r} holds no accepted secret", header=name)
        return Verified(body)

    def sign(self, body: Payload, /, *, secret: str | None = None) -> SignedRequest:
        """The request with ``body`` and the secret in the header.

        Args:
            body: a dict (encoded as compact JSON), or the exact bytes or text.
            secret: the secret to send; the first configured one when ``None``.
        """
        if secret is None:
            token = self._secrets[0].decode("utf-8", "surrogateescape")
        elif self._basic:
            token = binascii.b2a_base64(secret.encode(), newline=False).decode("ascii")
        else:
            token = secret
        value = token if self.auth_scheme is None else f"{self.auth_scheme} {token}"
        return SignedRequest(
            body=encode_payload(body),
            headers={"Content-Type": "application/json", self.header: value},
        )

    @property
    def secret_count(self) -> int:
        """How many secrets are accepted."""
        return len(self._secrets)

    def __repr__(self) -> str:
        return (
            f"StaticSecret(secrets={len(self._secrets)}, header={self.header!r}, "
            f"auth_scheme={self.auth_scheme!r})"
        )


def _check_matchable(secret: bytes) -> None:
    """Refuse a secret that no header value can hold, so that it could never match."""
    if _CONTROL.search(secret):
        raise ConfigurationError("secret holds a control character (a line break?)")
    if secret != secret.strip():
        raise ConfigurationError("secret has leading or trailing whitespace: strip it")
