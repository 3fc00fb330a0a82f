"""Search speed on PostgreSQL (a no-op on SQLite).

- `directory_unaccent(text)`: `unaccent` with its dictionary named, declared IMMUTABLE (the usual
  wrapper; the built-in is only STABLE because its dictionary could be changed). The planner can
  then fold `to_tsquery('english', directory_unaccent('…'))` into a constant and estimate how many
  rows match, instead of guessing and picking nested loops over thousands of matches.
- `fastupdate = off` on the GIN indexes: with it on, new entries wait in a pending list that every
  search reads linearly until a vacuum merges it (8,000 pending entries after a bulk load made each
  search 2-3 times slower). Directory edits are rare and small; searches are constant.
"""

from django.db import migrations

GIN_INDEXES = ["directory_search_vector_gin", "directory_search_trgm_gin", "directory_search_title_trgm_gin"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION directory_unaccent(text) RETURNS text"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT"
        " AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$"
    )
    for index in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} SET (fastupdate = off)")
        schema_editor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = %s AND c.relkind = 'i'", [index]
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} RESET (fastupdate)")
    schema_editor.execute("DROP FUNCTION IF EXISTS directory_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_search_title_trigram_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
