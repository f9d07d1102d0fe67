from django.core.management.base import BaseCommand

from spreadsheets.exports.tracker import TrackerExport
from spreadsheets.management.commands._export import council_and_plan, write
from spreadsheets.writer import to_workbook


class Command(BaseCommand):
    help = "Write a council's recovery plan tracker (seed 002 layout, milestones, updates) to an .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--out", required=True, help="The .xlsx file to write.")

    def handle(self, *args, slug, out, **options):
        council, plan = council_and_plan(slug)
        path = write(out, to_workbook(TrackerExport(council=council, plan=plan)))
        self.stdout.write(f"Wrote {council.name}'s tracker to {path}")
