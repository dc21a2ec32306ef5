"""Receive Userfront webhooks in a single-file Django project.

Run it (the key is the webhook API key from Userfront's dashboard)::

    USERFRONT_WEBHOOK_KEY=... python examples/django_app.py runserver 8000

then point Userfront at ``http://<your host>:8000/hooks/userfront``. In a real project the
view goes in ``views.py`` and the route in ``urls.py``; nothing else changes.
"""

from __future__ import annotations

import logging
import os
import sys

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret"),
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["*"],
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
    )

import django

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.urls import path  # noqa: E402

import authhooks  # noqa: E402
from authhooks.django import webhook  # noqa: E402

receiver = authhooks.Userfront(api_key=os.environ["USERFRONT_WEBHOOK_KEY"])
log = logging.getLogger(__name__)


@webhook(receiver)
def userfront(request: HttpRequest, event: authhooks.UserfrontEvent) -> None:
    """Runs only for requests proven to come from Userfront; returning None answers 204."""
    if event.kind == "user.created":
        log.info("new user %s", event.record.email)


urlpatterns = [path("hooks/userfront", userfront)]
application = get_wsgi_application()

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
