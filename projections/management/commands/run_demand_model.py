"""run_demand_model <slug> | --all: queue the demand model per council, wait for the jobs, report each."""

import time

from django.core.management.base import BaseCommand, CommandError

from dfe.models import JobStatus
from projections.demand_jobs import demand_run_create, demand_run_enqueue
from recovery.models import Council


class Command(BaseCommand):
    help = "Run the demand model (a background job per council) and save each result as a draft forecast."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?")
        parser.add_argument("--all", action="store_true", help="Every council with a recovery plan.")
        parser.add_argument(
            "--wait", type=int, default=3600, help="Seconds to wait for the jobs (a worker runs them)."
        )

    def handle(self, *args, slug=None, all=False, wait=3600, **options):
        if bool(slug) == bool(all):
            raise CommandError("Name one council's slug, or --all")
        councils = Council.objects.filter(plans__isnull=False).distinct().order_by("slug")
        if slug:
            councils = Council.objects.filter(slug=slug)
            if not councils.exists():
                raise CommandError(f"{slug}: no such council")
        results = [demand_run_enqueue(run=demand_run_create(council=c, user=None)) for c in councils]
        deadline = time.monotonic() + wait
        failed = 0
        for result in results:
            if not result.is_finished:  # look before waiting: the jobs run meanwhile, most are done by now
                result.refresh()
            while not result.is_finished and time.monotonic() < deadline:
                time.sleep(0.5)
                result.refresh()
            if not result.is_finished:
                raise CommandError(
                    f"Job {result.id} has not finished: is a worker running (manage.py db_worker)?"
                )
            value = result.return_value
            if value["status"] == JobStatus.SUCCEEDED:
                self.stdout.write(f"{value['council']}: forecast {value['forecast']} saved")
            else:
                failed += 1
                self.stderr.write(f"{value['council']}: {value['error']}")
        if failed:
            raise CommandError(f"{failed} of {len(results)} councils could not be forecast")
