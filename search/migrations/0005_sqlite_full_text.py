"""SQLite only: an FTS5 index over the analysed terms, kept in step with SearchDocument by triggers.

External-content FTS5 table (no second copy of the text); hyphenated terms such as e-katalog stay one token.
PostgreSQL uses the tsvector column of migration 0004 instead. A later migration that makes SQLite remake the
table drops the triggers: `search.apps` re-creates them (and rebuilds the index) after every migrate.
"""

from django.db import migrations

TABLE = "corpu_search_searchdocument"
FTS = "corpu_search_fts"
CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        title_terms, terms, content='{TABLE}', content_rowid='id', tokenize="unicode61 tokenchars '-'")""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_terms, terms) VALUES ('delete', old.id, old.title_terms, old.terms);
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title_terms, terms) VALUES ('delete', old.id, old.title_terms, old.terms);
        INSERT INTO {FTS}(rowid, title_terms, terms) VALUES (new.id, new.title_terms, new.terms); END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
DROP = [f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {FTS}"
]


def create(connection):
    with connection.cursor() as cursor:
        for statement in CREATE:
            cursor.execute(statement)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        create(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("corpu_search", "0004_postgres_full_text")]
    operations = [migrations.RunPython(forwards, backwards)]
