from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessment", "0010_campaign_shared_starts_per_hour")]

    operations = [
        migrations.CreateModel(
            name="SubmittedLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digest", models.CharField(max_length=64, unique=True)),
            ],
        ),
    ]
