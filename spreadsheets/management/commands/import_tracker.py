from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from recovery.models import Council
from spreadsheets.importer import ImportRefused, import_file


class Command(BaseCommand):
    help = (
        "Import a council's recovery plan tracker (.xlsx, seed 002 layout) into its active plan (created "
        "if it has none). Every problem is listed with its sheet and cell; nothing is written if any."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; write nothing.")
        parser.add_argument("--user", default="admin", help="Whose name the changes are recorded under.")

    def handle(self, *args, slug, file, dry_run=False, user="admin", **options):
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            raise CommandError(f"No council {slug!r}")
        author = get_user_model().objects.filter(username=user).first()
        if author is None:
            raise CommandError(f"No user {user!r} to record the changes under (use --user)")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}")
        try:
            result = import_file(
                council=council, user=author, name=path.name, data=path.read_bytes(), apply=not dry_run
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        problems = result.all_problems
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s): nothing was imported")
        for change in result.changes:
            self.stdout.write(change)
        verb = "Would make" if dry_run else "Made"
        self.stdout.write(
            f"{verb} {len(result.changes)} change(s); "
            f"{result.unchanged} milestone(s) already matched the file."
        )
