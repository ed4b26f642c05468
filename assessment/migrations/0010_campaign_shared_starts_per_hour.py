from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessment", "0009_invitation_sending")]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="shared_starts_per_hour",
            field=models.PositiveIntegerField(default=20),
        ),
    ]
