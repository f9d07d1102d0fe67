"""Imports as background jobs: a job row keeps the file, progress ("council 97 of 153"), the outcome in
words and the error; a failed job can be retried. Written against the django-tasks API (dfe.tasks)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from dfe.models import ImportJob, JobStatus
from dfe.readers.common import DfeFileError
from dfe.services import release_import

MAX_UPLOAD = 100 * 1024 * 1024  # the 2025 release zip is 4 MB; a national CSV tens of MB


class JobRefused(Exception):
    """The job cannot be started or retried; the message is for the person who asked."""


@transaction.atomic
def import_job_create(
    *, data: bytes, file_name: str, user: AbstractBaseUser, dry_run: bool = False
) -> ImportJob:
    if not data:
        raise JobRefused(f"{file_name} is empty")
    if len(data) > MAX_UPLOAD:
        raise JobRefused(f"{file_name} is larger than the {MAX_UPLOAD // 2**20} MB a DfE file may be")
    return ImportJob.objects.create(
        file_name=file_name[:255],
        data=data,
        dry_run=dry_run,
        created_by=user,
        created_at=timezone.now(),
        message="Waiting for a worker",
    )


def import_job_enqueue(*, job: ImportJob) -> ImportJob:
    from dfe.tasks import import_release  # the task module imports this one

    result = import_release.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def _progress(job_id: int):
    def report(done: int, total: int, message: str) -> None:
        ImportJob.objects.filter(pk=job_id).update(done=done, total=total, message=message[:255])

    return report


def import_job_run(*, job_id: int) -> ImportJob:
    """Run one job: never raises for a bad file (the job says what failed); a crash is recorded too."""
    started = ImportJob.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED]).update(
        status=JobStatus.RUNNING, message="Reading the file", error=""
    )
    job = ImportJob.objects.get(pk=job_id)
    if not started:
        return job  # already run, or running elsewhere
    job.attempts += 1
    ImportJob.objects.filter(pk=job_id).update(attempts=job.attempts)
    try:
        report = release_import(
            data=bytes(job.data),
            file_name=job.file_name,
            user=job.created_by,
            dry_run=job.dry_run,
            progress=_progress(job_id),
        )
    except DfeFileError as error:
        outcome = {"status": JobStatus.FAILED, "error": str(error), "message": "The file was refused"}
    except Exception as error:  # noqa: BLE001 — a job page must say it failed, whatever the cause
        outcome = {
            "status": JobStatus.FAILED,
            "error": f"The import stopped unexpectedly ({type(error).__name__}); nothing was saved. "
            "Retry it, "
            "and if it fails again send the file to the support team.",
            "message": "Stopped unexpectedly",
        }
    else:
        outcome = {
            "status": JobStatus.SUCCEEDED,
            "report": report.text(),
            "message": report.summary,
            "release_id": report.release_id,
            "data": b"",  # the file is kept only while a retry may need it
        }
    ImportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **outcome)
    job.refresh_from_db()
    return job


@transaction.atomic
def import_job_retry(*, job: ImportJob, user: AbstractBaseUser) -> ImportJob:
    """Queue a failed job again (same file); the page then follows the new attempt."""
    if not ImportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, message="Waiting for a worker", done=0, total=0, finished_at=None, task_id=""
    ):
        raise JobRefused("Only a failed import can be retried")
    job.refresh_from_db()
    return job
