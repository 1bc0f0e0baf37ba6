"""PostgreSQL only: a generated tsvector of the analysed terms (title terms weighted A) with a GIN index.

The column is not a model field: Django never writes it, PostgreSQL keeps it in step with `terms`.
Other databases skip this migration and match the padded term columns instead.
"""

from django.db import migrations

TABLE = "corpu_search_searchdocument"
CREATE = f"""
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', terms), 'D')
) STORED;
CREATE INDEX IF NOT EXISTS corpu_search_vector_gin ON {TABLE} USING gin (search_vector);
"""
DROP = f"DROP INDEX IF EXISTS corpu_search_vector_gin; ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("corpu_search", "0003_vocabulary")]
    operations = [migrations.RunPython(forwards, backwards)]
