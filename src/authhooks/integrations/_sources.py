"""The source allow-list: [`SourceAllowList`][authhooks.integrations.SourceAllowList] and the
published sender addresses."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from authhooks._headers import OWS
from authhooks.errors import ConfigurationError, SourceNotAllowedError

__all__ = ["FRONTEGG_SOURCE_IPS", "SourceAllowList", "networks"]

#: The addresses Frontegg sends webhooks from (EU, then US), for ``allow_from=``.
FRONTEGG_SOURCE_IPS: tuple[str, ...] = (
    "99.81.198.187",
    "54.216.181.43",
    "52.209.54.22",
    "23.21.59.58",
    "54.152.159.125",
    "3.220.173.9",
)

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_ip(text: str) -> _Address | None:
    text = text.strip(OWS)
    if text.startswith("[") and "]" in text:  # "[::1]" or "[::1]:8080"
        text = text[1 : text.index("]")]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def networks(values: Iterable[str], name: str) -> tuple[_Network, ...]:
    """The networks named by ``values`` (one address or network, or several), for the option
    ``name``; [`ConfigurationError`][authhooks.ConfigurationError] for one that is not."""
    if isinstance(values, str):
        values = [values]
    try:
        return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)
    except ValueError as exc:
        raise ConfigurationError(f"{name} holds an invalid address or network: {exc}") from None


class SourceAllowList:
    """Accept requests only from the given addresses or networks.

    ``X-Forwarded-For`` is read only when the peer is one of ``trusted_proxies``; it is then
    walked from the right, skipping the trusted proxies, and the first other address is the
    client. Anything that is not an address fails closed.
    """

    def __init__(self, allow_from: Iterable[str], trusted_proxies: Iterable[str] = ()) -> None:
        self.allowed = networks(allow_from, "allow_from")
        if not self.allowed:
            raise ConfigurationError("allow_from must name at least one address or network")
        self.trusted = networks(trusted_proxies, "trusted_proxies")

    def _trusted(self, address: _Address) -> bool:
        return any(address in network for network in self.trusted)

    def client(self, peer: str | None, forwarded_for: str | None) -> str | None:
        """The client address for a request from ``peer``, or ``None`` when it is not one."""
        address = _parse_ip(peer or "")
        if address is None:
            return None
        if not forwarded_for or not self._trusted(address):
            return str(address)
        for hop in reversed(forwarded_for.split(",")):
            address = _parse_ip(hop)
            if address is None:
                return None
            if not self._trusted(address):
                return str(address)
        return str(address)

    def check(self, peer: str | None, forwarded_for: str | None) -> None:
        """Raise [`SourceNotAllowedError`][authhooks.SourceNotAllowedError] unless the client is in
        the allow-list."""
        client = self.client(peer, forwarded_for)
        address = _parse_ip(client) if client else None
        if address is None or not any(address in network for network in self.allowed):
            raise SourceNotAllowedError(f"source address {client or peer!r} is not allowed")
