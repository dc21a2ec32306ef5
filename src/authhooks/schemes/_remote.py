"""A JWKS fetched from a URL for the JWT scheme: the cached key set, prepared per algorithm."""

from __future__ import annotations

from collections.abc import Collection

from authhooks.schemes._keys import KeyMap, VerifyingKey, keys_from_jwks
from authhooks.verifiers.jwks import RemoteKeySet

__all__ = ["RemoteKeys"]


class RemoteKeys:
    """The keys of the JWKS at ``url`` usable with ``algorithms``, fetched and cached by a
    [`RemoteKeySet`][authhooks.verifiers.jwks.RemoteKeySet] (bounded fetches, rate-limited
    refetch on unknown ``kid``s, stale keys kept)."""

    def __init__(
        self,
        url: str,
        algorithms: Collection[str],
        *,
        timeout: float,
        refetch_interval: float,
    ) -> None:
        algs = tuple(algorithms)

        def parse(document: object) -> KeyMap:
            return keys_from_jwks(document, algs, remote=True)

        self.url = url
        self._set: RemoteKeySet[VerifyingKey] = RemoteKeySet(
            url, parse=parse, timeout=timeout, refetch_interval=refetch_interval
        )

    def lookup(self, kid: str | None) -> list[VerifyingKey]:
        """The keys for ``kid`` (fetching as the cache rules allow); ``[]`` when none."""
        return self._set.lookup(kid)

    async def alookup(self, kid: str | None) -> list[VerifyingKey]:
        """[`lookup`][authhooks.schemes._remote.RemoteKeys.lookup] without blocking the loop."""
        return await self._set.alookup(kid)
