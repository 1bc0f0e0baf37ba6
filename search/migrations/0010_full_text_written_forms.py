"""The words as written (`written_terms`) join the full-text index beside the stems (ADR 0032).

PostgreSQL: `search_vector` becomes title stems (weight A), words as written (B) and body stems (D); the ranking
puts a tier above items holding the query's words as written (`'word':B`). SQLite: the FTS5 table gets a third
column, `written_terms` (the stems are matched in the first two only). `search.apps` re-creates the SQLite
triggers from this migration's `create` after every migrate.
"""

from django.db import migrations

TABLE = "corpu_search_searchdocument"
FTS = "corpu_search_fts"
VECTOR = """setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', written_terms), 'B')
    || setweight(to_tsvector('simple', terms), 'D')"""
OLD_VECTOR = "setweight(to_tsvector('simple', title_terms), 'A') || setweight(to_tsvector('simple', terms), 'D')"


def postgres_vector(expression):
    return f"""DROP INDEX IF EXISTS corpu_search_vector_gin; ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector;
ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED;
CREATE INDEX corpu_search_vector_gin ON {TABLE} USING gin (search_vector);"""


def sqlite_statements(columns):
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
            {names}, content='{TABLE}', content_rowid='id', tokenize="unicode61 tokenchars '-'")""",
        f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
            INSERT INTO {FTS}(rowid, {names}) VALUES (new.id, {new}); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {names}) VALUES ('delete', old.id, {old}); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {names}) VALUES ('delete', old.id, {old});
            INSERT INTO {FTS}(rowid, {names}) VALUES (new.id, {new}); END""",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


CREATE = sqlite_statements(["title_terms", "terms", "written_terms"])
OLD_CREATE = sqlite_statements(["title_terms", "terms"])
DROP = [f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {FTS}"
]


def create(connection):
    with connection.cursor() as cursor:
        for statement in CREATE:
            cursor.execute(statement)


def _switch(schema_editor, vector, statements):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(postgres_vector(vector))
    elif schema_editor.connection.vendor == "sqlite":
        for statement in DROP + statements:
            schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _switch(schema_editor, VECTOR, CREATE)


def backwards(apps, schema_editor):
    _switch(schema_editor, OLD_VECTOR, OLD_CREATE)


class Migration(migrations.Migration):
    dependencies = [("corpu_search", "0009_default_unstemmed_terms")]
    operations = [migrations.RunPython(forwards, backwards)]
