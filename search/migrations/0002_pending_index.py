from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_entry")]

    operations = [
        migrations.CreateModel(
            name="PendingIndex",
            fields=[
                ("document_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("created", models.DateTimeField(auto_now_add=True)),
            ],
            options={"verbose_name_plural": "pending index writes"},
        ),
    ]
