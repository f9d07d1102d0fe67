"""Build every active plan's summary for the national overview (reports.summaries), and every plan's stored
forecast figures for the dashboards (projections.stored_figures), from the data as it is.

Writes keep both current by themselves; run this once after upgrading (data written before summaries
existed) or after a bulk load that wrote without the services. Safe to run at any time.
"""

from django.core.management.base import BaseCommand

from projections.stored_figures import stored_figures_refresh
from recovery.models import Council
from reports.summaries import summaries_build


class Command(BaseCommand):
    help = "Build the national overview's summary of every active plan."

    def handle(self, *args, **options):
        built = summaries_build()
        stored = stored_figures_refresh(council_ids=Council.objects.values_list("pk", flat=True))
        self.stdout.write(f"Built {built} plan summaries and stored {stored} plans' forecast figures.")
