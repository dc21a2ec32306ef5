"""[`DjangoStore`][authhooks.django_log.store.DjangoStore]: the delivery log through the Django
ORM, in the project's database."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

try:
    from django.db import close_old_connections, transaction
    from django.db.models import F
except ImportError as exc:  # pragma: no cover (Django is installed in the tests)
    raise ImportError(
        "authhooks.django_log needs Django: install authhooks[django] "
        "(pip install 'authhooks[django]')"
    ) from exc

from authhooks.log._record import (
    COLUMNS,
    SUMMARY_COLUMNS,
    Change,
    Query,
    Record,
    Step,
    record_from_row,
    request_columns_of,
    row_defaults,
)
from authhooks.log._store import LogStore

__all__ = ["DjangoStore"]


class DjangoStore(LogStore):
    """The delivery log in the Django project's database (the ``authhooks.django_log`` app's
    tables; run ``manage.py migrate`` first).

    Args:
        using: the database alias (``"default"``).
    """

    def __init__(self, using: str = "default") -> None:
        self.using = using

    @staticmethod
    def _models() -> tuple[Any, Any]:
        from authhooks.django_log.models import DeliveryRecord, StepRecord

        return DeliveryRecord, StepRecord

    def apply(self, changes: Sequence[Change]) -> None:
        """Apply ``changes`` in one transaction (see
        [`LogStore.apply`][authhooks.log.LogStore.apply])."""
        deliveries, steps = self._models()
        close_old_connections()  # the writer thread's connection, as a request's would be
        now = time.time()
        with transaction.atomic(using=self.using):
            rows = deliveries.objects.using(self.using)
            fresh = [change for change in changes if change.new]
            # A worker's attempt may have made the row first: the request's columns join it.
            found = set(
                rows.filter(pk__in=[c.id for c in fresh], total_ms__isnull=True).values_list(
                    "pk", flat=True
                )
            )
            new = [deliveries(**row_defaults(c, now)) for c in fresh if c.id not in found]
            if new:
                rows.bulk_create(new)
            for change in fresh:
                if change.id in found:
                    rows.filter(pk=change.id).update(**request_columns_of(change, now))
            for change in changes:
                if change.new or not (change.fields or change.attempts):
                    continue
                values: dict[str, Any] = dict(change.fields)
                if change.attempts:
                    values["attempts"] = F("attempts") + change.attempts
                done = rows.filter(pk=change.id).update(**values)
                if done == 0 and change.create:
                    rows.bulk_create([deliveries(**row_defaults(change, now))])
            timeline = [
                steps(
                    delivery_id=change.id,
                    at=step.at,
                    name=step.name,
                    status=step.status,
                    detail=step.detail,
                )
                for change in changes
                for step in change.steps
            ]
            if timeline:
                steps.objects.using(self.using).bulk_create(timeline)

    def get(self, record_id: str) -> Record | None:
        """The record ``record_id`` with its request and timeline."""
        deliveries, steps = self._models()
        row = deliveries.objects.using(self.using).filter(pk=record_id).values(*COLUMNS).first()
        if row is None:
            return None
        timeline = (
            steps.objects.using(self.using)
            .filter(delivery_id=record_id)
            .order_by("at", "id")
            .values_list("name", "at", "status", "detail")
        )
        return record_from_row(row, [Step(*step) for step in timeline])

    def find(self, query: Query) -> list[Record]:
        """The records matching ``query``, newest first (without request or timeline)."""
        deliveries, _ = self._models()
        rows = deliveries.objects.using(self.using).all()
        filters: dict[str, Any] = {}
        if query.provider is not None:
            filters["provider"] = query.provider
        if query.outcomes:
            filters["outcome__in"] = list(query.outcomes)
        if query.since is not None:
            filters["received_at__gte"] = query.since
        if query.until is not None:
            filters["received_at__lt"] = query.until
        if query.route is not None:
            filters["route"] = query.route
        if query.event_id is not None:
            filters["event_id"] = query.event_id
        if query.replay_of is not None:
            filters["replay_of"] = query.replay_of
        if query.replays is not None:
            filters["replay_of__isnull"] = not query.replays
        if query.before is not None:
            filters["id__lt"] = query.before
        selected = rows.filter(**filters).order_by("-received_at", "-id")
        return [record_from_row(row) for row in selected.values(*SUMMARY_COLUMNS)[: query.limit]]

    def providers(self) -> list[str]:
        """The providers of the records kept, sorted."""
        deliveries, _ = self._models()
        names = deliveries.objects.using(self.using).order_by("provider")
        return [str(name) for name in names.values_list("provider", flat=True).distinct()]

    def purge(self, before: float) -> int:
        """Delete the records received before ``before``, and their steps."""
        deliveries, steps = self._models()
        with transaction.atomic(using=self.using):
            old = deliveries.objects.using(self.using).filter(received_at__lt=before)
            steps.objects.using(self.using).filter(delivery_id__in=old.values("id")).delete()
            steps.objects.using(self.using).filter(at__lt=before).delete()
            count, _ = old.delete()
        return int(count)
