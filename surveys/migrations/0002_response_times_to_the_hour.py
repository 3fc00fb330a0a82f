import datetime

from django.db import migrations
from django.db.models.functions import Trunc


def times_to_the_hour(apps, schema_editor):
    # Responses stored before were timed to the microsecond; their duration is already kept as
    # a number, so the times keep only the hour (surveys.models.coarse_time).
    Response = apps.get_model("surveys", "Response")
    Response.objects.update(
        started_at=Trunc("started_at", "hour", tzinfo=datetime.UTC),
        finished_at=Trunc("finished_at", "hour", tzinfo=datetime.UTC),
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(times_to_the_hour, migrations.RunPython.noop)]
