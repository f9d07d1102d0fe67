"""The database cache's table UNLOGGED on PostgreSQL: its rows are never written to the WAL, so storing a page
fragment (the first view after every write stores one) costs no WAL write and no flush at commit. A crash
empties an unlogged table, which for a cache is a run of misses; a standby has no copy, and the app reads
only the primary. SQLite, and a cache in Redis: nothing to do."""

from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import migrations


def _set(persistence: str):
    def change(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for alias in caches:  # the tables `createcachetable` made (migration 0001)
            cache = caches[alias]
            if isinstance(cache, BaseDatabaseCache):
                schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(cache._table)} SET {persistence}")

    return change


class Migration(migrations.Migration):
    dependencies = [("core", "0001_cache_table")]
    operations = [migrations.RunPython(_set("UNLOGGED"), _set("LOGGED"), elidable=False)]
