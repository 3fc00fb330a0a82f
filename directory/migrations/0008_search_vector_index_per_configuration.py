"""One full-text index per text-search configuration instead of one for all (PostgreSQL only).

Every search branch names its configuration (`config = 'spanish' AND vector @@ …`), so a partial
GIN index per configuration answers it from the postings of that configuration's documents only:
a five-word search took 3 ms per branch in the shared index and about half that in its own.
A language added later with a configuration not listed here needs an index of its own
(tests/directory/test_search.py checks that every configuration in use has one).
"""

from django.db import migrations

CONFIGURATIONS = ["arabic", "english", "french", "portuguese", "russian", "simple", "spanish"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for config in CONFIGURATIONS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS directory_search_vector_{config}"
            " ON directory_servicesearchdocument USING gin (vector) WITH (fastupdate = off)"
            f" WHERE config = '{config}'"
        )
    schema_editor.execute("DROP INDEX IF EXISTS directory_search_vector_gin")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_search_vector_gin"
        " ON directory_servicesearchdocument USING gin (vector) WITH (fastupdate = off)"
    )
    for config in CONFIGURATIONS:
        schema_editor.execute(f"DROP INDEX IF EXISTS directory_search_vector_{config}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_search_immutable_unaccent_no_pending_list")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
