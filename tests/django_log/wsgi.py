"""The test project's WSGI application."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.django_log.settings")

from django.core.wsgi import get_wsgi_application

app = get_wsgi_application()
