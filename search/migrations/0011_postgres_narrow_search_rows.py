"""PostgreSQL only: keep the search table's rows narrow, so a search reads few heap pages per match.

A row longer than `toast_tuple_target` has its long values (text, terms, the full-text vector, title…) moved to
the TOAST table; 128 bytes (the minimum) instead of ~2 kB leaves in the row what a search reads for every match:
access and facet columns, date, boost, tags, people and the title vector, which are kept in the row uncompressed
(STORAGE PLAIN). Matching uses the GIN index; the full vector is read only to re-rank the best candidates and
the text only for the page's snippets. Existing rows are rewritten once (then VACUUM FULL returns the space).
"""

from django.db import migrations

TABLE = "corpu_search_searchdocument"
HOT = ("title_vector", "tags", "people", "kelompok_label")
FORWARDS = [
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
    f"ALTER TABLE {TABLE} " + ", ".join(f"ALTER COLUMN {column} SET STORAGE PLAIN" for column in HOT),
    f"UPDATE {TABLE} SET text = text || '', terms = terms || ''",  # new values: toasted by the new rules
    f"VACUUM FULL {TABLE}",
]
BACKWARDS = [
    f"ALTER TABLE {TABLE} RESET (toast_tuple_target)",
    f"ALTER TABLE {TABLE} " + ", ".join(f"ALTER COLUMN {column} SET STORAGE EXTENDED" for column in HOT),
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    atomic = False  # VACUUM FULL runs outside a transaction
    dependencies = [("corpu_search", "0010_full_text_written_forms")]
    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
