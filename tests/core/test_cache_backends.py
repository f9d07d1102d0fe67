"""With the shared cache (Redis) down, pages are served from the database (a failure is a miss, logged), and
/healthz/cache says so while /healthz stays "ok"."""

import socket

import pytest
from django.test import override_settings

from accounts.models import Role
from config.settings.base import redis_caches
from tests.conftest import member_client


def closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down():
    with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{closed_port()}/0")):
        yield


@pytest.mark.usefixtures("redis_down")
@pytest.mark.parametrize(
    ("page", "shows"),
    [("", "Home Council"), ("milestones/", "outreach function"), ("workstreams/", "nurture approach")],
)
def test_council_pages_are_served_without_the_cache(home, page, shows):
    response = member_client(home.council, Role.OFFICER).get(f"/councils/{home.council.slug}/{page}")
    assert response.status_code == 200  # today: 500 (ConnectionError)
    assert shows in response.content.decode()


@pytest.mark.usefixtures("redis_down")
def test_a_cache_failure_is_logged(home, caplog):
    member_client(home.council, Role.OFFICER).get(f"/councils/{home.council.slug}/milestones/")
    assert "cache get failed, carrying on without the cache" in caplog.text


@pytest.mark.usefixtures("redis_down")
def test_healthz_stays_ok_and_healthz_cache_reports_the_cache_down(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    response = client.get("/healthz/cache")
    assert response.status_code == 503 and response.content == b"cache unavailable"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_cache_is_ok_when_the_cache_answers(client, db):
    response = client.get("/healthz/cache")
    assert response.status_code == 200 and response.content == b"ok"


def test_the_cache_keys_carry_the_code_version_so_a_deploy_never_serves_the_old_codes_fragments(
    tmp_path, monkeypatch
):
    from config.settings import base

    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>before</p>")
    (tmp_path / "notes").mkdir()  # not an app, not templates: not read
    (tmp_path / "notes" / "x.py").write_text("a = 1")
    monkeypatch.setattr(base, "BASE_DIR", tmp_path)
    monkeypatch.delenv("RELEASE", raising=False)
    before = base.code_version()
    (tmp_path / "notes" / "x.py").write_text("a = 2")
    assert base.code_version() == before
    page.write_text("<p>after</p>")
    assert base.code_version() != before
    monkeypatch.setenv("RELEASE", "2026.12.05")
    assert base.code_version() == "2026.12.05"
    from django.conf import settings

    assert settings.CACHES["default"]["KEY_PREFIX"] == base.CACHE_KEY_PREFIX


def test_it_stores_a_large_value_deflated_and_reads_it_back(db):
    from django.core.cache import caches
    from django.db import connection

    from core.cache_backends import DatabaseCache

    cache = caches["default"]
    if not isinstance(cache, DatabaseCache):
        pytest.skip("the database cache is not the one configured")
    page = "<tr><td>Synthetic council</td><td>£1.2m</td></tr>\n" * 5000
    cache.set("big-page", page, 60)
    assert cache.get("big-page") == page
    table = connection.ops.quote_name(cache._table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE cache_key LIKE %s", ["%big-page"])  # noqa: S608
        (stored,) = cursor.fetchone()
    assert len(stored) < len(page) / 10
    cache.set("small", {"a": 1}, 60)
    assert cache.get("small") == {"a": 1}


def _database_cache():
    from django.core.cache import caches

    from core.cache_backends import DatabaseCache

    cache = caches["default"]
    if not isinstance(cache, DatabaseCache):
        pytest.skip("the database cache is not the one configured")
    return cache


def test_it_reads_an_expired_entry_as_a_miss_without_writing(db, django_assert_num_queries):
    from django.db import connection

    cache = _database_cache()
    cache.set("kept", "fresh", 60)
    cache.set("gone", "stale", -1)  # stored already expired, as a zero timeout stores it
    with django_assert_num_queries(1) as read:  # the SELECT alone: no DELETE of the expired row
        assert cache.get_many(["kept", "gone", "never"]) == {"kept": "fresh"}
    assert read.captured_queries[0]["sql"].startswith("SELECT")
    assert cache.get("gone", "default") == "default"
    table = connection.ops.quote_name(cache._table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE cache_key LIKE %s", ["%gone"])  # noqa: S608
        assert cursor.fetchone() == (1,)  # still there, until a set deletes the expired rows
    cache.set("next", "value", 60)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE cache_key LIKE %s", ["%gone"])  # noqa: S608
        assert cursor.fetchone() == (0,)
    assert cache.get_many(["kept", "next"]) == {"kept": "fresh", "next": "value"}


def test_it_overwrites_an_expired_entry_of_the_same_key(db):
    cache = _database_cache()
    cache.set("page", "old", -1)
    cache.set("page", "new", 60)
    assert cache.get("page") == "new"


def test_the_cache_table_is_unlogged_on_postgresql(db, needs_postgresql):
    from django.db import connection

    cache = _database_cache()
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [cache._table])
        assert cursor.fetchone() == ("u",)
