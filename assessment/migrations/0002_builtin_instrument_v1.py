from django.db import migrations

from assessment.instruments.shipped import load_builtin


def forwards(apps, schema_editor):
    load_builtin(apps, version=1)


def backwards(apps, schema_editor):
    Instrument = apps.get_model("assessment", "Instrument")
    Instrument.objects.filter(code="CCM", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
