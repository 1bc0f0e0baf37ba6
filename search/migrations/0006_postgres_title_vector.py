"""PostgreSQL only: a small tsvector of the title terms, cheap to rank every match by (it stays in the row,
where `search_vector` of a long document is TOASTed); the full vector re-ranks only the best candidates."""

from django.db import migrations

TABLE = "corpu_search_searchdocument"
CREATE = f"""ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS title_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', title_terms)) STORED"""
DROP = f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS title_vector"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("corpu_search", "0005_sqlite_full_text")]
    operations = [migrations.RunPython(forwards, backwards)]
