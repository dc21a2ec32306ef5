"""The test project's ASGI application."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.django_log.settings")

from django.core.asgi import get_asgi_application

app = get_asgi_application()
