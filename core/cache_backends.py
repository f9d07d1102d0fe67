"""Django's database cache with a set in two statements instead of five.

Django's DatabaseCache counts the whole table on every set (to cull past MAX_ENTRIES), then reads the key
and updates or inserts it inside a savepoint. Here a set deletes the expired rows (an indexed range) and
upserts the key in one `INSERT … ON CONFLICT DO UPDATE` (PostgreSQL and SQLite 3.24+), so a page that
misses the cache stays within its query budget. Entries expire by TIMEOUT; MAX_ENTRIES is not used.
"""

import base64
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils import timezone


class DatabaseCache(DjangoDatabaseCache):
    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if mode != "set" or connection.vendor not in ("postgresql", "sqlite"):
            return super()._base_set(mode, key, value, timeout)
        timeout = self.get_backend_timeout(timeout)
        quote = connection.ops.quote_name
        table = quote(self._table)
        now = timezone.now().replace(microsecond=0)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        # Only quoted identifiers from the settings go into the SQL; every value is a parameter.
        key_column, value_column, expires_column = quote("cache_key"), quote("value"), quote("expires")
        delete_expired = f"DELETE FROM {table} WHERE {expires_column} < %s"  # noqa: S608
        upsert = (
            f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT ({key_column}) DO UPDATE SET {value_column} = excluded.{value_column}, "
            f"{expires_column} = excluded.{expires_column}"
        )
        with connection.cursor() as cursor:
            cursor.execute(delete_expired, [connection.ops.adapt_datetimefield_value(now)])
            cursor.execute(upsert, [key, encoded, expires])
        return True
