"""Build every active plan's summary for the national overview (reports.summaries) from the data as it is.

Writes keep summaries current by themselves; run this once after upgrading (data written before summaries
existed) or after a bulk load that wrote without the services. Safe to run at any time.
"""

from django.core.management.base import BaseCommand

from reports.summaries import summaries_build


class Command(BaseCommand):
    help = "Build the national overview's summary of every active plan."

    def handle(self, *args, **options):
        built = summaries_build()
        self.stdout.write(f"Built {built} plan summaries.")
