"""The delivery log's tables, as Django models: the columns of the SQL store's tables, so
that ``SqlStore`` and the command line read what the app writes, and the other way round."""

from __future__ import annotations

from django.db import models

__all__ = ["DeliveryRecord", "StepRecord"]


class DeliveryRecord(models.Model):
    """One webhook delivery (see [`Record`][authhooks.log.Record] for each column)."""

    id: models.CharField[str, str] = models.CharField(primary_key=True, max_length=26)
    received_at: models.FloatField[float, float] = models.FloatField()
    updated_at: models.FloatField[float, float] = models.FloatField()
    provider: models.CharField[str, str] = models.CharField(max_length=64)
    route: models.CharField[str | None, str | None] = models.CharField(max_length=255, null=True)
    client: models.CharField[str | None, str | None] = models.CharField(max_length=64, null=True)
    outcome: models.CharField[str, str] = models.CharField(max_length=16)
    status: models.IntegerField[int | None, int | None] = models.IntegerField(null=True)
    reason: models.CharField[str | None, str | None] = models.CharField(max_length=64, null=True)
    event_type: models.CharField[str, str] = models.CharField(max_length=255)
    event_id: models.CharField[str, str] = models.CharField(max_length=255)
    delivery_id: models.CharField[str | None, str | None] = models.CharField(
        max_length=255, null=True
    )
    attempts: models.IntegerField[int, int] = models.IntegerField()
    error: models.TextField[str | None, str | None] = models.TextField(null=True)
    verify_ms: models.FloatField[float | None, float | None] = models.FloatField(null=True)
    handler_ms: models.FloatField[float | None, float | None] = models.FloatField(null=True)
    total_ms: models.FloatField[float | None, float | None] = models.FloatField(null=True)
    body_size: models.IntegerField[int, int] = models.IntegerField()
    kept: models.BooleanField[bool, bool] = models.BooleanField()
    body: models.BinaryField[bytes | None, bytes | None] = models.BinaryField(null=True)
    headers: models.TextField[str | None, str | None] = models.TextField(null=True)
    parse: models.TextField[str | None, str | None] = models.TextField(null=True)
    payload: models.BinaryField[bytes | None, bytes | None] = models.BinaryField(null=True)
    diagnosis: models.TextField[str | None, str | None] = models.TextField(null=True)
    replay_of: models.CharField[str | None, str | None] = models.CharField(max_length=26, null=True)

    class Meta:
        db_table = "authhooks_delivery"
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ("-received_at", "-id")
        indexes = (
            models.Index(fields=["received_at"], name="authhooks_delivery_received"),
            models.Index(fields=["provider", "received_at"], name="authhooks_delivery_provider"),
            models.Index(fields=["outcome", "received_at"], name="authhooks_delivery_outcome"),
            models.Index(fields=["provider", "event_id"], name="authhooks_delivery_event"),
            models.Index(fields=["replay_of"], name="authhooks_delivery_replay_of"),
        )

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type or '-'} {self.outcome} ({self.id})"


class StepRecord(models.Model):
    """One step of a delivery's timeline."""

    id: models.BigAutoField[int, int] = models.BigAutoField(primary_key=True)
    # No constraint: a queue's worker may record a step of a delivery whose row was
    # dropped while the log was down.
    delivery: models.ForeignKey[DeliveryRecord, DeliveryRecord] = models.ForeignKey(
        DeliveryRecord,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_column="delivery",
        db_index=False,
        related_name="steps",
    )
    at: models.FloatField[float, float] = models.FloatField()
    name: models.CharField[str, str] = models.CharField(max_length=32)
    status: models.IntegerField[int | None, int | None] = models.IntegerField(null=True)
    detail: models.TextField[str, str] = models.TextField()

    class Meta:
        db_table = "authhooks_delivery_step"
        ordering = ("at", "id")
        indexes = (models.Index(fields=["delivery", "at"], name="authhooks_step_delivery"),)

    def __str__(self) -> str:
        return f"{self.name} {self.detail}".strip()
