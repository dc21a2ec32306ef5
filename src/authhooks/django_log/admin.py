"""The Django admin of the delivery log: a read-only list (filters by provider, outcome,
status and age; search by event or delivery id), each delivery's detail (timeline, headers
with their secrets redacted, body, parsed event, diagnosis) and a "replay" action.

Every value shown is escaped by Django: bodies and headers are whatever a client sent.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from typing import Any, ClassVar

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from authhooks.django_log.models import DeliveryRecord, StepRecord
from authhooks.errors import ConfigurationError, WebhookError

__all__ = ["DeliveryRecordAdmin", "replayer_from_settings"]

_SHOWN = 64 * 1024


def replayer_from_settings() -> Any:
    """The ``Replayer`` the settings name (``AUTHHOOKS_REPLAY_HANDLER`` or
    ``AUTHHOOKS_REPLAY_DISPATCHER``, with ``AUTHHOOKS_REPLAY_DEDUP``).

    Raises:
        ConfigurationError: neither is set, or one names nothing.
    """
    from authhooks.log import Replayer, load_object

    handler = getattr(settings, "AUTHHOOKS_REPLAY_HANDLER", None)
    dispatcher = getattr(settings, "AUTHHOOKS_REPLAY_DISPATCHER", None)
    dedup = getattr(settings, "AUTHHOOKS_REPLAY_DEDUP", None)
    if not handler and not dispatcher:
        raise ConfigurationError(
            "set AUTHHOOKS_REPLAY_HANDLER (or AUTHHOOKS_REPLAY_DISPATCHER) to replay deliveries"
        )
    return Replayer(
        load_object(handler) if handler else None,
        dispatcher=load_object(dispatcher) if dispatcher else None,
        dedup=load_object(dedup) if dedup else None,
    )


def _log(using: str) -> Any:
    from authhooks.log import DeliveryLog, load_object

    named = getattr(settings, "AUTHHOOKS_DELIVERY_LOG", None)
    if named:
        return load_object(named)
    from authhooks.django_log.store import DjangoStore

    return DeliveryLog(DjangoStore(using), diagnose=False)


class _Age(admin.SimpleListFilter):
    title = "received"
    parameter_name = "age"
    _SPANS: ClassVar[dict[str, int]] = {
        "1h": 3600,
        "24h": 86400,
        "7d": 7 * 86400,
        "30d": 30 * 86400,
    }

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return [(key, f"in the last {key}") for key in self._SPANS]

    def queryset(self, request: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
        span = self._SPANS.get(str(self.value()))
        if span is None:
            return queryset
        recent: QuerySet[Any] = queryset.filter(received_at__gte=time.time() - span)
        return recent


class _Steps(admin.TabularInline):  # type: ignore[type-arg]
    model = StepRecord
    fields = ("when", "name", "status", "detail")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = "step"
    verbose_name_plural = "timeline"

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.display(description="at")
    def when(self, step: StepRecord) -> str:
        return _time(step.at)


def _time(at: float | None) -> str:
    if at is None:
        return "-"
    return datetime.fromtimestamp(at, tz=timezone.utc).isoformat(timespec="milliseconds")


def _pre(text: str) -> str:
    return format_html('<pre style="white-space: pre-wrap">{}</pre>', text)


@admin.register(DeliveryRecord)
class DeliveryRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Lists, filters and shows deliveries; replays the selected ones."""

    list_display = (
        "received",
        "provider",
        "route",
        "outcome",
        "status",
        "reason",
        "event_type",
        "event_id",
        "attempts",
        "total_ms",
    )
    list_filter = ("provider", "outcome", "status", _Age)
    search_fields = ("=id", "=event_id", "=delivery_id", "event_type")
    ordering = ("-received_at", "-id")
    inlines = (_Steps,)
    actions = ("replay", "replay_forced")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "id",
                    "received",
                    "provider",
                    "route",
                    "client",
                    "outcome",
                    "status",
                    "reason",
                    "error",
                    "event_type",
                    "event_id",
                    "delivery_id",
                    "attempts",
                    "durations",
                    "replay_of",
                )
            },
        ),
        ("Diagnosis", {"fields": ("diagnosis_shown",)}),
        ("Request", {"fields": ("body_size", "headers_shown", "body_shown")}),
        ("Event", {"fields": ("event_shown",)}),
    )

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [str(name) for _, options in self.fieldsets for name in options["fields"]]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    @admin.display(description="received", ordering="received_at")
    def received(self, record: DeliveryRecord) -> str:
        return _time(record.received_at)

    @admin.display(description="durations")
    def durations(self, record: DeliveryRecord) -> str:
        parts = [
            f"{name} {value:.1f} ms"
            for name, value in (
                ("verify", record.verify_ms),
                ("handler", record.handler_ms),
                ("total", record.total_ms),
            )
            if value is not None
        ]
        return ", ".join(parts) or "-"

    @admin.display(description="diagnosis")
    def diagnosis_shown(self, record: DeliveryRecord) -> str:
        findings = _json(record.diagnosis)
        if not isinstance(findings, list) or not findings:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><code>{}</code> {}</li>",
                ((str(f.get("code", "")), str(f.get("message", ""))) for f in findings),
            ),
        )

    @admin.display(description="headers (secrets redacted)")
    def headers_shown(self, record: DeliveryRecord) -> str:
        headers = _json(record.headers)
        if not isinstance(headers, dict):
            return "not kept"
        return _pre("\n".join(f"{name}: {value}" for name, value in headers.items()))

    @admin.display(description="body")
    def body_shown(self, record: DeliveryRecord) -> str:
        if record.body is None:
            return "not kept"
        body = bytes(record.body)
        text = body[:_SHOWN].decode("utf-8", "replace")
        more = f"\n… ({len(body) - _SHOWN} more bytes)" if len(body) > _SHOWN else ""
        return _pre(text + more)

    @admin.display(description="parsed event")
    def event_shown(self, record: DeliveryRecord) -> str:
        from authhooks._describe import describe_event
        from authhooks.django_log.store import DjangoStore

        full = DjangoStore(record._state.db or "default").get(record.id)
        if full is None or full.delivery is None:
            return "-"
        try:
            event = full.delivery.parse()
        except WebhookError as exc:
            return f"does not parse: {exc}"
        return _pre(json.dumps(describe_event(event), indent=2, ensure_ascii=False, default=str))

    @admin.action(description="Replay the selected deliveries")
    def replay(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._replay(request, queryset, force=False)

    @admin.action(description="Replay the selected deliveries, even those already handled")
    def replay_forced(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._replay(request, queryset, force=True)

    def _replay(self, request: HttpRequest, queryset: QuerySet[Any], *, force: bool) -> None:
        try:
            replayer = replayer_from_settings()
        except ConfigurationError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        log = _log(queryset.db)
        ids = list(queryset.order_by("received_at", "id").values_list("id", flat=True))
        for result in replayer.replay(log, ids, force=force):
            level = messages.SUCCESS if result.ok else messages.WARNING
            if result.outcome == "failed":
                level = messages.ERROR
            detail = f": {result.detail}" if result.detail else ""
            self.message_user(request, f"{result.original}: {result.outcome}{detail}", level)


def _json(value: str | None) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None
