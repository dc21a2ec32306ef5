"""The delivery log's tables (the same as the SQL store's)."""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []  # noqa: RUF012 (Django's layout)

    operations = [  # noqa: RUF012 (Django's layout)
        migrations.CreateModel(
            name="DeliveryRecord",
            fields=[
                ("id", models.CharField(max_length=26, primary_key=True, serialize=False)),
                ("received_at", models.FloatField()),
                ("updated_at", models.FloatField()),
                ("provider", models.CharField(max_length=64)),
                ("route", models.CharField(max_length=255, null=True)),
                ("client", models.CharField(max_length=64, null=True)),
                ("outcome", models.CharField(max_length=16)),
                ("status", models.IntegerField(null=True)),
                ("reason", models.CharField(max_length=64, null=True)),
                ("event_type", models.CharField(max_length=255)),
                ("event_id", models.CharField(max_length=255)),
                ("delivery_id", models.CharField(max_length=255, null=True)),
                ("attempts", models.IntegerField()),
                ("error", models.TextField(null=True)),
                ("verify_ms", models.FloatField(null=True)),
                ("handler_ms", models.FloatField(null=True)),
                ("total_ms", models.FloatField(null=True)),
                ("body_size", models.IntegerField()),
                ("kept", models.BooleanField()),
                ("body", models.BinaryField(null=True)),
                ("headers", models.TextField(null=True)),
                ("parse", models.TextField(null=True)),
                ("payload", models.BinaryField(null=True)),
                ("diagnosis", models.TextField(null=True)),
                ("replay_of", models.CharField(max_length=26, null=True)),
            ],
            options={
                "verbose_name": "webhook delivery",
                "verbose_name_plural": "webhook deliveries",
                "db_table": "authhooks_delivery",
                "ordering": ("-received_at", "-id"),
                "indexes": [
                    models.Index(fields=["received_at"], name="authhooks_delivery_received"),
                    models.Index(
                        fields=["provider", "received_at"], name="authhooks_delivery_provider"
                    ),
                    models.Index(
                        fields=["outcome", "received_at"], name="authhooks_delivery_outcome"
                    ),
                    models.Index(fields=["provider", "event_id"], name="authhooks_delivery_event"),
                    models.Index(fields=["replay_of"], name="authhooks_delivery_replay_of"),
                ],
            },
        ),
        migrations.CreateModel(
            name="StepRecord",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("at", models.FloatField()),
                ("name", models.CharField(max_length=32)),
                ("status", models.IntegerField(null=True)),
                ("detail", models.TextField()),
                (
                    "delivery",
                    models.ForeignKey(
                        db_column="delivery",
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="steps",
                        to="authhooks_log.deliveryrecord",
                    ),
                ),
            ],
            options={
                "db_table": "authhooks_delivery_step",
                "ordering": ("at", "id"),
                "indexes": [
                    models.Index(fields=["delivery", "at"], name="authhooks_step_delivery")
                ],
            },
        ),
    ]
