"""Server CPU time of each page in one process (run by bench_http, with its settings and database).

    python -m tests.bench.page_cpu '<json: [[name, url, sessionid], ...]>'

Requests/s under wrk move with whatever else the shared cores run; the CPU time a request costs its own
process (time.process_time, Django's test client, no network) moves much less. Prints one JSON object:
{name: [median CPU ms, median wall ms, queries]}, the median of REPEATS requests after one to warm up.
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

    pages = json.loads(sys.argv[1])
    results = {}
    for name, url, session in pages:
        client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1")
        if session:
            client.cookies["sessionid"] = session
        assert client.get(url, secure=True).status_code == 200, url
        cpu, wall = [], []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                start_cpu, start = time.process_time(), time.perf_counter()
                client.get(url, secure=True)
                cpu.append(time.process_time() - start_cpu)
                wall.append(time.perf_counter() - start)
        results[name] = [statistics.median(cpu) * 1000, statistics.median(wall) * 1000, len(queries)]
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
