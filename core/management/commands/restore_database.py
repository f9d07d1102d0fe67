from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents (DATABASE_URL) with a backup written by backup_database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            restore(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file}")
