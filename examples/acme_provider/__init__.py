"""Acme: a provider written outside authhooks, on its public API (see the docs page "Write
your own provider").

Acme is a made-up sender: it signs ``Acme-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>``
over ``f"{t}.{body}"`` and sends ``{"id", "type", "created_at", "livemode", "data"}``.
"""

from acme_provider.models import (
    PARSER as PARSER,
    AcmeEvent as AcmeEvent,
    AcmeGenericEvent as AcmeGenericEvent,
    AcmeUser as AcmeUser,
    MemberAdded as MemberAdded,
    Membership as Membership,
    UserCreated as UserCreated,
    UserDeleted as UserDeleted,
)
from acme_provider.receiver import Acme as Acme
