from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BACKUP_DIR, BackupError, backup


class Command(BaseCommand):
    help = "Back up the database DATABASE_URL names (SQLite or PostgreSQL) to a file under backups/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(BACKUP_DIR), help="Folder for the backup (default backups/)."
        )

    def handle(self, *args, dir, **options):
        try:
            path = backup(Path(dir))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(path))
