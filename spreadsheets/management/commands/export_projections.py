from django.core.management.base import BaseCommand, CommandError

from projections.models import Forecast
from spreadsheets.exports.projections import ProjectionsExport
from spreadsheets.management.commands._export import council_and_plan, write
from spreadsheets.writer import to_workbook


class Command(BaseCommand):
    help = "Write a forecast (the current one unless --forecast) as a workbook of live formulas to .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--out", required=True, help="The .xlsx file to write.")
        parser.add_argument("--forecast", type=int, help="A forecast id of this council (default: current).")

    def handle(self, *args, slug, out, forecast=None, **options):
        council, plan = council_and_plan(slug)
        forecasts = Forecast.objects.filter(plan__council=council).select_related("plan__council", "inputs")
        chosen = (
            forecasts.filter(pk=forecast).first() if forecast else forecasts.filter(is_current=True).first()
        )
        if chosen is None:
            raise CommandError(
                f"{council.name} has no forecast {forecast}"
                if forecast
                else f"{council.name} has no current forecast"
            )
        path = write(out, to_workbook(ProjectionsExport(forecast=chosen)))
        self.stdout.write(f"Wrote “{chosen.name}” to {path}")
