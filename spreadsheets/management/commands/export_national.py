from django.core.management.base import BaseCommand

from spreadsheets.exports.national import NationalExport
from spreadsheets.management.commands._export import write
from spreadsheets.writer import to_workbook


class Command(BaseCommand):
    help = (
        "Write every council's plan, milestones and current forecast to one .xlsx (write-only: flat memory)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The .xlsx file to write.")

    def handle(self, *args, out, **options):
        path = write(out, to_workbook(NationalExport(), write_only=True))
        self.stdout.write(f"Wrote the national overview to {path}")
