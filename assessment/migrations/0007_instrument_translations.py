import django.db.models.deletion
from django.db import migrations, models

from assessment.instruments.shipped import load_translations


def forwards(apps, schema_editor):
    load_translations(apps, version=2)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0005_builtin_instrument_v2")]

    operations = [
        migrations.CreateModel(
            name="InstrumentTranslation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=8)),
                ("texts", models.JSONField()),
                (
                    "instrument",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="assessment.instrument",
                    ),
                ),
            ],
            options={
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("instrument", "language"), name="one_translation_per_language")
                ],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
