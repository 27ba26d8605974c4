"""Full-text matching beside the index table, for the database in use.

PostgreSQL: a stored tsvector column per language configuration (title weighted above the
text) with a GIN index each. SQLite: an FTS5 table on the index table's rows, kept in step
by triggers.
"""

from __future__ import annotations

from django.db import migrations

CONFIGS = ("english", "spanish", "german", "simple")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for config in CONFIGS:
            schema_editor.execute(
                f"ALTER TABLE search_searchentry ADD COLUMN document_{config} tsvector "
                f"GENERATED ALWAYS AS (setweight(to_tsvector('{config}', title), 'A') || "
                f"setweight(to_tsvector('{config}', body), 'B')) STORED"
            )
            schema_editor.execute(
                f"CREATE INDEX search_entry_{config} ON search_searchentry "
                f"USING GIN (document_{config})"
            )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_entry_fts USING fts5(title, body, "
            "content='search_searchentry', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        schema_editor.execute(
            "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
            "INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body); "
            "END"
        )
        schema_editor.execute(
            "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
            "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) "
            "VALUES ('delete', old.id, old.title, old.body); END"
        )
        schema_editor.execute(
            "CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_searchentry BEGIN "
            "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) "
            "VALUES ('delete', old.id, old.title, old.body); "
            "INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body); "
            "END"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for config in CONFIGS:
            schema_editor.execute(f"ALTER TABLE search_searchentry DROP COLUMN document_{config}")
    elif vendor == "sqlite":
        for trigger in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER search_entry_fts_{trigger}")
        schema_editor.execute("DROP TABLE search_entry_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]
    operations = [migrations.RunPython(create, drop)]
