from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators.sen2 import Sen2Refused, read_sen2
from indicators.services import IndicatorInputError, sen2_import
from recovery.models import Council
from recovery.selectors import plan_for_council


class Command(BaseCommand):
    help = (
        "Load a council's EHC plan caseload (total, mainstream, special, other: number and share per January "
        "census) from the DfE SEN2 file sen2_estab_caseload.csv into its plan's indicators. Only the "
        "council's own rows are read; nothing is written if anything is wrong; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; write nothing.")
        parser.add_argument(
            "--user", default="", help="Whose name the changes are recorded under (optional)."
        )

    def handle(self, *args, slug, file, dry_run=False, user="", **options):
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            raise CommandError(f"No council {slug!r}")
        plan = plan_for_council(council=council)
        if plan is None:
            raise CommandError(f"{council.name} has no recovery plan to hold the indicators")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user {user!r} to record the changes under")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}")
        try:
            extract = read_sen2(
                path.read_bytes(),
                la_code=council.la_code,
                gss_code=council.gss_code,
                council_name=council.name,
            )
            result = sen2_import(plan=plan, user=author, extract=extract, dry_run=dry_run)
        except (Sen2Refused, IndicatorInputError) as error:
            raise CommandError(f"{path.name}: {error}. Nothing was imported.") from None
        self.stdout.write(
            f"{path.name}: {extract.rows_read} row(s) for {extract.la_name}, "
            f"{len(extract.years)} census year(s); "
            f"{extract.other_rows_ignored} row(s) of other areas ignored."
        )
        for name in result.indicators_created:
            self.stdout.write(f"New indicator: {name}")
        for line in result.values_created:
            self.stdout.write(f"Add {line}")
        for line in result.values_changed:
            self.stdout.write(f"Change {line}")
        verb = "Would make" if dry_run else "Made"
        self.stdout.write(f"{verb} {result.changes} change(s); {result.unchanged} figure(s) already matched.")
