"""PostgreSQL search: the unaccent and pg_trgm extensions and the GIN indexes.

A no-op on SQLite, where search falls back to a plain substring match.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE INDEX IF NOT EXISTS directory_search_vector_gin ON directory_servicesearchdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS directory_search_trgm_gin"
    " ON directory_servicesearchdocument USING gin (document gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS directory_search_trgm_gin",
    "DROP INDEX IF EXISTS directory_search_vector_gin",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_services_locations_history")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
