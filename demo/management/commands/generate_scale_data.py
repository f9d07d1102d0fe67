from django.core.management.base import BaseCommand, CommandError

from demo.scale_data import generate_scale_data


class Command(BaseCommand):
    help = "Create synthetic councils with plans, milestones and forecasts (national scale: --councils 153)."

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=int, required=True, help="How many synthetic councils in all.")
        parser.add_argument(
            "--workstreams", type=int, default=12, help="Workstreams per council (default 12)."
        )
        parser.add_argument(
            "--milestones", type=int, default=10, help="Milestones per workstream (default 10)."
        )

    def handle(self, *args, councils, workstreams, milestones, **options):
        if not 1 <= councils <= 799:
            raise CommandError("--councils must be between 1 and 799 (LA codes 200-998 are used).")
        created = generate_scale_data(councils=councils, workstreams=workstreams, milestones=milestones)
        self.stdout.write(self.style.SUCCESS(f"{created} synthetic councils created ({councils} in all)."))
