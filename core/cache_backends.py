"""Cache backends: Django's database cache with a set in two statements instead of five and a get that
never writes, and Django's Redis cache where a failure is a miss (RedisCache, below).

Django's DatabaseCache counts the whole table on every set (to cull past MAX_ENTRIES), then reads the key
and updates or inserts it inside a savepoint. Here a set deletes the expired rows (an indexed range) and
upserts the key in one `INSERT … ON CONFLICT DO UPDATE` (PostgreSQL and SQLite 3.24+), so a page that
misses the cache stays within its query budget; a large value is stored deflated (`_pickled`).
Entries expire by TIMEOUT; MAX_ENTRIES is not used.

Django's get deletes each expired entry it reads, so a read costs a write (and, on a logged table, a WAL
flush) exactly when a page is about to be rebuilt. Here a get reads only entries that have not expired
and never deletes: the next set deletes every expired row anyway. On PostgreSQL the table is UNLOGGED
(core migration 0002): a cache needs no crash safety, and the first view after a write no longer waits for
its ~50 KB entry to be written to the WAL and flushed.
"""

import base64
import logging
import pickle
import zlib
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connections, router
from django.utils import timezone
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


# A page fragment is tens or hundreds of kilobytes of HTML (the national overview's ~370 KB); written as it
# is, every first view after a write sent it, base64'd, to the database. Deflated it is a tenth of that. The
# stored pickle unpickles itself (`_inflate`), so Django's own get reads both kinds of entry unchanged.
DEFLATE_ABOVE = 4096


def _inflate(data: bytes):
    return pickle.loads(zlib.decompress(data))  # noqa: S301  (our own entries, as Django's cache does)


class _Deflated:
    def __init__(self, data: bytes):
        self.data = data

    def __reduce__(self):
        return _inflate, (self.data,)


def _pickled(value, protocol: int) -> bytes:
    data = pickle.dumps(value, protocol)
    if len(data) <= DEFLATE_ABOVE:
        return data
    return pickle.dumps(_Deflated(zlib.compress(data, 1)), protocol)


class DatabaseCache(DjangoDatabaseCache):
    def get_many(self, keys, version=None):
        if not keys:
            return {}
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        connection = connections[router.db_for_read(self.cache_model_class)]
        quote = connection.ops.quote_name
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        # Only quoted identifiers from the settings go into the SQL; every value is a parameter.
        select = (
            f"SELECT {quote('cache_key')}, {quote('value')} FROM {quote(self._table)} "  # noqa: S608
            f"WHERE {quote('cache_key')} IN ({', '.join(['%s'] * len(key_map))}) AND {quote('expires')} >= %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(select, [*key_map, now])
            rows = cursor.fetchall()
        return {
            key_map[key]: pickle.loads(base64.b64decode(connection.ops.process_clob(value).encode()))  # noqa: S301
            for key, value in rows
        }

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
        encoded = base64.b64encode(_pickled(value, self.pickle_protocol)).decode("latin1")
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


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, where an unreachable or failing Redis is a miss, logged, never an error page:
    the cache only saves work (every entry can be rebuilt from the database), so pages carry on without it.
    /healthz/cache reports its state for monitoring."""

    def _forgiving(self, operation: str, default, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except (RedisError, OSError) as error:
            log.warning("cache %s failed, carrying on without the cache: %s", operation, error)
            return default

    def get(self, key, default=None, version=None):
        return self._forgiving("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._forgiving("get_many", {}, super().get_many, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving("set_many", list(data), super().set_many, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving("add", False, super().add, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._forgiving("delete", False, super().delete, key, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgiving("touch", False, super().touch, key, timeout, version)

    def has_key(self, key, version=None):
        return self._forgiving("has_key", False, super().has_key, key, version)
