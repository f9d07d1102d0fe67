from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents (DATABASE_URL) with a backup written by backup_database."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even when the backup was taken at other migrations than the database's.",
        )

    def handle(self, *args, file, force, **options):
        try:
            differences = restore(Path(file), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if differences:
            self.stderr.write(f"Warning: the backup's migrations differ from the database's ({differences})")
        self.stdout.write(f"Restored {file}")
