"""The settings of the Django project the delivery log's app is tested in (a real project:
its admin, its migrations, served by a real server).

The database comes from the environment: ``AUTHHOOKS_TEST_DATABASE`` is an SQLite file path
or a ``postgresql://`` URL. ``AUTHHOOKS_TEST_HANDLED`` is the file the replay handler appends
each event id to.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit


def _database(spec: str) -> dict[str, object]:
    if spec.startswith("postgresql://"):
        url = urlsplit(spec)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": url.path.lstrip("/"),
            "USER": url.username or "",
            "PASSWORD": url.password or "",
            "HOST": url.hostname or "",
            "PORT": str(url.port or ""),
        }
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": spec, "OPTIONS": {"timeout": 10}}


DEBUG = False
SECRET_KEY = "django-insecure-test-only-" + "x" * 30
ROOT_URLCONF = "tests.django_log.urls"
ALLOWED_HOSTS = ["*"]
USE_TZ = True
DATABASES = {"default": _database(os.environ.get("AUTHHOOKS_TEST_DATABASE", "django-log.db"))}
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "authhooks.django_log",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGGING_CONFIG = None
AUTHHOOKS_REPLAY_HANDLER = "tests.django_log.hooks:replayed"
