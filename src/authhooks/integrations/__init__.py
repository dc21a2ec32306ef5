"""Framework adapters: ``authhooks.flask``, ``authhooks.django``,
``authhooks.starlette`` and ``authhooks.fastapi``.

This package imports no framework; each adapter module imports its own. The names here are
shared by all of them.
"""

from __future__ import annotations

from authhooks.integrations._common import (
    FRONTEGG_SOURCE_IPS as FRONTEGG_SOURCE_IPS,
    ErrorResponse as ErrorResponse,
    OnError as OnError,
    SourceAllowList as SourceAllowList,
    error_response as error_response,
)

__all__ = ["FRONTEGG_SOURCE_IPS", "ErrorResponse", "OnError", "SourceAllowList", "error_response"]
