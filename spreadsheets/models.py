"""An uploaded tracker waiting for its council admin to confirm the preview.

App servers keep no state of their own, so the file waits in the database (shared by every server) between
the preview and the confirmation, not in memory or on one server's disk. It is removed once applied, and
after a day.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from recovery.models import Council

KEEP_FOR = timedelta(days=1)


def expiry_cutoff():
    """Uploads older than this have expired."""
    return timezone.now() - KEEP_FOR


class PendingImport(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.filename} for {self.council}"

    @property
    def has_expired(self) -> bool:
        return self.uploaded_at < expiry_cutoff()
