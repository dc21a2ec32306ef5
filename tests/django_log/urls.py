"""The URLs of the test project: the admin, and (when ``AUTHHOOKS_TEST_LOG`` names a log)
webhook views recording their deliveries."""

from __future__ import annotations

import os

from django.contrib import admin
from django.urls import URLPattern, URLResolver, path

urlpatterns: list[URLPattern | URLResolver] = [path("admin/", admin.site.urls)]
if os.environ.get("AUTHHOOKS_TEST_LOG"):
    from tests.log.apps.django_views import urlpatterns as hooks

    urlpatterns += hooks
