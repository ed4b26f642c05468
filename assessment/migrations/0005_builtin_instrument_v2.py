from django.db import migrations

from assessment.instruments.shipped import load_builtin


def forwards(apps, schema_editor):
    load_builtin(apps, version=2)


def backwards(apps, schema_editor):
    Instrument = apps.get_model("assessment", "Instrument")
    Instrument.objects.filter(code="CCM", version=2).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0004_instrument_v2_fields_imports_published_results")]

    operations = [migrations.RunPython(forwards, backwards)]
