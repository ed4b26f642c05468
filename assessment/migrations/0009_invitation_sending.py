"""Sending invitations by e-mail: recipients' name, language and segment; links made when the e-mail is
built (token_hash null until then); mailings and one delivery row per invitation and mailing."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STATUS = [
    ("pending", "Pending"),
    ("sent", "Sent"),
    ("opened", "Opened"),
    ("started", "Started"),
    ("completed", "Submitted"),
    ("bounced", "Bounced"),
]
KIND = [("initial", "Invitation"), ("reminder", "Reminder")]


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0008_roles_branding_actions_targets_commentary_audit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name="invitation", name="name", field=models.CharField(blank=True, max_length=200)),
        migrations.AddField(model_name="invitation", name="language", field=models.CharField(blank=True, max_length=8)),
        migrations.AddField(
            model_name="invitation", name="segment", field=models.CharField(blank=True, max_length=100)
        ),
        migrations.AlterField(
            model_name="invitation",
            name="status",
            field=models.CharField(choices=STATUS, default="pending", max_length=16),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AddIndex(
            model_name="invitation",
            index=models.Index(fields=["campaign", "status"], name="invitation_campaign_status"),
        ),
        migrations.CreateModel(
            name="Mailing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=KIND, max_length=16)),
                (
                    "status",
                    models.CharField(
                        choices=[("queued", "Queued"), ("sending", "Sending"), ("done", "Done")],
                        default="queued",
                        max_length=16,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("touched_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("total", models.PositiveIntegerField(default=0)),
                ("sent", models.PositiveIntegerField(default=0)),
                ("failed", models.PositiveIntegerField(default=0)),
                ("schedule_key", models.CharField(blank=True, max_length=32, null=True, unique=True)),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mailings",
                        to="assessment.campaign",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["-created_at", "-pk"]},
        ),
        migrations.AddConstraint(
            model_name="mailing",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "done"), _negated=True),
                fields=("campaign",),
                name="one_unfinished_mailing_per_campaign",
            ),
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=KIND, max_length=16)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("sending", "Sending"),
                            ("sent", "Sent"),
                            ("bounced", "Bounced"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=16,
                    ),
                ),
                ("claimed_until", models.DateTimeField(blank=True, null=True)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("error", models.CharField(blank=True, max_length=200)),
                (
                    "invitation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="assessment.invitation",
                    ),
                ),
                (
                    "mailing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="assessment.mailing",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(fields=["mailing", "status"], name="delivery_mailing_status"),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                fields=("mailing", "invitation"), name="one_delivery_per_invitation_and_mailing"
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "initial"), models.Q(("status", "failed"), _negated=True)),
                fields=("invitation",),
                name="one_first_email_per_invitation",
            ),
        ),
    ]
