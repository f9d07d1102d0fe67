from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="forummeeting",
            name="pinned_by",
            field=models.CharField(blank=True, editable=False, max_length=250),
        ),
        migrations.AddField(
            model_name="historicalforummeeting",
            name="pinned_by",
            field=models.CharField(blank=True, editable=False, max_length=250),
        ),
    ]
