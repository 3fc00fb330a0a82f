"""The immigrant-services vocabulary search starts with (directory/search_concepts.py), in the 12
languages. Directory editors keep it in the admin; this only adds concepts that are not there yet."""

from django.db import migrations

from directory.search_concepts import search_concepts_seed


def seed(apps, schema_editor):
    search_concepts_seed(apps.get_model("directory", "SearchConcept"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0011_search_vocabulary_concepts_gaps")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop, elidable=False)]
