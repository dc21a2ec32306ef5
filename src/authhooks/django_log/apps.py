"""The Django app configuration of the delivery log."""

from __future__ import annotations

from django.apps import AppConfig

__all__ = ["DeliveryLogConfig"]


class DeliveryLogConfig(AppConfig):
    """``authhooks.django_log``: the webhook deliveries, in the admin."""

    name = "authhooks.django_log"
    label = "authhooks_log"
    verbose_name = "Webhook deliveries"
    default_auto_field = "django.db.models.BigAutoField"
