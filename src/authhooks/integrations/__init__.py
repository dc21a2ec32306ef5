"""What the framework adapters share: the answers to refused requests, and the source
allow-list.

The adapters themselves are ``authhooks.flask``, ``authhooks.django``,
``authhooks.starlette`` and ``authhooks.fastapi``, each importing its own framework. This
package imports none.
"""

from __future__ import annotations

from authhooks.integrations._answers import (
    ErrorResponse as ErrorResponse,
    OnError as OnError,
    error_response as error_response,
)
from authhooks.integrations._sources import (
    FRONTEGG_SOURCE_IPS as FRONTEGG_SOURCE_IPS,
    SourceAllowList as SourceAllowList,
)

__all__ = ["FRONTEGG_SOURCE_IPS", "ErrorResponse", "OnError", "SourceAllowList", "error_response"]
