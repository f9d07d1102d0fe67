"""Server CPU time of each page in one process (run by bench_http, with its settings and database).

    python -m tests.bench.page_cpu '<json: [[name, url, sessionid], ...]>'

Requests/s under wrk move with whatever else the shared cores run; the CPU time a request costs its own
process (time.process_time, Django's test client, no network) moves much less. Prints one JSON object:
{name: [median CPU ms, median wall ms, queries]}, the median of REPEATS requests after one to warm up.

    python -m tests.bench.page_cpu --after-write '<json: [[name, url, sessionid, council slug], ...]>'

measures the first view after a write: before each request (untimed) the page's council's data version is
bumped in a committed transaction, as every audited write does, so what listens to the version on commit is
rebuilt then (the write's own cost) and whatever a page stores at first view at a version (stored figures, a
stored picture) is behind, as the officer who has just saved finds it. A page of no council (the national
overview) names one council: any council's write changes the national version.

After the committed bump, and still untimed, the tasks the write enqueued (the council's dashboard picture,
reports.stored_picture) are run as the worker (`manage.py db_worker`) runs them, before the view: their CPU
is the worker's, not the page's, as in production where the worker builds the picture in its own process
while the officer is redirected. It is not hidden: each after-write row carries a fourth figure, the median
CPU ms the worker spent per write. (A view that beat the worker to it would still read live and store, as
one did before the worker: that is the page's cost when the worker is behind, measured by the uncached mode
plus the picture's build.)
"""

import json
import statistics
import sys
import time

REPEATS = 15


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    after_write = sys.argv[1] == "--after-write"
    pages = json.loads(sys.argv[-1])
    results = {}
    for name, url, session, *council in pages:
        before = _write_to(council[0]) if after_write and council and council[0] else None
        client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
        if session:
            client.cookies["sessionid"] = session
        assert client.get(url, secure=True).status_code == 200, url
        cpu, wall, worker = [], [], []
        for _ in range(REPEATS):
            if before:
                before()
                start_cpu = time.process_time()
                _run_worker()
                worker.append(time.process_time() - start_cpu)
            with CaptureQueriesContext(connection) as queries:
                start_cpu, start = time.process_time(), time.perf_counter()
                client.get(url, secure=True)
                cpu.append(time.process_time() - start_cpu)
                wall.append(time.perf_counter() - start)
        results[name] = [statistics.median(cpu) * 1000, statistics.median(wall) * 1000, len(queries)]
        if worker:
            results[name].append(statistics.median(worker) * 1000)
    print(json.dumps(results))
    return 0


def _write_to(slug: str):
    """What a write to the council does to its data version (and, on commit, to what listens to it)."""
    from django.db import transaction

    from recovery.data_version import data_changed
    from recovery.models import Council

    council = Council.objects.get(slug=slug)

    def write() -> None:
        with transaction.atomic():
            data_changed(council=council)

    return write


def _run_worker() -> None:
    """Run every queued task as the worker does (django_tasks_db's db_worker, until the queue is empty)."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
