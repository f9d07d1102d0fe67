"""import_dfe <file or release zip> [--dry-run]: any DfE file family, for all councils (staff)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dfe.readers.common import DfeFileError
from dfe.services import release_import

MAX_BYTES = 100 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import a DfE file: the EHC plans release zip or one of its tables, DSG allocations (.ods/.xlsx), "
        "s251 outturn or budget, statistical neighbours, the LA list (la_codes.csv, first) or ONS population."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing.")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path.name}: larger than {MAX_BYTES // 2**20} MB; this is not a DfE file")

        def progress(done: int, total: int, message: str) -> None:
            if options.get("verbosity", 1) > 1:
                self.stdout.write(message)

        try:
            report = release_import(
                data=path.read_bytes(), file_name=path.name, user=None, dry_run=dry_run, progress=progress
            )
        except DfeFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.text())
