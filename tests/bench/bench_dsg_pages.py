"""Server time of the DSG ledger and management plan pages against the signed-in home page.

    python -m tests.bench.bench_dsg_pages                                         # cached
    CACHE_TIMEOUT=0 CACHE_KEY_PREFIX=uncached python -m tests.bench.bench_dsg_pages   # every request a miss

Its own SQLite file (or DATABASE_URL), the test settings, the demo data, Django's test client (no network).
Prints each page's median CPU ms (and the fastest), median wall ms (of REPEATS, after one warm-up) and
its share of the home page's requests/s (home's median CPU / the page's), the ratio bench_http's goals use
(uncached >= 33%, cached >= 50%). On the shared machine the figures move by 20% from run to run.
"""

import os
import statistics
import sys
import tempfile
import time

REPEATS = 40


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if "DATABASE_URL" not in os.environ:
        path = os.path.join(tempfile.gettempdir(), "dsg-bench-dsg-pages.sqlite3")
        fresh = not os.path.exists(path) or not os.environ.get("BENCH_REUSE")
        if fresh and os.path.exists(path):
            os.remove(path)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from recovery.models import Council

    if not Council.objects.filter(slug="rutland").exists():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def measure(client, url: str) -> tuple[float, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url
    cpu, wall = [], []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as ctx:
            start_cpu, start = time.process_time(), time.perf_counter()
            response = client.get(url)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    queries = len(ctx.captured_queries)
    return statistics.median(cpu) * 1000, min(cpu) * 1000, statistics.median(wall) * 1000, queries


def main() -> int:
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    def client_for(username):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    from accounts.models import Membership, Role
    from recovery.models import Council

    two, _ = get_user_model().objects.get_or_create(username="bench-two-councils")
    for slug in ("rutland", "wiltshire"):
        Membership.objects.get_or_create(user=two, council=Council.objects.get(slug=slug), role=Role.OFFICER)
    pages = [
        ("home", "/", "bench-two-councils"),
        ("dsg_ledger", "/councils/rutland/dsg/", "rutland-finance"),
        ("dsg_plan", "/councils/rutland/dsg/plan/", "rutland-forum"),
        ("dsg_ledger (Warwickshire)", "/councils/warwickshire/dsg/", "warwickshire-admin"),
        ("dsg_plan (Warwickshire)", "/councils/warwickshire/dsg/plan/", "warwickshire-admin"),
    ]
    print(f"CACHE_TIMEOUT={settings.CACHE_TIMEOUT}")
    home = None
    for name, url, user in pages:
        cpu, fastest, wall, queries = measure(client_for(user), url)
        home = home or cpu
        print(
            f"{name}: {cpu:.1f} ms CPU (fastest {fastest:.1f}), {wall:.1f} ms wall, {queries} queries, "
            f"{home / cpu:.0%} of home"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
