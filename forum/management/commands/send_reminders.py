"""Email each lead one digest before each Schools Forum's update deadline.

Safe to run from cron as often as you like, on as many servers as you like: a digest is claimed in the
database before it is sent, so it goes once. For example, every 15 minutes:

    */15 * * * * cd /srv/dsg && .venv/bin/python manage.py send_reminders
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from forum.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the reminder digests due today (each lead once per meeting, whatever runs it how often)."

    def handle(self, *args, **options):
        result = reminders_send(today=timezone.localdate(), base_url=settings.SITE_URL)
        self.stdout.write(
            f"Sent {result.sent} reminder{'s' if result.sent != 1 else ''}; "
            f"{result.already_claimed} already sent or being sent by another run."
        )
        if result.failed:
            raise CommandError(
                "Could not send (will retry on the next run):\n" + "\n".join(f"  {f}" for f in result.failed)
            )
