"""A trigram index on each search document's title: typos in a service's name still match, fast.

A no-op on SQLite.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS directory_search_title_trgm_gin"
            " ON directory_servicesearchdocument USING gin (title gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_search_title_trgm_gin")


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_history_skips_unchanged_updates")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
