"""What the tests of the Standard Webhooks providers (Clerk, Stytch) share: ``v1`` signatures
computed from Svix's description alone, the headers that carry them, and what the tests
against Svix's own libraries need (message ids, the time, header renaming)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import datetime, timezone

from hypothesis import strategies as st

#: The secret of Svix's documented example ("Verifying webhooks manually").
SVIX_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#: A well-formed secret that signed none of the requests under test.
STRANGER = "whsec_" + base64.b64encode(b"x" * 24).decode()

#: Message ids both references sign: printable ASCII without ``.``.
message_ids = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="."),
    min_size=1,
    max_size=64,
)


def v1(secret: str, msg_id: str, stamp: int, body: bytes) -> str:
    """A ``v1`` signature computed here, from Svix's description alone."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def delivery_headers(
    msg_id: str, stamp: int | datetime, signature: str, *, prefix: str = "svix-"
) -> dict[str, str]:
    """The id, timestamp and signature headers of one delivery, under ``prefix``."""
    seconds = int(stamp.timestamp()) if isinstance(stamp, datetime) else stamp
    return {
        f"{prefix}id": msg_id,
        f"{prefix}timestamp": str(seconds),
        f"{prefix}signature": signature,
    }


def signed_headers(
    body: bytes, *, msg_id: str, stamp: int, secret: str, prefix: str = "svix-"
) -> dict[str, str]:
    """The headers of ``body`` signed with ``secret`` (tests bind their defaults with
    ``functools.partial``)."""
    return delivery_headers(msg_id, stamp, v1(secret, msg_id, stamp, body), prefix=prefix)


def renamed(headers: dict[str, str], prefix: str) -> dict[str, str]:
    """The ``svix-*`` headers of a request under ``prefix`` (``webhook-``: the names the
    ``standardwebhooks`` library reads)."""
    return {
        prefix + name.removeprefix("svix-"): value
        for name, value in headers.items()
        if name.startswith("svix-")
    }


def whole_second_now() -> datetime:
    """The current time, to the second (what a timestamp header carries)."""
    return datetime.fromtimestamp(int(time.time()), tz=timezone.utc)
